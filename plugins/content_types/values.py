"""What front-matter values mean, for the schema (schema.py) and the rules (rules.py):

- the moment a date says (model.MOMENT_FORMATS), the day an event's date says, and why a text
  is not a date (the number that is out of range);
- a value starting with '!' or '&', which YAML reads as a type tag or an anchor name:
  `title: !!binary …` became its base64 text, `title: &a Text` lost '&a' (the reader gives
  what is left, so this is read from the file's lines).
"""

import calendar
import datetime
import difflib
import re

from iomsite.core.model import MOMENT_FORMATS

NODE_PROPERTY = re.compile(r"^\s*(?:-\s+|[\w-]+\s*:\s+)([!&])")
PROPERTY_PROBLEMS = {
    "!": "YAML reads the '!' at the start of this value as a type and changes or drops the text",
    "&": "YAML reads the '&' at the start of this value as an anchor name and drops it",
}


def parse_date(text: str) -> datetime.datetime | None:
    """The moment a `date:` or `modified:` value says (model.MOMENT_FORMATS), or None."""
    for fmt in MOMENT_FORMATS:
        try:
            return datetime.datetime.strptime(text.strip(), fmt)
        except ValueError:
            continue
    return None


DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_day(text: str) -> datetime.date | None:
    """The day a YYYY-MM-DD text says (an event's date, as the page reads it), or None."""
    text = text.strip()
    if not DAY.fullmatch(text):
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


# A date in the right form whose numbers are not a day: say which number is wrong.
DATE_PARTS = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}))?")


def not_a_date(text: str) -> str:
    """Why `text` is not a date, for a writer: the form, or the number that is out of range."""
    found = DATE_PARTS.match(text)
    if not found:
        return f"'{text}' is not a date"
    year, month, day = (int(part) for part in found.groups()[:3])
    if year < 1:
        why = "there is no year 0 (years start at 0001)"
    elif not 1 <= month <= 12:
        why = f"there is no month {month} (months go from 01 to 12)"
    elif not 1 <= day <= calendar.monthrange(year, month)[1]:
        days = calendar.monthrange(year, month)[1]
        why = f"{calendar.month_name[month]} {year} has {days} days, so there is no day {day}"
    elif found.group(4) and int(found.group(4)) > 23:
        why = f"there is no hour {int(found.group(4))} (hours go from 00 to 23)"
    elif found.group(5) and int(found.group(5)) > 59:
        why = f"there is no minute {int(found.group(5))} (minutes go from 00 to 59)"
    else:
        why = f"'{text[found.end(3) :].strip()}' after the day is not a time (HH:MM)"
    return f"'{text}' is not a date: {why}"


# Words of the messages


def closest(word: str, choices) -> str:
    """The known names nearest to `word`, quoted, for "did you mean ...?"."""
    near = difflib.get_close_matches(word, list(choices), n=3, cutoff=0.6)
    return ", ".join(f"'{n}'" for n in near)


def shorten(text: str, width: int = 70) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
