"""Theme sections (counter-trafficking, migration health, ...) and their order.

Writers edit content/data/sections.yml; this module loads and validates it, so a mistake
there gives one clear message naming the file and the entry.
"""

from dataclasses import dataclass
from pathlib import Path

from .datafiles import DataFileError, line, listed, load_yaml
from .datafiles.form import DataForm, Field
from .datafiles.texts import per_language


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


_loaded: dict = {}  # path -> (the file's bytes, its sections), for site_sections


def site_sections(settings) -> list[Section]:
    """The site's sections, from its data file (loaded again only when the file changed). The
    content check and the content_types plugin refuse a bad file before anything reads them."""
    path = Path(settings["PATH"]) / sections_file(settings)
    data = path.read_bytes()
    if _loaded.get(path, (None,))[0] != data:
        _loaded[path] = (data, load_sections(path))
    return _loaded[path][1]


def section_name(slug, lang, sections) -> str:
    """A section's name in a language; the slug itself when it is not a section."""
    section = next((s for s in sections if s.slug == slug), None)
    return section.name(lang) if section else slug


def load_sections(path: Path) -> list[Section]:
    data = listed(load_yaml(path), "sections", "sections", path, "slug", EDITOR_FORM, "section")
    if not data:
        raise DataFileError(path, "the list of sections is empty", "add a section: '  - slug: ...'")
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
        names = per_language(entry.get("name"), f"section '{slug}'", "name", path, line(entry), required=True)
        sections.append(Section(slug, names, index))
    return sections


# The browser editor's form for sections.yml.
EDITOR_FORM = DataForm(
    key="sections",
    label="Sections",
    item="section",
    summary="{{fields.slug}}: {{fields.name.en}}",
    fields=(
        Field("slug", "Short name", "text", True, "used in content as section: <short name>"),
        Field("name", "Name", "per_language", True),
        Field(
            "note",
            "Where the name comes from",
            "long",
            hint="the source's words, or that the name is our choice and why",
        ),
    ),
)
