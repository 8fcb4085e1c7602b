"""Old links keep working: every old address of a page leads to it.

Declared in three places: `redirect_from:` in a content file's front matter, the data file
`content/data/redirects.yml` (bulk mappings, e.g. from the old site's list of addresses), and
`joomla_id:` (the article's number on the old Joomla site). An old address in Russian or Tajik
leads to the page in that language where there is one.

A declared Joomla article address (`/index.php/<lang>/<menu path>/<id>-<alias>`, or without
index.php) also stands for its other forms that any host can match exactly: with and without
index.php, in each of en/ru/tg. Each old path (with or without its trailing slash) gets an HTML
page (an immediate refresh, a canonical link, a visible link in the page's language, `noindex`:
kept out of the sitemap, the feeds and the search index; `invoke deploy` gives it S3's
website-redirect metadata) and a `_redirects` line valid for both Netlify and Cloudflare Pages.
What only pattern or query matching can do (another menu path or alias, `joomla_id:`'s forms,
`index.php?option=com_content…&id=`) is in `_redirects.nginx`, the nginx map the configuration
`invoke deploy --nginx` prints reads. Problems (a redirect to nothing, an old address that is a
live page, two targets, loops) are content errors (check.py); chains are collapsed to one hop.
"""

import logging
import re
from pathlib import Path
from urllib.parse import unquote

from pelican import signals
from pelican.generators import Generator

from ..incremental import api as incremental
from .rules import (
    CLOUDFLARE_LINE_LENGTH,
    CLOUDFLARE_STATIC_REDIRECTS,
    JOOMLA_LANGS,
    Redirect,
    data_file_redirects,
    encoded,
    joomla_forms,
    joomla_patterns,
    normal,
    old_addresses,
    redirects_file,
    resolve,
)

log = logging.getLogger(__name__)
notice = logging.getLogger("site.notice.redirects")  # advisory: printed, never fails a build
LANGUAGE_SEGMENT = re.compile(rf"^/(?:index\.php/)?({'|'.join(JOOMLA_LANGS)})(?:/|$)")
_state: dict = {"items": {}, "redirects": {}, "joomla": [], "live": set()}


def relative(item) -> str:
    """The item's file inside content/ (Pelican's own relative path: no disk access)."""
    return Path(item.relative_source_path).as_posix()


def collect(generators):
    """Once every item is read and linked: the table of old addresses."""
    items = {}
    settings = None
    for generator in generators:
        settings = generator.settings
        for name in ("articles", "translations", "pages", "hidden_pages"):
            for item in getattr(generator, name, []) or []:
                items[relative(item)] = item
    if settings is None:
        return
    declared = []
    joomla = []
    for rel, item in items.items():
        for old in old_addresses(item.metadata.get("redirect_from")):
            declared.append(Redirect(normal(old), rel, f"content/{rel}:1"))
        if item.metadata.get("joomla_id") and item.in_default_lang:
            joomla.append((str(item.metadata["joomla_id"]).strip(), rel))
    name = redirects_file(settings)
    from_file, _problems = data_file_redirects(
        Path(settings["PATH"]) / name, f"content/{name}"
    )  # checked before
    live = {"/" + item.url for item in items.values()}
    urls = live | {"/"}

    def exists(target: str) -> bool:
        return target in items or normal(target) + "/" in urls or target in urls

    table, problems = resolve(declared + from_file, exists, live)
    for file, line, problem, fix in problems:  # the content check reports these first
        log.error("%s:%d: %s — %s", file, line, problem, fix)
    _state.update(items=items, redirects=table, joomla=joomla, live=urls)


def target_url(target: str, old: str) -> tuple[str, object]:
    """The address an old one leads to, in the old address's language where there is one."""
    item = _state["items"].get(target)
    if item is None:
        return "/" + target.strip("/") + ("/" if target.strip("/") else ""), None
    match = LANGUAGE_SEGMENT.match(old)
    if match and match.group(1) != item.lang:
        item = next((t for t in getattr(item, "translations", []) if t.lang == match.group(1)), item)
    return "/" + item.url, item


