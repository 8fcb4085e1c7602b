"""Writes `.sources.json` in the output: {page path: content file}, so that `invoke check`
can name the content file behind a finding. `invoke publish` removes it before the site goes
public (it is of no use to readers)."""

import json
import os
from functools import cache
from pathlib import Path

from pelican import signals

MANIFEST = ".sources.json"
_sources: dict = {}


def record(path, context):
    for name in ("article", "page"):
        item = context.get(name)
        if item is not None and getattr(item, "source_path", None):
            _sources[relative_to(path, context["OUTPUT_PATH"])] = source_of(
                item.source_path, item.settings["PATH"]
            )
            return


def relative_to(path, folder) -> str:
    """`path` inside `folder`, with forward slashes (a string operation: once per page)."""
    prefix = os.path.abspath(folder) + os.sep
    path = os.path.abspath(path)
    found = path[len(prefix) :] if path.startswith(prefix) else os.path.relpath(path, folder)
    return found.replace(os.sep, "/")


def source_of(source_path, content_path) -> str:
    """The content file, relative to the site folder (the folder holding content/). A string
    operation for the usual case (once per page of a large site)."""
    root = _site_folder(content_path)
    if source_path.startswith(root) and ".." not in source_path:
        return source_path[len(root) :].replace(os.sep, "/")
    source = os.path.relpath(os.path.abspath(source_path), root)
    return Path(source_path if source.startswith("..") else source).as_posix()


@cache
def _site_folder(content_path) -> str:
    return os.path.dirname(os.path.abspath(content_path)) + os.sep


def write(pelican):
    output = Path(pelican.settings["OUTPUT_PATH"])
    (output / MANIFEST).write_text(
        json.dumps(dict(sorted(_sources.items())), indent=1, ensure_ascii=False), encoding="utf-8"
    )
    _sources.clear()


def register():
    signals.content_written.connect(record)
    signals.finalized.connect(write)
