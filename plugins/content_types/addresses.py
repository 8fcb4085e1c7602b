"""Two things never share an address: every file the build writes is noted with what it is, and
a second write of one file stops the build naming both (a page with `slug: news` would
otherwise replace the News list without a word: every content page may override a file in
Pelican, and the multilang plugin fixes their addresses that way)."""

import logging
from pathlib import Path

log = logging.getLogger(__name__)
_written: dict[str, str] = {}


def forget(pelican=None) -> None:
    _written.clear()


def describe(context: dict) -> str:
    item = context.get("article") or context.get("page")
    source = getattr(item, "source_path", None) if item is not None else None
    if source:
        path = Path(source).resolve()
        content = Path(context.get("PATH", ".")).resolve()
        try:
            return path.relative_to(content.parent).as_posix()
        except ValueError:
            return str(path)
    return "a page the site makes itself (a list, feed or index)"


def note_written(path, context) -> None:
    key = str(path)
    what = describe(context or {})
    if key in _written and _written[key] != what:
        output = str((context or {}).get("OUTPUT_PATH", "")).rstrip("/") + "/"
        shown = key[len(output) :] if key.startswith(output) else key
        log.error(
            "%s and %s would both be written to /%s — give one of them another slug (the address "
            "of a list page cannot be used by a page)",
            _written[key],
            what,
            shown.removesuffix("index.html"),
        )
    _written.setdefault(key, what)
