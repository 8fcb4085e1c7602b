"""A Pelican writer that reuses the previous build's pages when nothing they depend on changed.

Every page is rendered from (1) the whole site's state — settings and everything plugins put
in the template context, theme, plugins, translations, data files, today's date, and every
content item's fields except its body — (2) its own arguments (the article, the list of
articles of a paginated listing...) and (3) the bodies of the content items it shows, which
are recorded while it renders (tracing.py). A page whose (1), (2) and (3) are the same as in the
previous build is hard-linked from the previous output instead of being rendered; any other
page is rendered. So after editing one article's text, only its page and the pages showing its
text or summary are rendered again; after a change to a title, a date, the theme or a
translation, every page is (a title can appear anywhere).

The state is kept in the output folder itself (`.build-state.json`), so it always describes
the files beside it; tools/build.py builds into a fresh folder and swaps it in, so a failed
build changes neither. With `INCREMENTAL_SPARSE_OUTPUT` (a file name), a reused file is neither
linked nor written but listed in that file: the fresh folder holds only what changed, and
tools/build.py moves it into the previous output and deletes what neither holds.
"""

import hashlib
import json
import logging
import os
from collections import ChainMap
from importlib.metadata import version
from pathlib import Path

from pelican import signals
from pelican.contents import Content
from pelican.paginator import Paginator
from pelican.utils import get_relative_path, path_to_url, sanitised_join
from pelican.writers import FileOverwriteFailedError, Writer

from iomsite.core.declarations import body_attributes, declared_files, declared_values
from iomsite.core.memory import give_back_free_memory

from . import effects as side_effects
from .api import STATE_FILE, rendering_started
from .fingerprint import (
    Unstable,
    call_digest,
    content_fields,
    content_ref,
    digest,
    digest_many,
    fields_digest,
    files_digest,
)
from .parallel import (
    MIN_JOBS_PER_PROCESS,
    Background,
    Job,
    RenderError,
    render_all,
    shares_of,
    worker_count,
)

log = logging.getLogger(__name__)
pelican_writer_log = logging.getLogger("pelican.writers")

STATE_VERSION = 2
# Context entries that differ between two builds of the same site without changing any page.
VOLATILE_KEYS = {
    "OUTPUT_PATH",
    "INCREMENTAL_PREVIOUS_OUTPUT",
    "INCREMENTAL_SPARSE_OUTPUT",
    "localsiteurl",
    "output_file",
    "CONTENT_CHECK_AT_START",
    "LOAD_MARKDOWN_CACHE",
}

# Libraries whose upgrade can change a page without any change of ours.
LIBRARIES = ("pelican", "jinja2", "markdown", "babel", "markupsafe")

current = None  # the writer of the running build, for the plugin's `finalized` hook


class _DeferredTemplate:
    """Stands in for the template of a page to render: keeps the job for flush(). (A page of a
    listing that can be reused is kept or linked by _write_one instead, and not queued.)"""

    def __init__(self, template, call, jobs, site_context, snapshot):
        self.name = template.name
        self.template, self.call, self.jobs = template, call, jobs
        self.site_context, self.snapshot = site_context, snapshot

    def render(self, context):
        self.jobs.append(Job(self.template, self.snapshot.compact(context, self.site_context), self.call))
        return ""


_MISSING = object()


class SiteSnapshot:
    """The contexts of pages waiting to be rendered, as each page's own values over a snapshot
    of the site's context that the pages share while the site's context does not change.
    Pelican gives each page a full copy (about 180 entries); thousands of pages wait for
    rendering together, and those copies were a fifth of a full build's memory at 9,000
    articles. A page sees exactly what the copy held (a snapshot is a shallow copy too)."""

    def __init__(self):
        self.values: dict | None = None

    def compact(self, page_context: dict, site_context: dict):
        values = self.values
        if (
            values is None
            or len(values) != len(site_context)
            or any(values.get(key, _MISSING) is not value for key, value in site_context.items())
        ):
            values = self.values = dict(site_context)
        own = {key: value for key, value in page_context.items() if values.get(key, _MISSING) is not value}
        if len(page_context) - len(own) != len(values):
            return page_context  # the snapshot holds a key the page's context does not
        return ChainMap(own, values)


