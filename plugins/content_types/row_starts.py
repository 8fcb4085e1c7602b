"""A campaign figure or event that holds the start of another, for the content check. YAML
joins a line without its '- ' to the item above: `- 2026-07-30 | Theatre` followed by the line
`    2026-08-02 | Forum` is one event, '2026-07-30 | Theatre 2026-08-02 | Forum', whose three
parts pass for an event's. What gives it away:

- a line going on with an item that starts as a row does: a number (figures) or a date
  (events), then '|';
- in an event's what or where, a date then '|' (also two events written on one line).

A figure's 'what it counts' may end in a number ('victims assisted in 2019 | first half'), so
for figures only a line that starts with one counts.
"""

import re

from iomsite.core.model import ROW_FIELDS

from .values import shorten

ROW_START = {
    "figures": re.compile(r"\d[\d,.]*%?\s*\|"),
    "events": re.compile(r"\d{4}-\d{1,2}-\d{1,2}\s*\|"),
}
GOES_ON = "a line that does not start with '- ' goes on with the item above"


def another_row(key: str, value: str, first_line: int, lines) -> tuple[int, str] | None:
    """(line, problem) when the row `value` of field `key` (starting on the file's line
    `first_line`; `lines`: the file's) holds the start of another row, else None. A '|' block
    (one row a line) is not one row: None."""
    text = value.strip()
    if key not in ROW_START or "\n" in text:
        return None
    found = _starting_line(key, lines, first_line)
    if found is None and key == "events":
        rest = text.partition("|")[2]  # what and where
        inside = re.search(r"(?<!\S)" + ROW_START[key].pattern, rest)
        found = (first_line, rest[inside.start() :].strip()) if inside else None
    if found is None:
        return None
    line, start = found
    noun = ROW_FIELDS[key].noun
    why = GOES_ON if line != first_line else f"one '- ' item holds one {noun}"
    return (
        line,
        f"the {noun} '{shorten(text)}' holds the start of another {noun} ('{shorten(start, 30)}'): {why}",
    )


def _starting_line(key: str, lines, first_line: int) -> tuple[int, str] | None:
    """(line, text) of the first line going on with the item that starts as a row does. The
    lines going on are those after its first that are indented further (up to the next item,
    field or the closing '---')."""
    if not 0 < first_line <= len(lines):
        return None
    indent = _indent(lines[first_line - 1])
    for number in range(first_line + 1, len(lines) + 1):
        text = lines[number - 1]
        if text.strip() and _indent(text) <= indent:
            return None
        if ROW_START[key].match(text.strip()):
            return number, text.strip()
    return None


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip())
