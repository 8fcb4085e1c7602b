"""A data file's text in each language (a name, an acknowledgement, a hotline's hours):
one reading and one set of messages for every data file."""

from .. import model
from .loader import DataFileError, line


def per_language(value, where: str, key: str, path, entry_line: int, required: bool = False) -> dict:
    """{language: text} of a field written as `key:` with a line per language under it; the
    default language's text is required when the field is."""
    if value is None and not required:
        return {}
    if not isinstance(value, dict) or (required and not value.get(model.DEFAULT_LANGUAGE)):
        others = ", ".join(f"'{lang}:'" for lang in model.TRANSLATED_LANGUAGES)
        raise DataFileError(
            path,
            f"{where}: '{key}' needs at least an English text",
            f"write '{key}:' and under it '{model.DEFAULT_LANGUAGE}: ...' (and {others})",
            entry_line,
        )
    unknown = set(value) - set(model.LANGUAGES) - {"__line__"}
    if unknown:
        raise DataFileError(
            path,
            f"{where}: unknown language {sorted(unknown)} under '{key}'",
            f"use {model.languages_listed()}",
            line(value, entry_line),
        )
    return {lang: str(text).strip() for lang, text in value.items() if lang != "__line__"}
