"""The shape of a data file's entry, against the fields of its editor form (form.py): a value
YAML reads as something other than what the field holds is refused with its line, before a
loader turns it into text. Without this, `en: [a, b]` under a hotline's name showed
"['a', 'b']" on the banner, `site_wide: "no"` put a banner on every page, and
`priority: high` stopped the build with a traceback.

The loaders still judge what the values mean (a known section, a real phone number, a date);
this only says that a text is a text, a list a list, yes/no a yes or a no."""

import datetime
import difflib

from .. import model
from .form import Field
from .loader import LINE, DataFileError, key_line

SCALAR_KINDS = ("text", "long", "image", "choice", "date")
LIST_KINDS = ("choices", "words")


def _what(value) -> str:
    if isinstance(value, dict):
        return "a group of lines"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return f"read as {'yes' if value else 'no'} (true/false)"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, bytes):
        return "binary data (a '!!binary' tag)"
    return "a text"


def _is_text(value) -> bool:
    return isinstance(value, (str, int, float, datetime.date)) and not isinstance(value, bool)


def check_shape(entry: dict, fields: tuple, shown, where: str) -> None:
    """Raise DataFileError for the first value of `entry` (a mapping of the file) whose shape
    its field does not take, or for a name no field has."""
    known = {field.name: field for field in fields}
    for key, value in entry.items():
        if key == LINE:
            continue
        at = key_line(entry, key)
        if key not in known:
            near = difflib.get_close_matches(str(key), list(known), n=1, cutoff=0.6)
            raise DataFileError(
                shown,
                f"{where}: unknown field '{key}'",
                f"did you mean '{near[0]}'?" if near else f"use one of: {', '.join(known)}",
                at,
            )
        if value is not None:
            _check_value(known[key], value, shown, where, at)


def _check_value(field: Field, value, shown, where: str, at: int) -> None:
    key = field.name

    def refuse(expected: str, fix: str):
        raise DataFileError(shown, f"{where}: '{key}' is {_what(value)}, but it must be {expected}", fix, at)

    if field.kind in SCALAR_KINDS and not _is_text(value):
        quote = f'put it in double quotes: {key}: "…"' if isinstance(value, bool) else ""
        refuse("one text", quote or f"write it on the line of '{key}:', as one text")
    elif field.kind == "number" and (isinstance(value, bool) or not isinstance(value, int)):
        refuse("a whole number", f"write a number, e.g. {key}: 1")
    elif field.kind == "yes_no" and not isinstance(value, bool):
        refuse("true or false", f"write {key}: true, or {key}: false")
    elif field.kind in LIST_KINDS and not (isinstance(value, list) and all(map(_is_text, value))):
        refuse("a list of texts", f"write it as a list: {key}: [first, second]")
    elif field.kind == "years" and not (
        _is_text(value) or (isinstance(value, list) and all(map(_is_text, value)))
    ):
        refuse("a year or a list of years", f"write it as a list: {key}: [2012, 2017]")
    elif field.kind == "per_language":
        if not isinstance(value, dict):
            refuse(
                "a text per language",
                f"write '{key}:' and under it, indented, " + model.languages_listed("and", "'{}: …'"),
            )
        for lang, text in value.items():
            if lang == LINE:
                continue
            lang_line = key_line(value, lang)
            if lang not in model.LANGUAGES:
                raise DataFileError(
                    shown,
                    f"{where}: '{lang}' under '{key}' is not a language of the site",
                    f"use {model.languages_listed('and')}",
                    lang_line,
                )
            if text is not None and not _is_text(text):
                raise DataFileError(
                    shown,
                    f"{where}: the '{lang}' text of '{key}' is {_what(text)}, but it must be one text",
                    f"write it on the line of '{lang}:', as one text",
                    lang_line,
                )
    elif field.kind == "group":
        if not isinstance(value, dict):
            refuse("a group of lines", f"write '{key}:' and under it, indented, its fields")
        check_shape(value, field.fields, shown, where)
