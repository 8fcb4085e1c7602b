"""Typed front matter: one pydantic model per content type, made from the content model when
this module is imported (model.TYPES for which fields a type has and needs, model.FIELDS for
what each field holds, model.ROW_FIELDS for the parts of a campaign's rows), and the content
check's messages for what a model refuses, each at the line of the field or list item at fault.

A schema says what a file says by itself: a field's type (one text, or a list), its shape (rows
written as '- ' items, with the parts of their format), its range (a date that exists, one of a
field's choices, a number from its minimum, a plain web address part, a length), which fields a
type needs and which it knows. What needs other files (a known section or donor, an image that
exists, translations) or the text around a value (placeholders, links, raw HTML) stays in the
check's rules (check.py), and `expires` in its plugin's check (model.FieldSpec.checked_by).

Every value reaches the schema as the reader gives it (frontmatter.py): text, or a list of
texts; `as_input` keeps the line of each field and item, so that an error's `loc` (the field,
or the field and the item's index) finds its line.
"""

import re
from functools import partial
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    StringConstraints,
    ValidationError,
    create_model,
)
from pydantic_core import PydanticCustomError

from iomsite.core.model import (
    DIGEST_PATTERN,
    EMAIL_PATTERN,
    FIELDS,
    HASHTAG_PATTERN,
    ROW_FIELDS,
    SLUG_PATTERN,
    TYPES,
    ContentType,
    RowFormat,
    allowed_fields,
    rows,
)

from .values import closest, not_a_date, parse_date, parse_day, shorten

DAY_FIX = "write it as YYYY-MM-DD, e.g. 2006-02-15"
MOMENT_FIX = f"{DAY_FIX} (optionally with a time: 2006-02-15 10:30)"
NUMBER = re.compile(r"[0-9]+")
DAY_LIKE = re.compile(r"\d{4}-\d{2}-\d{2}")


class Joined(str):
    """A value YAML joined from several lines (the reader's `Field.joined`)."""


def refusal(problem: str, fix: str) -> PydanticCustomError:
    """A schema error in the writer's words: `problem — fix`."""
    return PydanticCustomError("plain", "{problem}", {"problem": problem, "fix": fix})


# The validators of the kinds, bound to their field's name and format when the models are made.


def _given(value):
    """A required field must have a value (`title: ""` is no title)."""
    if isinstance(value, str) and not value.strip():
        raise PydanticCustomError("blank", "no value")
    return value


def _moment(key: str, value: str) -> str:
    if parse_date(value) is None:
        raise refusal(not_a_date(value), MOMENT_FIX if key == "date" else DAY_FIX)
    return value


def _number(key: str, minimum: int, value: str) -> str:
    if not NUMBER.fullmatch(value) or int(value) < minimum:
        raise refusal(
            f"{key} '{value}' is not a whole number of {minimum} or more",
            f"write it in digits, e.g. {key}: {minimum + 1}",
        )
    return value


def _email(key: str, value: str) -> str:
    address = value.strip()
    if not re.fullmatch(EMAIL_PATTERN, address):
        bare = address.removeprefix("mailto:").strip()
        example = bare if re.fullmatch(EMAIL_PATTERN, bare) else "name@iom.int"
        raise refusal(
            f"{key} '{value}' is not one e-mail address",
            f"write the address alone, e.g. {key}: {example} (the page makes it a link)",
        )
    return value


def _hashtag(key: str, value: str) -> str:
    text = value.strip()
    if not re.fullmatch(HASHTAG_PATTERN, text):
        word = "".join(re.findall(r"\w+", text)) or "EndHumanTrafficking"
        taken = re.match(r"#\w*", text)
        problem = (
            f"the {key} '{value}' is not one word after # (a social network would take only "
            f"'{taken.group(0)}')"
            if taken
            else f"the {key} '{value}' has no # before it"
        )
        raise refusal(problem, f'write it as one word after #, in double quotes: {key}: "#{word}"')
    return value


def _as_list(key: str, value):
    """One value alone is a list of one (`donors: japan`); rows YAML joined from lines without
    '- ' are refused (two figures would show as one)."""
    row_format = ROW_FIELDS.get(key)
    if isinstance(value, Joined) and row_format:
        noun = row_format.noun
        raise refusal(
            f"the lines of '{key}' are read as one {noun} ('{shorten(value)}'): "
            "a line that does not start with '- ' goes on with the line above",
            rows_fix(key, row_format),
        )
    return [value] if isinstance(value, str) else value