class ReusingWriter(Writer):
    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        global current
        current = self
        self.previous_root = settings.get("INCREMENTAL_PREVIOUS_OUTPUT")
        self.previous = self._load_previous()
        # Reused files stay in the previous output (tools/build.py applies the changes there).
        self.sparse = self.previous_root and settings.get("INCREMENTAL_SPARSE_OUTPUT")
        self.kept_files: list = []
        self.pages: dict = {}
        self.rendered = 0
        self.reused = 0
        self.files_rendered = 0
        self._linking: dict | None = None
        self._jobs: list = []
        self._snapshot = SiteSnapshot()  # the site's context as the waiting pages see it
        self._calls: list = []
        self._background: list = []
        self._flushed = False
        self._bodies: dict = {}
        self.site_key = None
        self.items: dict = {}
        self._folders: set = set()
        self._prefix = os.path.abspath(output_path) + os.sep

    # --- state of the previous build ---------------------------------------------------------
    def _load_previous(self) -> dict:
        if not self.previous_root:
            return {}
        try:
            state = json.loads((Path(self.previous_root) / STATE_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if state.get("version") != STATE_VERSION:
            return {}
        return state

    def site_fingerprint(self, context) -> str | None:
        """(1) above, computed once, when the first page is written (all content is read and
        every plugin has finished its preparation by then)."""
        items = self.items
        try:
            parts = [digest({k: v for k, v in context.items() if k not in VOLATILE_KEYS})]
            parts += [f"{ref}={fields_digest(content_fields(items[ref]))}" for ref in sorted(items)]
            if os.environ.get("INCREMENTAL_DEBUG"):
                self._dump_fingerprint(context, Path(os.environ["INCREMENTAL_DEBUG"]))
        except Unstable as exc:
            log.debug("incremental: every page is rendered (%s)", exc)
            return None
        # The code of every plugin and the theme; the files and values plugins declared
        # (api.depends_on_files, api.depends_on_value: catalogues, data files, the clock).
        code = files_digest(
            Path(__file__).resolve().parent.parent,
            Path(self.settings["THEME"]),
            *declared_files(self.settings),
        )
        libraries = [f"{name}={version(name)}" for name in LIBRARIES]
        return digest_many([str(STATE_VERSION), code, f"values={declared_values()}"] + libraries + parts)

    def _dump_fingerprint(self, context, target: Path) -> None:
        """INCREMENTAL_DEBUG=file: every part of the site's fingerprint, to compare two builds
        that should have reused pages and did not."""
        target.write_text(
            json.dumps(
                {
                    **{k: digest(v) for k, v in context.items() if k not in VOLATILE_KEYS},
                    **{
                        ref: {k: digest(v) for k, v in content_fields(item).items()}
                        for ref, item in self.items.items()
                    },
                    "order": [content_ref(a) for a in context.get("articles", [])],
                },
                indent=1,
                sort_keys=True,
            )
        )

    def _ensure_site_key(self, context) -> None:
        if self.site_key is None:
            self.items = site_items(context)
            self.site_key = self.site_fingerprint(context) or ""

    def body_hash(self, ref: str, item) -> str:
        """The item's text, with the attributes plugins declared shown with it."""
        if ref not in self._bodies:
            body = getattr(item, "_content", None)
            if type(body) is str:  # the usual case, hashed directly (every item, every build)
                found = hashlib.blake2b(body.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
            else:
                found = digest(body)
            extra = {name: vars(item)[name] for name in sorted(body_attributes()) if name in vars(item)}
            self._bodies[ref] = digest_many([found, digest(extra)]) if extra else found
        return self._bodies[ref]

    def _reusable(self, name: str, key: str) -> dict | None:
        """The files of the previous build's call that can be linked: {file relative to the
        output: path in the previous output}, or None if the call itself changed. A file is
        reused if the bodies it showed are the same and it is as it was written; so after an
        edit, a paginated listing renders only its pages that show the edited article."""
        old = self.previous.get("pages", {}).get(name)
        if not old or old["key"] != key:
            return None
        linked = {}
        for relative, record in old["files"].items():
            if self._file_reusable(relative, record):
                linked[relative] = os.path.join(self.previous_root, relative)
        return linked

    def _file_reusable(self, relative: str, record) -> bool:
        for ref, body in record["bodies"].items():
            item = self.items.get(ref)
            if item is None or self.body_hash(ref, item) != body:
                return False
        size, mtime = record["stat"]
        try:
            stat = os.stat(os.path.join(self.previous_root, relative))
        except OSError:
            return False
        if stat.st_size != size or stat.st_mtime_ns != mtime:
            return False  # changed since (by hand?): render it again
        return side_effects.replay(record["effects"])

    # --- writing -------------------------------------------------------------------------------
    def write_file(
        self,
        name,
        template,
        context,
        relative_urls=False,
        paginated=None,
        template_name=None,
        override_output=False,
        url=None,
        **kwargs,
    ):
        if not name:
            return super().write_file(
                name,
                template,
                context,
                relative_urls,
                paginated,
                template_name,
                override_output,
                url,
                **kwargs,
            )
        self._ensure_site_key(context)
        key = None
        if self.site_key:
            try:
                key = call_digest(
                    [
                        self.site_key,
                        name,
                        template.name,
                        relative_urls,
                        paginated,
                        template_name,
                        override_output,
                        url,
                        kwargs,
                    ]
                )
            except Unstable as exc:
                log.debug("incremental: %s is rendered (%s)", name, exc)
        linked = self._reusable(name, key) if key else None
        old = self.previous["pages"][name] if linked is not None else None
        if linked is not None and old["files"] and len(linked) == len(old["files"]):
            self._linking = linked
            try:
                self._write_files(
                    name, None, context, relative_urls, paginated, template_name, override_output, url, kwargs
                )
            finally:
                self._linking = None
            self.pages[name] = old  # reused: the same file, size and time
            self.reused += 1
            return
        # Everything but the rendering happens now; the pages are rendered together, on every
        # core, by flush() (parallel.py). Pages of a listing that did not change are linked.
        call = {
            "name": name,
            "key": key,
            "rendered": {},
            "linked": {relative: old["files"][relative] for relative in linked or {}},
        }
        self._linking = linked or None
        try:
            self._write_files(
                name,
                _DeferredTemplate(template, call, self._jobs, context, self._snapshot),
                context,
                relative_urls,
                paginated,
                template_name,
                override_output,
                url,
                kwargs,
            )
        finally:
            self._linking = None
        self._calls.append(call)
        self.rendered += 1
        if self._flushed:  # a page written after the others (by a `finalized` handler)
            self.flush()

    def _write_files(
        self, name, template, context, relative_urls, paginated, template_name, override, url, kwargs
    ) -> None:
        """Pelican's write_file (Pelican 4.12, writers.py) without rendering: the same
        paginators, local contexts, bookkeeping and `content_written` signals. Each file is
        kept or linked from the previous build (`self._linking`), or, with `template` (a
        _DeferredTemplate), queued for flush(), which renders it and makes its folder. Pelican's
        own path makes a folder and an empty file for every page, one after the other in this
        process, and costs several times more per reused page: in a full build at 3,000
        articles on a busy disk, 1.8 s of the 2.5 s spent preparing the article pages."""
        if paginated is None:
            paginated = {k: v for k, v in kwargs.items() if k in {"articles", "dates"}}
        if not (paginated and template_name in self.settings["PAGINATED_TEMPLATES"]):
            self._write_one(name, template, context, relative_urls, override, kwargs)
            return
        per_page = self.settings["PAGINATED_TEMPLATES"][template_name] or self.settings["DEFAULT_PAGINATION"]
        paginators = {
            key: Paginator(name, url, value, self.settings, per_page) for key, value in paginated.items()
        }
        for number in range(next(iter(paginators.values())).num_pages):
            page_kwargs = kwargs.copy()
            for key, paginator in paginators.items():
                page = paginator.page(number + 1)
                page_kwargs.update(
                    {
                        f"{key}_paginator": paginator,
                        f"{key}_page": page,
                        f"{key}_previous_page": paginator.page(number) if number > 0 else None,
                        f"{key}_next_page": paginator.page(number + 2)
                        if number + 1 < paginator.num_pages
                        else None,
                    }
                )
            self._write_one(page.save_as, template, context, relative_urls, override, page_kwargs)

    def _write_one(self, name, template, context, relative_urls, override, kwargs) -> None:
        """One file of `_write_files`: Pelican's _write_file and _get_localcontext."""
        localcontext = context.copy()
        localcontext["localsiteurl"] = localcontext.get("localsiteurl", None)
        if relative_urls:
            relative_url = path_to_url(get_relative_path(name))
            localcontext["SITEURL"] = relative_url
            localcontext["localsiteurl"] = relative_url
        localcontext["output_file"] = name
        localcontext.update(kwargs)
        if localcontext["localsiteurl"]:
            context["localsiteurl"] = localcontext["localsiteurl"]
        path = sanitised_join(self.output_path, name)
        relative = self._relative(path)
        if self._linking is not None and relative in self._linking:
            self._keep(path, relative, override)
        elif template is None:
            raise RuntimeError(
                f"incremental: {relative} was to be reused, but the previous build did not write it"
            )
        else:
            template.render(localcontext)  # queued: the job is the last one
            claimed = self._claim(path, override)
            if claimed != os.devnull:
                self._jobs[-1].path = claimed
        pelican_writer_log.info('Writing "%s"', path)
        signals.content_written.send(path, context=localcontext)

    def _keep(self, path: str, relative: str, override: bool) -> None:
        """The same call as in the previous build, which wrote this file: Pelican's checks
        against writing a file twice passed then; keep its bookkeeping, and the file."""
        self._written_files.add(path)
        if override:
            self._overridden_files.add(path)
        if self.sparse:
            self.kept_files.append(relative)
            return
        folder = os.path.dirname(path)
        if folder not in self._folders:
            os.makedirs(folder, exist_ok=True)
            self._folders.add(folder)
        os.link(self._linking[relative], path)

    def _claim(self, path: str, override: bool) -> str:
        """Pelican's checks and bookkeeping of _open_w (4.12) for a file rendered later: the
        path to write, or os.devnull for a file an earlier call overrode."""
        if path in self._overridden_files:
            if override:
                raise FileOverwriteFailedError(
                    f'Failed to overwrite "{path}" a second time (was previously overwritten)'
                )
            pelican_writer_log.info('Skipping "%s", not overwriting', path)
            path = os.devnull
        elif path in self._written_files:
            if override:
                pelican_writer_log.info('Overwriting "%s"', path)
            else:
                raise FileOverwriteFailedError(
                    f'Failed to overwrite "{path}" as Pelican has already written to it previously '
                    "(set `override=True` if intended)"
                )
        if override:
            self._overridden_files.add(path)
        self._written_files.add(path)
        return path

    def render_in_background(self) -> None:
        """Start rendering the pages queued so far in other processes (the article pages, once
        the articles generator is done), while the build goes on with listings and feeds."""
        jobs = [job for job in self._jobs if job.path]
        # A few pages (a rebuild after an edit) are rendered here with the others: forking a
        # process that holds the whole site costs more than rendering them.
        if len(jobs) >= MIN_JOBS_PER_PROCESS and worker_count(self.settings) > 1:
            if len(jobs) * 2 >= len(self.items):
                summaries_once(self.items.values())
            give_back_free_memory()  # what reading freed: every forked renderer would hold it too
            background = Background(jobs, worker_count(self.settings))
            rendering_started.send(len(jobs), processes=len(background.children), background=True)
            self._background.append(background)
            self._jobs = []

    def flush(self) -> None:
        """Render the pages queued by write_file, and record them for the next build."""
        jobs = [job for job in self._jobs if job.path]
        if jobs or self._background:
            # This process and those it forks for `jobs`, and those still rendering in the background.
            processes = len(shares_of(jobs, worker_count(self.settings))) if jobs else 0
            rendering_started.send(
                len(jobs) + sum(len(b.jobs) for b in self._background),
                processes=processes + sum(len(b.children) for b in self._background),
                background=False,
            )
        failure = None
        try:
            results = render_all(jobs, worker_count(self.settings)) if jobs else []
        except RenderError as exc:
            failure, results = exc, []
        for background in self._background:  # always waited for, even after a failure
            try:
                background_results = background.results()
            except RenderError as exc:
                failure = failure or exc
                continue
            jobs += background.jobs
            results += background_results
        self._background.clear()
        if failure is not None:
            raise failure
        self.files_rendered += len(jobs)
        for job, notes in zip(jobs, results):
            job.call["rendered"][self._relative(job.path)] = notes
        for call in self._calls:
            files, followed = dict(call["linked"]), bool(call["key"])
            for relative, notes in call["rendered"].items():
                effects = [n for n in notes if n[0] != "body"]
                side_effects.replay(effects)  # effects of pages rendered in other processes
                shown = {value for kind, value in notes if kind == "body"}
                if not shown <= self.items.keys():
                    followed = False  # a body we cannot follow: render it every time
                    continue
                files[relative] = self._file_record(relative, shown, effects)
            if followed:
                self.pages[call["name"]] = {"key": call["key"], "files": files}
        self._jobs.clear()
        self._calls.clear()
        self._flushed = True

    def reuse_or_make(self, name: str, context, inputs, shows, make) -> None:
        """For plugins that write files themselves (feeds, e-mail editions): `make()` writes
        them and returns their paths relative to the output. It is called only if `inputs`
        (any value that can be fingerprinted), the site's state, or the body of an item in
        `shows` or of one `make()` read (`item.content`, traced as for pages) changed since
        the previous build; otherwise the previous files are reused."""
        self._ensure_site_key(context)
        key = None
        refs = [content_ref(item) for item in shows]
        if self.site_key and set(refs) <= self.items.keys():
            try:
                key = digest([self.site_key, name, inputs])
            except Unstable as exc:
                log.debug("incremental: %s is made again (%s)", name, exc)
        linked = self._reusable(name, key) if key else None
        if linked and len(linked) == len(self.previous["pages"][name]["files"]):
            if self.sparse:
                self.kept_files += linked
            else:
                for relative, source in linked.items():
                    target = Path(self.output_path) / relative
                    target.parent.mkdir(parents=True, exist_ok=True)
                    os.link(source, target)
            self.pages[name] = self.previous["pages"][name]  # the same files, sizes and times
            return
        with side_effects.capture() as notes:
            written = make()
        shown = set(refs) | {value for kind, value in notes if kind == "body"}
        if key and shown <= self.items.keys():
            effects = [note for note in notes if note[0] != "body"]
            self.pages[name] = {
                "key": key,
                "files": {relative: self._file_record(relative, shown, effects) for relative in written},
            }

    def _relative(self, filename: str) -> str:
        if filename.startswith(self._prefix):
            return filename[len(self._prefix) :].replace(os.sep, "/")
        return os.path.relpath(filename, self.output_path).replace(os.sep, "/")

    def _file_record(self, relative: str, shown: set, effects: list) -> dict:
        """What the next build needs to know to reuse a written file (called once it is
        closed): its size and time, the bodies it shows and the effects to replay."""
        stat = os.stat(os.path.join(self.output_path, relative))
        return {
            "stat": [stat.st_size, stat.st_mtime_ns],
            "effects": effects,
            "bodies": {ref: self.body_hash(ref, self.items[ref]) for ref in sorted(shown)},
        }

    def save_state(self) -> None:
        if not self.site_key:
            return
        # Written a page's records at a time: the whole state as one string, with its pieces
        # while they were joined, raised the build's peak memory.
        with open(Path(self.output_path) / STATE_FILE, "w", encoding="utf-8") as handle:
            handle.write(f'{{"version":{STATE_VERSION},"pages":{{')
            for number, (name, page) in enumerate(self.pages.items()):
                handle.write("," if number else "")
                handle.write(json.dumps(name) + ":" + json.dumps(page, separators=(",", ":")))
            handle.write("}}")
        if self.sparse:
            (Path(self.output_path) / self.sparse).write_text("\n".join(self.kept_files), encoding="utf-8")


def summaries_once(items) -> None:
    """Each item's automatic summary made here, before the processes that render pages are
    forked: they inherit it (Pelican's `get_summary` remembers it by item and site URL, which
    is the same on every page while RELATIVE_URLS is off) instead of each making it again
    for the lists it renders (a full build of 3,000 articles made each 2.7 times). Only when
    the article pages rendered in the background are at least half the items: a rebuild
    after an edit shows few summaries. A summary that fails is left to fail where a page
    shows it, with that page's message."""
    for item in items:
        try:
            _ = item.summary  # remembered by Pelican's get_summary
        except Exception:  # reported by the page that shows it
            pass


def site_items(context) -> dict:
    """Every content item the templates can reach: {reference: item}."""
    items = {}
    for value in context.values():
        if isinstance(value, (list, tuple)):
            for item in value:
                if isinstance(item, Content):
                    items[content_ref(item)] = item
    for item in list(items.values()):
        for translation in getattr(item, "translations", None) or []:
            items.setdefault(content_ref(translation), translation)
    return items
