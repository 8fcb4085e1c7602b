"""Dates as each language writes them, from the patterns each language carries in the content
model (core/model.py: `date_patterns`, and `month_names` where the site writes its months
otherwise than CLDR, as Tajik does: "15 феврали соли 2006")."""

import datetime
from functools import cache, lru_cache
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date as babel_format_date

from iomsite.core import model

DUSHANBE = ZoneInfo(model.TIME_ZONE)
PRECISIONS = model.DATE_PRECISIONS  # day, month, year: the order of a language's date_patterns


def language_of(lang: str) -> model.Language:
    return model.language(lang) or model.language(model.DEFAULT_LANGUAGE)


def pattern_for(language: model.Language, value: datetime.date, precision: str) -> str:
    """The Babel pattern, its month replaced by the language's own name of it (quoted as a
    literal) where the language has its own month names."""
    pattern = language.date_patterns[PRECISIONS.index(precision)]
    if language.month_names:
        month = f"'{language.month_names[value.month - 1]}'"
        pattern = pattern.replace("MMMM", month).replace("LLLL", month)
    return pattern


@lru_cache(maxsize=16384)  # the same dates appear on many pages (lists, related stories)
def format_date(value, lang: str = "en", precision: str = "day") -> str:
    """`value` (a date or datetime) in `lang`, as precise as `precision`: day, month or year."""
    if value is None:
        return ""
    if precision not in PRECISIONS:
        precision = "day"
    language = language_of(lang)
    return babel_format_date(
        value, pattern_for(language, value, precision), locale=babel_locale(language.code)
    )


@cache
def babel_locale(lang: str) -> Locale:
    """Parsed once: Babel parses a locale name on every call (three quarters of the time of
    formatting a date)."""
    found = model.language(lang)
    return Locale.parse(found.babel_locale if found else lang)


def format_moment(value, lang: str = "en") -> str:
    """A date and time in Dushanbe time, e.g. "10 January 2027, 09:00" (embargoes, expiry)."""
    if value is None:
        return ""
    local = value.astimezone(DUSHANBE) if value.tzinfo else value
    return f"{format_date(local.date(), lang)}, {local:%H:%M}"
