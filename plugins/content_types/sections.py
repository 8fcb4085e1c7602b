"""Theme sections (counter-trafficking, migration health, ...) and their order.

Writers edit content/data/sections.yml; this module loads and validates it, so a mistake
there gives one clear message naming the file and the entry.
"""

from dataclasses import dataclass
from pathlib import Path

from ..datafiles import DataFileError, line, load_yaml
from .model import LANGUAGES


@dataclass(frozen=True)
class Section:
    slug: str
    names: dict  # language -> display name
    order: int

    def name(self, lang: str) -> str:
        return self.names.get(lang) or self.names["en"]


def sections_file(settings) -> str:
    """sections.yml's path inside content/ (setting SECTIONS_FILE)."""
    return settings.get("SECTIONS_FILE", "data/sections.yml")


def load_sections(path: Path) -> list[Section]:
    data = load_yaml(path)
    if not isinstance(data, list) or not data:
        raise DataFileError(path, "expected a list of sections", "start each one with '- slug:'")
    sections, seen = [], set()
    for index, entry in enumerate(data, start=1):
        if not isinstance(entry, dict) or "slug" not in entry:
            raise DataFileError(
                path,
                f"section {index} has no 'slug'",
                "add one, e.g. 'slug: counter-trafficking'",
                line(entry),
            )
        slug = str(entry["slug"])
        if slug in seen:
            raise DataFileError(path, f"section '{slug}' is listed twice", "keep one of them", line(entry))
        seen.add(slug)
        names = entry.get("name")
        if not isinstance(names, dict) or not names.get("en"):
            raise DataFileError(
                path,
                f"section '{slug}' has no English name",
                "add 'name:' with at least an 'en:' line under it",
                line(entry),
            )
        unknown = set(names) - set(LANGUAGES) - {"__line__"}
        if unknown:
            raise DataFileError(
                path,
                f"section '{slug}' has a name in unknown language(s) {sorted(unknown)}",
                "use en, ru or tg",
                line(names),
            )
        sections.append(Section(slug, {k: str(v) for k, v in names.items() if k != "__line__"}, index))
    return sections
