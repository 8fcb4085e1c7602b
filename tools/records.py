"""The small JSON files that say what a build, a publish or a deploy did (the build's report,
releases/published.json, releases/deployed.json): each written whole or not at all, so that a
reader never sees half of one, and read as {} when it is missing or damaged."""

import json
import os
from pathlib import Path


def releases_folder(public: Path) -> Path:
    """Where `invoke publish` keeps the releases that `public` points to, and its records."""
    return public.parent / "releases"


def write_json(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    partial.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(partial, path)


def read_json(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