def rows_fix(key: str, row_format: RowFormat) -> str:
    noun = row_format.noun
    return (
        f"write each {noun} as its own '- ' item: a line '{key}:', then '  - {row_format.pattern}' per {noun}"
    )


def _row(key: str, row_format: RowFormat, text: str) -> str:
    """One row of a campaign's figures or events: its parts as its format says."""
    cells, parts = rows(text)[0] if text.strip() else [""], len(row_format.cells)
    fix = rows_fix(key, row_format)
    if len(cells) > parts:
        raise refusal(
            f"the {row_format.noun} '{shorten(text)}' has {len(cells)} parts; {row_format.a_noun} has "
            f"{parts}: {row_format.pattern}",
            f"{fix} (a part cannot hold '|')",
        )
    if row_format.first_is_day and parse_day(cells[0]) is None:
        raise refusal(f"the {row_format.noun} '{shorten(text)}' {_not_a_day(cells[0])}", fix)
    if key == "figures" and not _a_number(cells[0]):
        raise refusal(
            f"the figure '{shorten(text)}' does not start with its number: the page would show "
            f"'{shorten(cells[0], 30)}' in large type as the number",
            f"{fix}; a '|' goes right after the number, e.g. 8 | cases prevented | first half of 2019",
        )
    given = cells + [""] * parts
    missing = [cell for cell, value in zip(row_format.cells[: row_format.required], given) if not value]
    if missing:
        raise refusal(
            f"the {row_format.noun} '{shorten(text)}' has no '{missing[0]}' part; {row_format.a_noun} is "
            f"{row_format.pattern}",
            fix,
        )
    return text


def _a_number(cell: str) -> bool:
    """A figure's number: at most four words ("17", "over 20", "зиёда аз 20", "1 in 4",
    "Thousands"); a sentence there is a forgotten '|'."""
    grouped = re.sub(r"(?<=\d)[ \u00a0\u202f](?=\d{3}\b)", "", cell)  # "1 000 000": one number
    return len(grouped.split()) <= 4


def _not_a_day(text: str) -> str:
    """What is wrong with the first part of a row that must be a day (YYYY-MM-DD)."""
    if parse_date(text) is not None:  # a moment, but not as the page reads a day
        if DAY_LIKE.match(text):
            return f"starts with a day and a time ('{text}'): an event's date is a day, YYYY-MM-DD"
        return f"does not start with a date as YYYY-MM-DD ('{text}': two digits for the month and the day)"
    if DAY_LIKE.match(text):
        return f"does not start with a date: {not_a_date(text).partition(': ')[2]}"
    return "does not start with a date"


def annotation(key: str, required: bool):
    """The type of field `key` (model.FIELDS), as pydantic validates it."""
    spec = FIELDS[key]
    if spec.takes_list:
        item = (
            Annotated[str, AfterValidator(partial(_row, key, ROW_FIELDS[key]))] if key in ROW_FIELDS else str
        )
        return Annotated[list[item], BeforeValidator(partial(_as_list, key))]
    if spec.checked_by:
        kind = str
    elif spec.kind == "choice":
        kind = Literal[spec.choices]
    elif spec.kind == "moment":
        kind = Annotated[str, AfterValidator(partial(_moment, key))]
    elif spec.kind == "number":
        kind = Annotated[str, AfterValidator(partial(_number, key, spec.minimum))]
    elif spec.kind == "address":
        kind = Annotated[str, StringConstraints(pattern=f"^{SLUG_PATTERN}$")]
    elif spec.kind == "email":
        kind = Annotated[str, AfterValidator(partial(_email, key))]
    elif spec.kind == "hashtag":
        kind = Annotated[str, AfterValidator(partial(_hashtag, key))]
    elif spec.kind == "digest":
        kind = Annotated[str, StringConstraints(pattern=f"^{DIGEST_PATTERN}$")]
    else:
        kind = Annotated[str, StringConstraints(max_length=spec.max_length or None)]
    return Annotated[kind, BeforeValidator(_given)] if required else kind


def model_for(ctype: ContentType):
    """The pydantic model of a content type's front matter: its fields, the required ones
    required, no other field."""
    fields = {
        key: (annotation(key, key in ctype.required), ... if key in ctype.required else None)
        for key in FIELDS
        if key in allowed_fields(ctype)
    }
    name = "".join(part.title() for part in re.split(r"\W+", ctype.name)) + "FrontMatter"
    return create_model(name, __config__=ConfigDict(extra="forbid", strict=True), **fields)


# made once, at import; a type a site declares (model.with_type) when its first file is checked
MODELS = {ctype.name: model_for(ctype) for ctype in TYPES.values()}


