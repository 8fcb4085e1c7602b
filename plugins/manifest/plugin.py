"""Writes `.sources.json` in the output: {page path: content file}, so that `invoke check`
can name the content file behind a finding. `invoke publish` removes it before the site goes
public (it is of no use to readers)."""
import json
import os
from pathlib import Path

from pelican import signals

MANIFEST = ".sources.json"
_sources: dict = {}


def record(path, context):
    for name in ("article", "page"):
        item = context.get(name)
        if item is not None and getattr(item, "source_path", None):
            root = os.path.dirname(os.path.abspath(item.settings["PATH"]))  # the site folder
            source = os.path.relpath(os.path.abspath(item.source_path), root)
            if source.startswith(".."):
                source = item.source_path
            page = os.path.relpath(path, context["OUTPUT_PATH"])
            _sources[Path(page).as_posix()] = Path(source).as_posix()
            return


def write(pelican):
    output = Path(pelican.settings["OUTPUT_PATH"])
    (output / MANIFEST).write_text(json.dumps(dict(sorted(_sources.items())), indent=1, ensure_ascii=False),
                                   encoding="utf-8")
    _sources.clear()


def register():
    signals.content_written.connect(record)
    signals.finalized.connect(write)
