"""Records every HTML page as it is written, with its language alternates, and writes
`sitemap.xml` (with `xhtml:link rel="alternate" hreflang`) and `robots.txt` at the end.

Why our own: pelican-sitemap 1.2 writes malformed hreflang (`ref=` instead of `href=`) and
knows nothing of our single-pass languages; the format is small (sitemaps.org, and Google's
"localized versions" extension).
"""

import re
from pathlib import Path
from xml.sax import saxutils

from pelican import signals

_pages: dict = {}
_SPECIAL = re.compile(r'[&<>"\n\r\t]')


def escape(text: str) -> str:
    """saxutils.escape, without its three passes for the usual URL that needs none (the
    sitemap of a large site has tens of thousands)."""
    return saxutils.escape(text) if _SPECIAL.search(text) else text


def quoteattr(text: str) -> str:
    return saxutils.quoteattr(text) if _SPECIAL.search(text) else f'"{text}"'


def page_alternates(context) -> dict:
    if context.get("page_alternates") is not None and "page_url" in context:
        return context["page_alternates"]
    for name in ("article", "page"):
        obj = context.get(name)
        if obj is not None:
            found = {obj.lang: obj.url}
            found.update({t.lang: t.url for t in getattr(obj, "translations", [])})
            return found
    return {}


def record(path, context):
    if context.get("redirect_target"):  # an old address (plugins/redirects): not a page to list
        return
    path = str(path)
    if not path.endswith(".html") or path.endswith("404.html"):
        return
    output = str(context["OUTPUT_PATH"]).rstrip("/") + "/"
    relative = path[len(output) :] if path.startswith(output) else Path(path).relative_to(output).as_posix()
    url = relative[: -len("index.html")] if relative.endswith("index.html") else relative
    _pages[url] = page_alternates(context)


def write(pelican):
    settings = pelican.settings
    base = settings["SITE_PUBLIC_URL"].rstrip("/")
    default = settings["DEFAULT_LANG"]
    order = settings["SITE_LANGUAGES"]
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for url in sorted(_pages):
        alternates = {lang: u for lang, u in _pages[url].items()}
        lines.append(f"  <url><loc>{escape(f'{base}/{url}')}</loc>")
        if len(alternates) > 1:
            for lang in [code for code in order if code in alternates]:
                lines.append(
                    f'    <xhtml:link rel="alternate" hreflang="{lang}" '
                    f"href={quoteattr(f'{base}/{alternates[lang]}')}/>"
                )
            fallback = alternates.get(default) or next(iter(alternates.values()))
            lines.append(
                f'    <xhtml:link rel="alternate" hreflang="x-default" '
                f"href={quoteattr(f'{base}/{fallback}')}/>"
            )
        lines.append("  </url>")
    lines.append("</urlset>")
    output = Path(settings["OUTPUT_PATH"])
    (output / "sitemap.xml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (output / "robots.txt").write_text(
        f"User-agent: *\nAllow: /\n\nSitemap: {base}/sitemap.xml\n", encoding="utf-8"
    )
    _pages.clear()


def register():
    signals.content_written.connect(record)
    signals.finalized.connect(write)
