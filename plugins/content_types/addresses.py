"""Two things never share an address: every file the build writes is noted with what it is, and
a second write of one file stops the build naming both (a page with `slug: news` would
otherwise replace the News list without a word: every content page may override a file in
Pelican, and the multilang plugin fixes their addresses that way)."""

import logging
from pathlib import Path

log = logging.getLogger(__name__)
_written: dict[str, str | None] = {}  # output file: the content file written there


def forget(pelican=None) -> None:
    _written.clear()


def describe(source, content_root) -> str:
    if source is None:
        return "a page the site makes itself (a list, feed or index)"
    from iomsite.core.paths import display_path

    return display_path(source, Path(content_root))


def note_written(path, context) -> None:
    """Runs for every file of every build: only a dict lookup, unless two writes collide."""
    context = context or {}
    item = context.get("article") or context.get("page")
    source = getattr(item, "source_path", None) if item is not None else None
    key = str(path)
    if key in _written and _written[key] != source:
        output = str(context.get("OUTPUT_PATH", "")).rstrip("/") + "/"
        shown = key[len(output) :] if key.startswith(output) else key
        root = context.get("PATH", ".")
        log.error(
            "%s and %s would both be written to /%s — give one of them another slug (the address "
            "of a list page cannot be used by a page)",
            describe(_written[key], root),
            describe(source, root),
            shown.removesuffix("index.html"),
        )
    _written.setdefault(key, source)
