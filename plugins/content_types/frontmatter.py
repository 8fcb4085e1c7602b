"""Read a Markdown file's front matter with line numbers, the way Python-Markdown's `meta`
extension (which Pelican uses) reads it, so that problems can point at the exact line."""

import re
from dataclasses import dataclass
from pathlib import Path

_FIELD = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
_MORE = re.compile(r"^(?:[ ]{4,}|\t)(?P<value>.*)")
_FENCE = re.compile(r"^-{3}(\s.*)?$")


@dataclass
class Field:
    key: str
    values: list  # one string per line (continuation lines add more)
    line: int  # 1-based line of the key

    @property
    def value(self) -> str:
        return self.values[0] if len(self.values) == 1 else "\n".join(self.values)


def read_front_matter(path: Path, lines: list | None = None) -> tuple[dict, int]:
    """Return ({key: Field}, line where the body starts). Keys are lower-cased like Pelican's.
    `lines`: the file's lines when the caller has already read it."""
    if lines is None:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    fields: dict = {}
    current = None
    start = 0
    if lines and _FENCE.match(lines[0]):
        start = 1
    number = start
    for number, text in enumerate(lines[start:], start=start + 1):
        if not text.strip() or (start and _FENCE.match(text)):
            return fields, number + 1
        more = _MORE.match(text)
        if more and current is not None:
            current.values.append(more.group("value").strip())
            continue
        match = _FIELD.match(text)
        if not match:
            return fields, number
        current = Field(match.group("key").lower(), [match.group("value").strip()], number)
        fields.setdefault(current.key, current)
    return fields, number + 1
