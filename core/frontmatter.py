"""Front matter: the fields of a content file, in YAML between two lines of three dashes at its
top, as the browser editor (Decap CMS) writes them:

    ---
    title: "Act and educate to #EndHumanTrafficking"
    date: 2019-07-30
    summary: A long summary may go on over the next lines, each indented
      by two spaces.
    ---

    The text.

Read here with each field's line, for the content check's messages, and through
`front_matter_markdown.py` by Pelican, so both read the same values. Values are kept as text:
what a field means (a date, a list of tags) is the content model's business, not YAML's (so
`source: "000"` stays 000, and `date: 2006-02-15` is a date only because the model says so).
A YAML list (`- a` lines) is read as several lines of one field (campaign figures, donors).
"""

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

FENCE = re.compile(r"^-{3}\s*$")
# PyYAML's words for the mistakes writers make, in plain words.
PLAIN_PROBLEMS = {
    "mapping values are not allowed here": "a value with ': ' in it",
    "mapping values are not allowed in this context": "a value with ': ' in it",  # libyaml's words
    "found character that cannot start any token": "a tab or a character YAML reserves; use spaces",
    "found character '\\t' that cannot start any token": "a tab; use spaces",
    "could not find expected ':'": "a line that is not 'name: value'",
}
NULLS = ("~", "null", "Null", "NULL")
# libyaml when installed (PyYAML's wheels have it): a tenth of the pure-Python parser's time,
# about 2 s less per content check at 9,000 files.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
QUOTE_HINT = 'put the whole value in double quotes, e.g. title: "Migration: a new start"'


class FrontMatterError(ValueError):
    def __init__(self, line: int, problem: str, fix: str):
        super().__init__(f"{line}: {problem} — {fix}")
        self.line, self.problem, self.fix = line, problem, fix
        self.more: tuple = ()  # the file's other problems found in the same reading
        self.fields: dict | None = None  # the fields, when they could be read despite the problems

    def every(self) -> tuple:
        return (self, *self.more)


@dataclass
class Field:
    key: str
    values: list  # the text, or the items of a list
    line: int  # 1-based line of the key in the file
    item_lines: list = field(default_factory=list)  # the line each value starts on
    # Written over several lines that YAML joins with spaces (plain text going on, or '>'):
    # harmless in a summary, but it makes two campaign figures one.
    joined: bool = False

    @property
    def value(self) -> str:
        return self.values[0] if len(self.values) == 1 else "\n".join(self.values)


NAME_THEN_NO_BREAK = re.compile(r"([A-Za-z_][\w-]*):[\u00a0\u202f\u2007]")  # a field's own line


def parse(lines: list[str]) -> tuple[dict, int]:
    """({key: Field}, 1-based line where the body starts) of a file's lines; FrontMatterError
    for fields that cannot be read, with the line and the fix. Keys are lower-cased, as
    Pelican's are."""
    if lines and lines[0].startswith("\ufeff"):  # a byte-order mark (Windows Notepad)
        lines = [lines[0][1:], *lines[1:]]
    if not lines or not FENCE.match(lines[0]):
        raise FrontMatterError(
            1,
            "the file does not start with its fields between two lines of three dashes (---)",
            "put a line '---' before the first field and another after the last one",
        )
    end = next((n for n in range(1, len(lines)) if FENCE.match(lines[n])), None)
    if end is None:
        raise FrontMatterError(
            1, "the fields have no closing line '---'", "add a line '---' after the last field"
        )
    header = lines[1:end]
    try:
        root = yaml.compose("\n".join(header), Loader=LOADER)
    except yaml.MarkedYAMLError as exc:
        # YAML needs an ordinary space after a field's name: "slug:\u00a0x" (pasted from Outlook
        # or Teams) is refused in words that do not name the invisible character
        for number, text in enumerate(header, start=2):
            name = NAME_THEN_NO_BREAK.match(text)
            if name:
                raise FrontMatterError(
                    number,
                    f"a non-breaking space after '{name.group(1)}:' (pasted from an e-mail or a chat): "
                    "the line cannot be read",
                    f"delete the space after '{name.group(1)}:' and type an ordinary one",
                ) from None
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line if mark else 0) + 2
        problem = PLAIN_PROBLEMS.get(exc.problem, exc.problem or exc.context)
        raise FrontMatterError(line, f"this line cannot be read ({problem})", QUOTE_HINT) from None
    fields: dict = {}
    if root is None:
        return fields, end + 2
    if not isinstance(root, yaml.MappingNode):
        raise FrontMatterError(
            2, "the fields must be lines of the form 'name: value'", "write one field per line"
        )
    problems: list[FrontMatterError] = []  # all of them, so that one run of the check lists them
    for key_node, value_node in root.value:
        line = key_node.start_mark.line + 2
        key = str(key_node.value).lower()
        if key in fields:
            twice = f"'{key}' is given twice (first on line {fields[key].line})"
            problems.append(FrontMatterError(line, twice, "keep one"))
            continue
        if isinstance(value_node, yaml.ScalarNode) and not value_node.style and value_node.value in NULLS:
            continue  # YAML's "no value" (`expires: null`): the field is not given
        try:
            fields[key] = _field(key, value_node, line)
        except FrontMatterError as exc:
            problems.append(exc)
            continue
        problems += _lost_text(key, value_node, header)
    if problems:
        first = problems[0]
        first.more, first.fields = tuple(problems[1:]), fields
        raise first
    return fields, end + 2


