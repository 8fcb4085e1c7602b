"""Dates as each language writes them: the one place where their patterns are defined.

English and Russian follow Babel's CLDR data with our own patterns: the year of a Russian date
carries "г." whatever its precision ("15 февраля 2006 г.", "июнь 2012 г.", "2012 г."). Babel's
Tajik data gives "15 Феврал 2006": Tajik writes the month in lower case, joined to the year by
the izofat ("15 феврали соли 2006", "июни соли 2012", "соли 2012"), as the site's own Tajik text
does; CLDR has no pattern for that, so Tajik dates are written here.
"""

import datetime
from functools import cache, lru_cache
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date as babel_format_date

from iomsite.core.model import SITE_LANGUAGES, TIME_ZONE

BABEL_LOCALES = {language.code: language.babel_locale for language in SITE_LANGUAGES}
DUSHANBE = ZoneInfo(TIME_ZONE)
NBSP = "\u00a0"
BABEL_PATTERNS = {
    "en": {"day": "d MMMM y", "month": "MMMM y", "year": "y"},
    "ru": {"day": f"d MMMM y{NBSP}'г.'", "month": f"LLLL y{NBSP}'г.'", "year": f"y{NBSP}'г.'"},
}
# Tajik months with the izofat ("-и") that links them to "соли <year>".
TAJIK_MONTHS = (
    "январи",
    "феврали",
    "марти",
    "апрели",
    "майи",
    "июни",
    "июли",
    "августи",
    "сентябри",
    "октябри",
    "ноябри",
    "декабри",
)


def tajik_date(value: datetime.date, precision: str) -> str:
    year = f"соли {value.year}"
    if precision == "year":
        return year
    month = f"{TAJIK_MONTHS[value.month - 1]} {year}"
    return month if precision == "month" else f"{value.day} {month}"


@lru_cache(maxsize=16384)  # the same dates appear on many pages (lists, related stories)
def format_date(value, lang: str = "en", precision: str = "day") -> str:
    """`value` (a date or datetime) in `lang`, as precise as `precision`: day, month or year."""
    if value is None:
        return ""
    if precision not in ("day", "month", "year"):
        precision = "day"
    if lang == "tg":
        return tajik_date(value, precision)
    patterns = BABEL_PATTERNS.get(lang, BABEL_PATTERNS["en"])
    return babel_format_date(value, patterns[precision], locale=babel_locale(lang))


@cache
def babel_locale(lang: str) -> Locale:
    """Parsed once: Babel parses a locale name on every call (three quarters of the time of
    formatting a date)."""
    return Locale.parse(BABEL_LOCALES.get(lang, lang))


def format_moment(value, lang: str = "en") -> str:
    """A date and time in Dushanbe time, e.g. "10 January 2027, 09:00" (embargoes, expiry)."""
    if value is None:
        return ""
    local = value.astimezone(DUSHANBE) if value.tzinfo else value
    return f"{format_date(local.date(), lang)}, {local:%H:%M}"
