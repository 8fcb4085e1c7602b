"""The edited page at once: after a save that changed only the text of an article or page (its
front matter as before), the preview serves that page re-rendered from the site the last
build left in memory, in a few tens of milliseconds, while the ordinary build runs behind it
(`tools/preview.py`). The build's page then replaces it, with the lists, feeds and
translations the edit reaches.

Why not re-render everything the edit reaches here: which pages a change of text reaches is
the incremental layer's knowledge (`plugins/incremental`), proven against clean builds by its
tests; a second account of it here would be a second thing to keep true. This module renders
only the one page whose content changed, the way Pelican's generators write it (the same
template, context and writer), with the object read afresh by the same readers and plugins,
and the attributes later steps gave the old object (translations, issue links and the like)
carried over. Anything else (a changed field, a new, renamed or deleted file, an image, a
template) is not quick: the preview waits for the build.

The preview checks each quick page against the build's page when the build is in
(`PreviewServer.quick_pages`, `quick_differed`), and the tests hold them equal.
"""

import contextlib
import copy
import logging
import os
import tempfile
from itertools import chain
from pathlib import Path

from iomsite.core.frontmatter import FENCE

log = logging.getLogger(__name__)


def front_matter_of(text: str) -> str:
    """The front matter block of a content file's text, fences included ("" without one)."""
    lines = text.splitlines(keepends=True)
    if not lines or not FENCE.match(lines[0]):
        return ""
    for number, line in enumerate(lines[1:], start=1):
        if FENCE.match(line):
            return "".join(lines[: number + 1])
    return text