def _field(key: str, node, line: int) -> Field:
    if isinstance(node, yaml.ScalarNode):
        return Field(key, [node.value], line, [_first_line(node)], _joined(node))
    if isinstance(node, yaml.SequenceNode) and all(isinstance(item, yaml.ScalarNode) for item in node.value):
        items = node.value
        values = [item.value for item in items] or [""]
        return Field(key, values, line, [_first_line(item) for item in items] or [line])
    raise FrontMatterError(line, f"'{key}' must be a text or a list of texts", "write it as name: value")


def _first_line(node) -> int:
    """The file's line where a value's text starts (a block '|' or '>' starts on the next)."""
    return node.start_mark.line + 2 + (1 if node.style in ("|", ">") else 0)


def _joined(node) -> bool:
    if node.style == ">":
        return True
    return not node.style and node.end_mark.line > node.start_mark.line  # plain, over lines


def _lost_text(key: str, node, header: list[str]) -> list[FrontMatterError]:
    """In YAML, ' #' starts a note: `hashtag: #EndHumanTrafficking` would silently be empty.
    One problem per plain value (the field's, or each item's of a list) followed by a '#'."""
    items = node.value if isinstance(node, yaml.SequenceNode) else [node]
    lost = []
    for item in items:
        if item.style:  # quoted or a block: '#' is text there (libyaml says "" for plain)
            continue
        rest = header[item.end_mark.line][item.end_mark.column :].strip()
        if not rest.startswith("#"):
            continue
        whole = f"{item.value} {rest}".strip()
        shown = json.dumps(whole, ensure_ascii=False) if len(whole) <= 60 else '"… #…"'
        lost.append(
            FrontMatterError(
                item.end_mark.line + 2,
                f"the text of '{key}' from '#' on would be lost (in this format, ' #' starts a note)",
                "put the whole value in double quotes: "
                + (f"- {shown}" if item is not node else f"{key}: {shown}"),
            )
        )
    return lost


def read_front_matter(path: Path, lines: list | None = None) -> tuple[dict, int]:
    """Like parse(), for a file. `lines`: the file's lines when the caller has already read it."""
    if lines is None:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    return parse(lines)


_UNSAFE_START = set("-?:,[]{}#&*!|>'\"%@`")
# What YAML 1.2 would read as something other than text (null, booleans, numbers).
_NOT_TEXT = re.compile(
    r"^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|[-+]?(?:\d+|0o[0-7]+|0x[0-9a-fA-F]+)"
    r"|[-+]?(?:\.\d+|\d+(?:\.\d*)?)(?:[eE][-+]?\d+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)


def _scalar(value: str) -> str:
    plain = (
        value
        and value == value.strip()
        and value[0] not in _UNSAFE_START
        and ": " not in value
        and " #" not in value
        and "\n" not in value
        and not value.endswith(":")
        and not _NOT_TEXT.match(value)
    )
    return value if plain else json.dumps(value, ensure_ascii=False)  # YAML's double-quoted style


def dump_front_matter(fields: dict) -> str:
    """Short text fields as the editor writes them ('---', one `name: value` per line, quoted
    where YAML needs it, '---'), for `invoke new` where Node.js is not installed (with it,
    `invoke new` uses the editor's own serializer, tools/scaffold.py: this one does not fold
    a value longer than a line of 80 characters, as the editor does)."""
    lines = ["---"]
    for key, value in fields.items():
        if isinstance(value, list):
            lines.append(f"{key}:")
            lines += [f"  - {_scalar(item)}" for item in value]
        else:
            lines.append(f"{key}: {_scalar(str(value))}")
    return "\n".join(lines + ["---"]) + "\n"
