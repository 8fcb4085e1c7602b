"""Theme sections (counter-trafficking, migration health, ...) and their order.

Writers edit content/data/sections.yml; this module loads and validates it, so a mistake
there gives one clear message naming the file and the entry.
"""
from dataclasses import dataclass
from pathlib import Path

import yaml

from .model import LANGUAGES


class DataFileError(Exception):
    """A problem in a data file, worded for the writer: where, what, and how to fix it."""

    def __init__(self, path, problem: str, fix: str, line: int = 1):
        super().__init__(f"{path}:{line}: {problem} — {fix}")
        self.path, self.line, self.problem, self.fix = str(path), line, problem, fix


@dataclass(frozen=True)
class Section:
    slug: str
    names: dict  # language -> display name
    order: int

    def name(self, lang: str) -> str:
        return self.names.get(lang) or self.names["en"]


def load_yaml(path: Path):
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataFileError(path, "file not found", "create it (see docs/authoring.md)") from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise DataFileError(
            path, f"this is not valid YAML ({problem})",
            "check the indentation and that every 'name: value' line has a space after the colon",
            line=mark.line + 1 if mark else 1,
        ) from None


def load_sections(path: Path) -> list[Section]:
    data = load_yaml(path)
    if not isinstance(data, list) or not data:
        raise DataFileError(path, "expected a list of sections", "start each one with '- slug:'")
    sections, seen = [], set()
    for index, entry in enumerate(data, start=1):
        if not isinstance(entry, dict) or "slug" not in entry:
            raise DataFileError(path, f"section {index} has no 'slug'",
                                "add one, e.g. 'slug: counter-trafficking'")
        slug = str(entry["slug"])
        if slug in seen:
            raise DataFileError(path, f"section '{slug}' is listed twice", "keep one of them")
        seen.add(slug)
        names = entry.get("name")
        if not isinstance(names, dict) or not names.get("en"):
            raise DataFileError(path, f"section '{slug}' has no English name",
                                "add 'name:' with at least an 'en:' line under it")
        unknown = set(names) - set(LANGUAGES)
        if unknown:
            raise DataFileError(path, f"section '{slug}' has a name in unknown language(s) {sorted(unknown)}",
                                "use en, ru or tg")
        sections.append(Section(slug, {k: str(v) for k, v in names.items()}, index))
    return sections