class QuickPages:
    """The generators of a finished build, kept to render one edited page again."""

    def __init__(self, generators: list):
        from pelican.generators import ArticlesGenerator, PagesGenerator

        self.articles = next((g for g in generators if isinstance(g, ArticlesGenerator)), None)
        self.pages = next((g for g in generators if isinstance(g, PagesGenerator)), None)
        self.by_source: dict[str, tuple] = {}
        if self.articles is not None:
            a = self.articles
            for item in chain(a.translations, a.articles, a.hidden_translations, a.hidden_articles):
                self.by_source[os.path.realpath(item.source_path)] = (a, item)
        if self.pages is not None:
            p = self.pages
            for item in chain(p.translations, p.pages, p.hidden_translations, p.hidden_pages):
                self.by_source[os.path.realpath(item.source_path)] = (p, item)
        self.texts: dict[str, str] = {}

    def remember_texts(self) -> None:
        """Each item's text as built, read while the writer is still typing; and the content
        check's schema made (a third of a second the first time). A file saved again since
        the build read it (its bytes are not those the build saw: the incremental layer knows
        them) gets no quick page: the build's object is not of its text. So without that
        layer, none does."""
        try:
            from iomsite.plugins.incremental import api as incremental
        except ImportError:
            return
        for source, (_, item) in self.by_source.items():
            try:
                data = Path(source).read_bytes()
                if incremental.read_by_this_build(os.path.abspath(item.source_path), data):
                    self.texts[source] = data.decode("utf-8")
            except (OSError, UnicodeDecodeError):
                pass
        incremental.read_afresh()
        for source, (generator, _) in list(self.by_source.items())[:1]:
            with contextlib.suppress(Exception):
                self._problems(generator, source)

    def render(self, source: str) -> dict[str, bytes] | None:
        """{output path: bytes} of the page made from `source`, or None when the edit is not
        one this can render (the build will)."""
        source = os.path.realpath(source)
        known, before = self.by_source.get(source), self.texts.get(source)
        if known is None or before is None:
            return None
        try:
            text = Path(source).read_bytes().decode("utf-8")  # as remembered: line ends kept
        except (OSError, UnicodeDecodeError):
            return None
        if front_matter_of(text) != front_matter_of(before):
            return None
        generator, old = known
        try:
            if self._problems(generator, source):
                return None
            item = self._edited(generator, old, before)
            if item is None:
                return None
            return {item.save_as: self._write(generator, item)}
        except Exception:  # never worth failing the preview for: the build says what is wrong
            log.debug("no quick page for %s", source, exc_info=True)
            return None

    def _problems(self, generator, source: str) -> list:
        """What the content check finds in the file by itself: a page with a mistake (raw
        HTML, say) is never shown quick; the build's problems page follows."""
        from iomsite.plugins.content_types.check import check_one_file

        return [p for p in check_one_file(Path(source), generator.settings) if not p.advisory]

    def _edited(self, generator, old, before: str):
        """The old object with what the edit changed in it: the file read as it was and as
        it is, and each attribute (or key of a dict attribute) the two readings disagree on
        taken from the new one; the rest (what later steps gave the old object:
        translations, issue links) kept."""
        relative = os.path.relpath(old.source_path, generator.path)
        with tempfile.TemporaryDirectory(prefix="quick-page-") as folder:
            copy = Path(folder) / relative
            copy.parent.mkdir(parents=True)
            copy.write_bytes(before.encode("utf-8"))
            baseline = self._read(generator, folder, relative)
        with _logged() as records:
            new = self._read(generator, generator.path, relative)
        if records:
            return None
        if new.save_as != old.save_as or new.status != old.status:
            return None
        return merged(old, vars(baseline), vars(new))

    def _read(self, generator, base: str, relative: str):
        from pelican import signals
        from pelican.contents import Article, Page

        kind = "article" if generator is self.articles else "page"
        return generator.readers.read_file(
            base_path=base,
            path=relative,
            content_class=Article if kind == "article" else Page,
            context=generator.context,
            preread_signal=getattr(signals, f"{kind}_generator_preread"),
            preread_sender=generator,
            context_signal=getattr(signals, f"{kind}_generator_context"),
            context_sender=generator,
        )

    def _write(self, generator, item) -> bytes:
        from pelican import signals
        from pelican.writers import Writer

        # content_written's receivers (the sitemap's, the manifest's) note the build's files
        with tempfile.TemporaryDirectory(prefix="quick-page-") as folder, signals.content_written.muted():
            writer = Writer(folder, settings=generator.settings)
            extra = {"article": item, "category": getattr(item, "category", None), "blog": True}
            if generator is self.pages:
                extra = {"page": item}
            writer.write_file(
                item.save_as,
                generator.get_template(item.template),
                generator.context,
                relative_urls=generator.settings["RELATIVE_URLS"],
                override_output=hasattr(item, "override_save_as"),
                url=item.url,
                **extra,
            )
            return (Path(folder) / item.save_as).read_bytes()


class _Records(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.records: list = []

    def emit(self, record):
        self.records.append(record)


@contextlib.contextmanager
def _logged():
    """The warnings and errors logged meanwhile (any fails a build)."""
    handler = _Records()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield handler.records
    finally:
        root.removeHandler(handler)


MISSING = object()
SHARED = ("_context", "settings")  # the build's own, the same in every reading


def same(a, b) -> bool:
    try:
        return bool(a is b or a == b)
    except Exception:  # values that cannot be compared count as changed
        return False


def merged(old, before: dict, after: dict):
    """A copy of `old` (which the site's lists still hold) with what differs between the
    readings `before` and `after` (their attributes) taken from `after`."""
    result = copy.copy(old)
    for name in (set(before) | set(after)) - set(SHARED):
        was, now = before.get(name, MISSING), after.get(name, MISSING)
        if same(was, now):
            continue
        kept = vars(old).get(name)
        if isinstance(was, dict) and isinstance(now, dict) and isinstance(kept, dict):
            value = dict(kept)
            for key in set(was) | set(now):
                if not same(was.get(key, MISSING), now.get(key, MISSING)):
                    if key in now:
                        value[key] = now[key]
                    else:
                        value.pop(key, None)
            setattr(result, name, value)
        elif now is MISSING:
            vars(result).pop(name, None)
        else:
            setattr(result, name, now)
    return result