def exact_redirects() -> list[tuple[str, str, object]]:
    """(old path, new address, item) for every old address a host can match exactly: each
    declared one and, for a Joomla article's address, its other forms. A form declared on its
    own, or that is a page of the site, keeps its own meaning."""
    table = _state["redirects"]
    chosen = {old: target for old, target in table.items() if "?" not in old}
    for old in sorted(chosen):
        for form, _ in joomla_forms(old):
            if form not in chosen and form + "/" not in _state["live"]:
                chosen[form] = table[old]
    return [(old, *target_url(target, old)) for old, target in sorted(chosen.items())]


def pattern_redirects() -> list[str]:
    """The nginx map's regular expressions: old addresses with a query string, and every form
    of each `joomla_id:` (any menu path or alias; the language picks the translation)."""
    found = []  # (pattern, address)
    for old, target in sorted(_state["redirects"].items()):
        path, _, query = old.partition("?")
        if query:  # only a server that matches query strings can tell these apart
            found.append((f"^{re.escape(encoded(path) + '?' + query)}(?:&|$)", target_url(target, old)[0]))
    for joomla_id, rel in _state["joomla"]:
        for pattern, lang in joomla_patterns(joomla_id):
            found.append((pattern, target_url(rel, f"/{lang}/" if lang else "/")[0]))
    return [f'    "~{pattern}" "{url}";' for pattern, url in found]


def warn_about_limits(lines: list[str]) -> None:
    """Cloudflare Pages reads only so much of _redirects: say so before it silently drops rules."""
    if len(lines) > CLOUDFLARE_STATIC_REDIRECTS:
        notice.warning(
            "_redirects has %d redirects; Cloudflare Pages reads only the first %d (Netlify and "
            "nginx read them all).",
            len(lines),
            CLOUDFLARE_STATIC_REDIRECTS,
        )
    for line in lines:
        if len(line) > CLOUDFLARE_LINE_LENGTH:
            notice.warning("_redirects: Cloudflare Pages ignores this line, longer than %d characters: %s",
                           CLOUDFLARE_LINE_LENGTH, line)  # fmt: skip


class RedirectsGenerator(Generator):
    def generate_context(self):
        pass

    def generate_output(self, writer):
        template = self.get_template("redirect")
        lines, exact = [], []
        for old, url, item in exact_redirects():
            for path in (encoded(old), encoded(old) + "/"):  # hosts match exactly: both forms
                lines.append(f"{path} {url} 301")
                exact.append(f'    "{path}" "{url}";')
            writer.write_file(
                f"{unquote(old).lstrip('/')}/index.html",
                template,
                self.context,
                relative_urls=False,
                redirect_target=url,
                redirect_item=item,
                page_lang=item.lang if item is not None else self.settings["DEFAULT_LANG"],
                page_url=unquote(old).lstrip("/") + "/",
            )
        warn_about_limits(lines)
        output = Path(self.output_path)
        output.mkdir(parents=True, exist_ok=True)  # a rebuild that reuses every page makes no folder
        (output / "_redirects").write_text(
            "# Old addresses (plugins/redirects), for Netlify and Cloudflare Pages: from, to, status.\n"
            + "".join(f"{line}\n" for line in lines),
            encoding="utf-8",
        )
        (output / "_redirects.nginx").write_text(
            "# Old addresses (plugins/redirects): the body of the nginx map that the configuration\n"
            "# printed by `python -m iomsite.tools.deploy --nginx` reads (exact paths, then patterns).\n"
            + "".join(f"{line}\n" for line in exact + pattern_redirects()),
            encoding="utf-8",
        )


def get_generators(pelican):
    return RedirectsGenerator


def data_files(settings) -> list:
    """What the redirect pages are made from besides the content (for the incremental layer)."""
    return [Path(settings["PATH"]) / redirects_file(settings)]


def register():
    incremental.depends_on_files(data_files)
    signals.all_generators_finalized.connect(collect)
    signals.get_generators.connect(get_generators)
