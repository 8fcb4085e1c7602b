"""Writes `output/_headers` (the format of Netlify and Cloudflare Pages) from the site's header
rules (rules.py): the Content-Security-Policy (also in each page's <meta>, for other hosts) plus
what a <meta> cannot carry (frame-ancestors), and a year of caching for files whose names carry
a content hash (stylesheet, image derivatives). `invoke deploy` applies the same rules."""

from pathlib import Path

from pelican import signals

from .rules import headers_file


def write(pelican):
    settings = pelican.settings
    (Path(settings["OUTPUT_PATH"]) / "_headers").write_text(headers_file(settings), encoding="utf-8")


def register():
    signals.finalized.connect(write)
