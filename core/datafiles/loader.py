"""YAML loading with line numbers kept on every mapping (as the key `__line__`)."""

from pathlib import Path

import yaml

from ..characters import invisible_characters

LINE = "__line__"


class DataFileError(Exception):
    """A problem in a data file, worded for the writer: where, what, and how to fix it."""

    def __init__(self, path, problem: str, fix: str, line: int = 1):
        super().__init__(f"{path}:{line}: {problem} — {fix}")
        self.path, self.line, self.problem, self.fix = str(path), line, problem, fix


class Lined(dict):
    """A mapping of a data file; `key_lines`: the line of each key (for messages)."""

    key_lines: dict


class _BadValue(yaml.MarkedYAMLError):
    """A value YAML reads but no loader could use, worded for the writer."""

    def __init__(self, problem: str, fix: str, mark):
        super().__init__(problem=problem, problem_mark=mark)
        self.fix = fix


class _Lines:
    """The constructors of a loader that keeps lines (mixed into the C and the Python loader)."""

    def construct_mapping(self, node, deep=False):
        key_lines: dict = {}
        for key_node, _ in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key in key_lines and key != "<<":  # YAML keeps the last one, silently
                raise _BadValue(
                    f"'{key}' is given twice (first on line {key_lines[key]})",
                    "keep one",
                    key_node.start_mark,
                )
            key_lines[key] = key_node.start_mark.line + 1
        mapping = Lined(super().construct_mapping(node, deep=deep))
        mapping.key_lines = key_lines
        mapping[LINE] = node.start_mark.line + 1
        return mapping

    def construct_yaml_map(self, node):  # SafeLoader's, keeping the lines
        data = Lined()
        data.key_lines = {}
        yield data
        value = self.construct_mapping(node)
        data.update(value)
        data.key_lines = value.key_lines

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:  # 2017-13-45: the form of a date, but no day
            raise _BadValue(
                f"'{node.value}' is not a date",
                "write a real day as YYYY-MM-DD, e.g. 2026-07-30",
                node.start_mark,
            ) from None


class _LineLoader(_Lines, yaml.SafeLoader):
    """PyYAML's own parser: the words and lines of its messages are the ones tested."""


class _FastLineLoader(_Lines, getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """libyaml's parser, which PyYAML's wheels include: the site's four data files are read
    about ten times faster (40 -> 4 ms). A file it refuses is read again by _LineLoader."""


for _loader in (_LineLoader, _FastLineLoader):
    _loader.add_constructor("tag:yaml.org,2002:map", _loader.construct_yaml_map)
    _loader.add_constructor("tag:yaml.org,2002:timestamp", _loader.construct_yaml_timestamp)


def load_yaml(path: Path, shown: str | None = None):
    """Parsed YAML; every dict has `__line__`. `shown` is how to name the file in messages."""
    shown = shown or str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise DataFileError(shown, "file not found", "create it (see docs/authoring.md)") from None
    try:
        # utf-8-sig: Windows editors (Notepad) start a file with a byte-order mark
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:  # saved as Windows-1251 or UTF-16: the line of the first
        raise DataFileError(
            shown,
            "the file is not UTF-8 text",
            "save it as UTF-8 (in your editor: Save with Encoding > UTF-8)",
            data[: exc.start].count(b"\n") + 1,
        ) from None
    for number, problem, fix in invisible_characters(text)[:1]:  # YAML refuses them without a line
        raise DataFileError(shown, problem, fix, number)
    try:
        try:
            return yaml.load(text, Loader=_FastLineLoader)
        except yaml.YAMLError:
            return yaml.load(text, Loader=_LineLoader)  # raises again, with PyYAML's words
    except _BadValue as exc:
        raise DataFileError(shown, exc.problem, exc.fix, exc.problem_mark.line + 1) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise DataFileError(
            shown,
            f"this is not valid YAML ({problem})",
            "check the indentation and that every 'name: value' line has a space after the colon",
            line=mark.line + 1 if mark else 1,
        ) from None


def listed(data, key: str, what: str, shown, first_field: str, form=None, noun: str = "entry") -> list:
    """The list of a data file: under its one top-level key (`donors:`), as the browser editor
    reads and writes it. With the file's editor `form`, each entry's values must have the shape
    of their fields (shape.py); `noun` names an entry in messages ("hotline 'x'")."""
    if isinstance(data, dict) and isinstance(data.get(key), list):
        if form is not None:
            from .shape import check_shape

            for number, entry in enumerate(data[key], start=1):
                if isinstance(entry, dict):
                    name = entry.get(first_field)
                    named = isinstance(name, (str, int)) and not isinstance(name, bool)
                    check_shape(
                        entry, form.fields, shown, f"{noun} '{name}'" if named else f"{noun} {number}"
                    )
        return data[key]
    if isinstance(data, list):
        raise DataFileError(
            shown,
            f"the list of {what} must be under '{key}:'",
            f"add a line '{key}:' before the first '- {first_field}:' and indent the list under it"
            " by two spaces",
        )
    raise DataFileError(
        shown,
        f"expected '{key}:' with the list of {what} under it",
        f"start the file with '{key}:' and each entry under it with '  - {first_field}:'",
        line(data),
    )


def source_of(entry: dict, where: str, shown, what: str) -> str:
    """An entry's `source:`, where a source states the facts it gives (required: nothing
    goes on the site that no source states)."""
    source = str(entry.get("source") or "").strip()
    if not source:
        raise DataFileError(
            shown, f"{where}: 'source' is missing", f"add 'source:' naming the document {what}", line(entry)
        )
    return source


def line_of(path, needle: str, at_start: bool = False) -> int:
    """The first line (1-based) of a text file containing `needle` (or, with `at_start`,
    starting with it); 1 if none does. For messages that point into content files."""
    try:
        for number, text in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
            if text.lower().startswith(needle) if at_start else needle in text:
                return number
    except OSError:
        pass
    return 1


def line(entry, default: int = 1) -> int:
    return entry.get(LINE, default) if isinstance(entry, dict) else default


def key_line(mapping, key: str) -> int:
    """The line of `key` in a mapping of the file (else the mapping's own line)."""
    return getattr(mapping, "key_lines", {}).get(key) or line(mapping)
