"""The source register, published: a "Sources" page per language (`sources/`, `ru/sources/`,
`tg/sources/`) listing the documents the content is made from, each with its description in
that language, from `sources/register.yml` (beside `content/`; setting `SOURCES_REGISTER`).

Templates get `source_document(item)`: the register's entry of the document an item is made
from (its English version's `source:` field, which a translation shares), with `title(lang)`,
`description(lang)` and `anchor`, or None. The sources note (components/sources_note.html)
names it and links to its entry on the Sources page.
"""

from dataclasses import dataclass
from pathlib import Path

from pelican import signals
from pelican.generators import Generator

from iomsite.core import model
from iomsite.core.datafiles import DataFileError, load_yaml
from iomsite.core.htmlparts import write_language_pages

from ..incremental import api as incremental

PAGE = "sources/"


@dataclass(frozen=True)
class Document:
    number: str  # as in sources/README.md: "001"
    file: str
    titles: dict  # lang -> a short name ("The quarterly newsletter of IOM Tajikistan, 2012")
    descriptions: dict  # lang -> what it is

    @property
    def anchor(self) -> str:
        return f"source-{self.number}"

    def title(self, lang: str) -> str:
        return self.titles.get(lang) or self.titles["en"]

    def description(self, lang: str) -> str:
        return self.descriptions.get(lang) or self.descriptions.get("en", "")


def register_file(settings) -> Path:
    given = settings.get("SOURCES_REGISTER")
    return Path(given) if given else Path(settings["PATH"]).resolve().parent / "sources" / "register.yml"


def _texts(entry, key: str, path: Path) -> dict:
    value = entry.get(key)
    if not isinstance(value, dict) or not isinstance(value.get("en"), str):
        raise DataFileError(
            path,
            f"document {entry.get('number')!r} has no English {key}",
            f"write {key}: with en: ...",
            entry["__line__"],
        )
    languages = [lang.code for lang in model.SITE_LANGUAGES]
    return {lang: " ".join(str(value[lang]).split()) for lang in languages if value.get(lang)}


def load_register(settings) -> list[Document]:
    """The documents of the register, in its order; none when the site has no register."""
    path = register_file(settings)
    if not path.exists():
        return []
    data = load_yaml(path)
    documents = []
    for entry in data.get("documents") or []:
        number = str(entry.get("number", ""))
        if not (len(number) == 3 and number.isdigit()):
            raise DataFileError(
                path, f"number {number!r} is not three digits", 'write number: "001"', entry["__line__"]
            )
        documents.append(
            Document(
                number,
                str(entry.get("file", "")),
                _texts(entry, "title", path),
                _texts(entry, "description", path),
            )
        )
    return documents


def english_source(item) -> str:
    """The `source:` of an item, or of its English version (a translation does not repeat it)."""
    found = getattr(item, "source", None)
    if found:
        return str(found)
    for other in getattr(item, "translations", []):
        if getattr(other, "lang", "") == "en" and getattr(other, "source", None):
            return str(other.source)
    return ""


class SourcesPageGenerator(Generator):
    def generate_context(self):
        pass

    def generate_output(self, writer):
        documents = self.context.get("SOURCE_DOCUMENTS") or []
        if documents:
            write_language_pages(self, writer, "sources", PAGE, documents=documents)


def add_globals(generator):
    documents = load_register(generator.settings)
    by_number = {document.number: document for document in documents}
    generator.context["SOURCE_DOCUMENTS"] = documents
    generator.env.globals["source_document"] = lambda item: by_number.get(english_source(item))
    generator.env.globals["SOURCES_PAGE"] = PAGE if documents else ""


def get_generators(pelican):
    return SourcesPageGenerator


def register_files(settings) -> list[Path]:
    path = register_file(settings)
    return [path] if path.exists() else []


def register():
    incremental.depends_on_files(register_files)
    signals.generator_init.connect(add_globals)
    signals.get_generators.connect(get_generators)
