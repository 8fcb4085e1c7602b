"""The terminology glossary (content/data/glossary.yml): the names of organisations,
institutions, programmes and recurring terms as they are officially written in each language,
with their abbreviations, and the forms to avoid. It is data the translators edit; the content
check holds the translations to it:

- where an English text names a term (its name or abbreviation), each translation names it
  too, in its glossary form;
- a translation does not use a form the glossary says to avoid;
- in a translation's text, an abbreviation is spelled out at its first use (in the same
  paragraph).

A name is found in its other grammatical forms too ("Международной организации по миграции",
core/names.py); other forms go in `also`, separated by " | "."""

import re
from dataclasses import dataclass
from pathlib import Path

from iomsite.core import model
from iomsite.core.datafiles import DataFileError, line, listed, load_yaml
from iomsite.core.datafiles.form import DataForm, Field
from iomsite.core.datafiles.texts import per_language
from iomsite.core.names import find_name

GLOSSARY_FILE = "data/glossary.yml"
EDITOR_FORM = DataForm(
    "terms",
    "Glossary",
    "term",
    "{{fields.id}}",
    (
        Field("id", "Short name (for us)", "text", True, "lower-case, e.g. iom"),
        Field("name", "Name", "per_language", True, "the full, official form in each language"),
        Field("short", "Abbreviation", "per_language", False, "where one is established, e.g. IOM, МОМ, СБМ"),
        Field("also", "Other forms", "per_language", False, "other forms a text may use, separated by |"),
        Field("avoid", "Forms to avoid", "per_language", False, "wrong forms, separated by |"),
        Field("note", "Note", "long", False, "why this form: its source or usage"),
    ),
)


def glossary_file(settings: dict) -> str:
    return settings.get("GLOSSARY_FILE", GLOSSARY_FILE)


def forms(text: str) -> list[str]:
    return [form.strip() for form in text.split("|") if form.strip()]


@dataclass(frozen=True)
class Term:
    id: str
    line: int
    name: dict  # {language: the full form}
    short: dict  # {language: the abbreviation}
    also: dict  # {language: [other forms]}
    avoid: dict  # {language: [wrong forms]}

    def named_in(self, text: str, lang: str) -> bool:
        """Whether `text` names the term in `lang` (its name in any form, its abbreviation)."""
        return self.first_name(text, lang) is not None or self.first_short(text, lang) is not None

    def first_name(self, text: str, lang: str) -> int | None:
        """Where its name (or another form of it) first appears in `text`."""
        found = [
            match.start()
            for name in [self.name.get(lang, ""), *self.also.get(lang, [])]
            if name
            for match in [find_name(name, text)]
            if match
        ]
        return min(found) if found else None

    def first_short(self, text: str, lang: str) -> int | None:
        short = self.short.get(lang)
        if not short:
            return None
        if short not in text:  # the pattern below is case-sensitive: a quick test first
            return None
        match = re.search(r"(?<!\w)" + re.escape(short) + r"(?!\w)", text)
        return match.start() if match else None

    def written(self, lang: str) -> str:
        """How a message shows its glossary form: «name» (abbreviation)."""
        short = self.short.get(lang)
        return f"«{self.name[lang]}»" + (f" ({short})" if short and short != self.name[lang] else "")


def read_term(entry: dict, term_id: str, entry_line: int, shown: str) -> Term:
    where = f"term '{term_id}'"

    def texts(key: str, required: bool = False) -> dict:
        return per_language(entry.get(key), where, key, shown, entry_line, required)

    return Term(
        term_id,
        entry_line,
        texts("name", required=True),
        texts("short"),
        {lang: forms(text) for lang, text in texts("also").items()},
        {lang: forms(text) for lang, text in texts("avoid").items()},
    )


def load_glossary(path: Path, shown: str) -> list[Term]:
    """The terms of the glossary; none when the file does not exist."""
    if not path.exists():
        return []
    terms, seen = [], {}
    for entry in listed(load_yaml(path, shown), "terms", "terms", shown, "id", EDITOR_FORM, "term"):
        entry_line = line(entry)
        term_id = str(entry.get("id") or "").strip()
        if not term_id:
            raise DataFileError(
                shown, "a term without its 'id'", "add 'id:' with a short name, e.g. iom", entry_line
            )
        if term_id in seen:
            raise DataFileError(
                shown,
                f"the term '{term_id}' is given twice",
                f"keep one (first on line {seen[term_id]})",
                entry_line,
            )
        seen[term_id] = entry_line
        terms.append(read_term(entry, term_id, entry_line, shown))
    return terms


def term_problems(terms: list[Term], english: str, translation: str, lang: str) -> list[tuple]:
    """(offset in the translation, problem, fix) of one translation against its English, both
    as their translated text (title, summary, ..., body)."""
    problems = []
    for term in terms:
        if lang not in term.name:
            continue
        if term.named_in(english, model.DEFAULT_LANGUAGE) and not term.named_in(translation, lang):
            problems.append(
                (
                    0,
                    f"the English names {term.written(model.DEFAULT_LANGUAGE)}, and this translation "
                    "does not name it as the glossary writes it",
                    f"write {term.written(lang)} (content/data/glossary.yml, term '{term.id}')",
                )
            )
        for wrong in term.avoid.get(lang, []):
            match = wrong in translation and re.search(r"(?<!\w)" + re.escape(wrong) + r"(?!\w)", translation)
            if match:
                problems.append(
                    (
                        match.start(),
                        f"«{wrong}» is a form the glossary says to avoid",
                        f"write {term.written(lang)} (content/data/glossary.yml, term '{term.id}')",
                    )
                )
    return problems


def spelled_out_problems(terms: list[Term], body: str, lang: str) -> list[tuple]:
    """(offset in the body, problem, fix) for each abbreviation the body uses without its name
    spelled out by the end of that paragraph."""
    problems = []
    for term in terms:
        short_at = term.first_short(body, lang)
        if short_at is None or term.short.get(lang) == term.name.get(lang):
            continue
        # in the paragraph of its first use: "the project USAID «…», funded by the United
        # States Agency for International Development (USAID)" spells it out in time
        paragraph_end = body.find("\n\n", short_at)
        paragraph_end = len(body) if paragraph_end < 0 else paragraph_end
        name_at = term.first_name(body, lang)
        if name_at is None or name_at > paragraph_end:
            problems.append(
                (
                    short_at,
                    f"the abbreviation {term.short[lang]} is used before its name is spelled out",
                    f"at its first use write «{term.name[lang]} ({term.short[lang]})», "
                    f"then {term.short[lang]}",
                )
            )
    return problems
