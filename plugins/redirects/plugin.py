"""Old links keep working: every old address of a page leads to it.

Declared in three places: `redirect_from:` in a content file's front matter, the data file
`content/data/redirects.yml` (bulk mappings, e.g. from the old site's list of addresses), and
`joomla_id:` (the article's number on the old Joomla site: every form of its address, with or
without index.php, any menu path, the language segment, `?option=com_content…&id=`). An old
address in Russian or Tajik leads to the page in that language where there is one.

Written for every kind of host: an HTML page at each old path (an immediate refresh, a
canonical link, a visible link in the page's language, `noindex`: kept out of the sitemap, the
feeds and the search index), `_redirects` with permanent redirects (Netlify, Cloudflare
Pages) and `_redirects.nginx` (an nginx map, included by the configuration that
`invoke deploy --nginx` prints). `invoke deploy` gives the HTML pages the S3 website-redirect
metadata. Problems (a redirect to nothing, an old address that is a live page, two targets,
loops) are content errors (check.py); chains are collapsed to one hop.
"""

import logging
import re
from pathlib import Path

from pelican import signals
from pelican.generators import Generator

from ..incremental import api as incremental
from .rules import (
    JOOMLA_LANGS,
    Redirect,
    data_file_redirects,
    joomla_patterns,
    normal,
    old_addresses,
    redirects_file,
    resolve,
)

log = logging.getLogger(__name__)
LANGUAGE_SEGMENT = re.compile(r"^/(?:index\.php/)?(en|ru|tg)(?:/|$)")
_state: dict = {"items": {}, "redirects": {}, "joomla": []}


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
    _state.update(items=items, redirects=table, joomla=joomla)


def target_url(target: str, old: str) -> tuple[str, object]:
    """The address an old one leads to, in the old address's language where there is one."""
    item = _state["items"].get(target)
    if item is None:
        return "/" + target.strip("/") + ("/" if target.strip("/") else ""), None
    match = LANGUAGE_SEGMENT.match(old)
    if match and match.group(1) != item.lang:
        item = next((t for t in getattr(item, "translations", []) if t.lang == match.group(1)), item)
    return "/" + item.url, item


class RedirectsGenerator(Generator):
    def generate_context(self):
        pass

    def generate_output(self, writer):
        template = self.get_template("redirect")
        lines, nginx = [], []
        for old, target in sorted(_state["redirects"].items()):
            url, item = target_url(target, old)
            path, _, query = old.partition("?")
            if query:  # only servers match query strings
                lines.append(f"{path} {' '.join(query.split('&'))} {url} 301")
                nginx.append(f'    "~^{re.escape(old)}" {url};')
                continue
            lines.append(f"{path} {url} 301")
            lines.append(f"{path}/ {url} 301")
            nginx.append(f"    {path} {url};\n    {path}/ {url};")
            lang = item.lang if item is not None else self.settings["DEFAULT_LANG"]
            writer.write_file(
                f"{path.lstrip('/')}/index.html",
                template,
                self.context,
                relative_urls=False,
                redirect_target=url,
                redirect_item=item,
                page_lang=lang,
                page_url=path.lstrip("/") + "/",
            )
        for joomla_id, rel in _state["joomla"]:
            url, _ = target_url(rel, "/")
            lines.append(f"/index.php option=com_content id={joomla_id} {url} 301")
            for lang in JOOMLA_LANGS:
                translated, _ = target_url(rel, f"/{lang}/")
                nginx.append(
                    f'    "~^/(?:index\\.php/)?{lang}/(?:[^/?]+/)*{joomla_id}-[^/?]*/?$" {translated};'
                )
            nginx += [f'    "~{pattern}" {url};' for pattern in joomla_patterns(joomla_id)]
        output = Path(self.output_path)
        (output / "_redirects").write_text("\n".join(lines) + "\n", encoding="utf-8")
        (output / "_redirects.nginx").write_text(
            "# included by the server block of `invoke deploy --nginx`: map $request_uri $redirect_to\n"
            + "\n".join(nginx)
            + "\n",
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
