"""YAML loading with line numbers kept on every mapping (as the key `__line__`)."""

import datetime
from pathlib import Path

import yaml

LINE = "__line__"


class DataFileError(Exception):
    """A problem in a data file, worded for the writer: where, what, and how to fix it."""

    def __init__(self, path, problem: str, fix: str, line: int = 1):
        super().__init__(f"{path}:{line}: {problem} — {fix}")
        self.path, self.line, self.problem, self.fix = str(path), line, problem, fix


class _LineLoader(yaml.SafeLoader):
    def construct_mapping(self, node, deep=False):
        mapping = super().construct_mapping(node, deep=deep)
        mapping[LINE] = node.start_mark.line + 1
        return mapping


def load_yaml(path: Path, shown: str | None = None):
    """Parsed YAML; every dict has `__line__`. `shown` is how to name the file in messages."""
    shown = shown or str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataFileError(shown, "file not found", "create it (see docs/authoring.md)") from None
    try:
        return yaml.load(text, Loader=_LineLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise DataFileError(
            shown,
            f"this is not valid YAML ({problem})",
            "check the indentation and that every 'name: value' line has a space after the colon",
            line=mark.line + 1 if mark else 1,
        ) from None


def listed(data, key: str, what: str, shown, first_field: str) -> list:
    """The list of a data file: under its one top-level key (`donors:`), as the browser editor
    reads and writes it."""
    if isinstance(data, dict) and isinstance(data.get(key), list):
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


def today(settings) -> datetime.date:
    """Today by the build's one clock (plugins/schedule/clock.py: SITE_NOW, SITE_TODAY or the
    real day in Dushanbe). Used by the plugins whose output depends on the date."""
    from ..schedule import clock

    return clock.today(settings)


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
