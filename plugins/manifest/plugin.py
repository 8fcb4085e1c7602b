"""Writes `.sources.json` in the output: {page path: content file}, so that `invoke check`
can name the content file behind a finding. `invoke publish` removes it before the site goes
public (it is of no use to readers)."""
import json
from pathlib import Path

from pelican import signals

MANIFEST = ".sources.json"
_sources: dict = {}


def record(path, context):
    output = Path(context["OUTPUT_PATH"])
    for name in ("article", "page"):
        item = context.get(name)
        if item is not None and getattr(item, "source_path", None):
            root = Path(item.settings["PATH"]).resolve().parent
            try:
                source = Path(item.source_path).resolve().relative_to(root).as_posix()
            except ValueError:
                source = item.source_path
            _sources[Path(path).relative_to(output).as_posix()] = source
            return


def write(pelican):
    output = Path(pelican.settings["OUTPUT_PATH"])
    (output / MANIFEST).write_text(json.dumps(dict(sorted(_sources.items())), indent=1, ensure_ascii=False),
                                   encoding="utf-8")
    _sources.clear()


def register():
    signals.content_written.connect(record)
    signals.finalized.connect(write)