def as_input(fields: dict) -> tuple[dict, dict]:
    """(the values of the reader's fields as the schema takes them, {loc: line}): one text, or
    a list for several values (a list field's rows one per line: a '|' block holds one a line)."""
    data, lines = {}, {}
    for key, field in fields.items():
        lines[(key,)] = field.line
        starts = field.item_lines or [field.line] * len(field.values)
        if key in ROW_FIELDS and field.joined:
            data[key] = Joined(field.value)
        elif key in ROW_FIELDS:
            found = [
                (text.strip(), first + offset)
                for value, first in zip(field.values, starts)
                for offset, text in enumerate(value.splitlines())
                if text.strip()
            ]
            data[key] = [text for text, _ in found]
            lines.update(((key, index), line) for index, (_, line) in enumerate(found))
        elif len(field.values) == 1:
            data[key] = field.values[0]
        else:
            data[key] = list(field.values)
            lines.update(((key, index), line) for index, line in enumerate(starts))
    return data, lines


def problems(ctype: ContentType, fields: dict, complete: bool = True) -> list[tuple[int, str, str]]:
    """(line, problem, fix) for each value of `fields` (the reader's) that the content type's
    schema refuses. `complete=False`: the reader could not read some fields (already told), so
    a required field is not said to be missing."""
    data, lines = as_input(fields)
    if ctype.name not in MODELS:
        MODELS[ctype.name] = model_for(ctype)
    try:
        MODELS[ctype.name].model_validate(data)
    except ValidationError as exc:
        first = min((field.line for field in fields.values()), default=1)
        errors = [e for e in exc.errors(include_url=False) if complete or e["type"] not in MISSING]
        return [
            (
                lines.get(tuple(e["loc"])) or lines.get(tuple(e["loc"])[:1]) or first,
                *in_plain_words(ctype, e, data),
            )
            for e in errors
        ]
    return []


MISSING = ("missing", "blank")  # a required field not given, or given empty


def in_plain_words(ctype: ContentType, error: dict, data: dict) -> tuple[str, str]:
    """(problem, fix) of one pydantic error, in the words of the content check: never
    pydantic's own ("Input should be a valid string")."""
    kind, loc = error["type"], error["loc"]
    key = str(loc[0]) if loc else ""
    value = data.get(key)
    if kind == "plain":
        return error["ctx"]["problem"], error["ctx"]["fix"]
    if kind in MISSING:
        return (
            f"missing '{key}' (required for a {ctype.label})",
            f"add a line '{key}: ...' to the front matter",
        )
    if kind == "extra_forbidden":
        return unknown_field(ctype, key)
    if isinstance(value, list) and not FIELDS[key].takes_list:
        return one_text_only(key, value)
    return out_of_range(kind, key, value)


def unknown_field(ctype: ContentType, key: str) -> tuple[str, str]:
    near = closest(key, allowed_fields(ctype))
    fix = f"did you mean {near}?" if near else "remove it, or check the field list in docs/authoring.md"
    if key in ("lang", "translation_of"):
        fix = "remove it: the file's name gives its language and its original (x.en.md, x.ru.md)"
    return f"unknown field '{key}' for a {ctype.label}", fix


def one_text_only(key: str, value: list) -> tuple[str, str]:
    if key == "tags":
        fix = "write the tags on one line, separated by commas: tags: first tag, second tag"
    else:
        fix = f"write it on the line of '{key}:', as one text"
    return f"'{key}' is a list of {len(value)} items, but it holds one text", fix


def out_of_range(kind: str, key: str, value) -> tuple[str, str]:
    spec = FIELDS[key]
    if kind == "literal_error":
        fix = "write " + ", or ".join(f"{key}: {choice}" for choice in sorted(spec.choices))
        return f"{key} '{value}' is not known", fix
    if kind == "string_too_long":
        return (
            f"the {key} is {len(value)} characters long",
            f"keep it under {spec.max_length}: lists, feeds and shares cut longer ones",
        )
    if kind == "string_pattern_mismatch" and spec.kind == "digest":
        return (
            f"{key} '{value}' is not a version of the English (twelve characters, 0-9 and a-f)",
            "do not write it by hand: run invoke translations --mark-current on this file "
            "once the translation matches the English, or remove the line",
        )
    if kind == "string_pattern_mismatch":
        return (
            f"{key} '{value}' is not a plain web address part",
            "use lower-case latin letters, digits and hyphens, e.g. memorandum-signing-2006",
        )
    # A type the reader never gives (it gives only text): a caller's mistake, said plainly.
    return f"'{key}' cannot be read as written", f"write it as '{key}: ...', one text"
