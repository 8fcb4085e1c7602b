"""The build's one clock: what "now" is for everything that depends on time (embargoes and
expiry, hotline banners, the donors of the year).

`now(settings)` is the real time in Dushanbe, or `SITE_NOW` from the environment (ISO 8601
with an offset, e.g. `2027-01-10T09:00+05:00`), for tests and for a writer who wants to see the
site as it will be at a moment. `SITE_TODAY` in the settings (YYYY-MM-DD), for reproducible
builds, stands for the start of that day when `SITE_NOW` is not given.

A plugin that shows or hides something by the clock declares the decision with
`depends(key, state)`, and the day counts as one (`begin`): the incremental writer reuses a
page only while every such decision is the one it was made with (they go to
`core/declarations.py`, read by the incremental layer), so a rebuild at another moment equals
a clean build at that moment.
"""

import datetime
import os
from zoneinfo import ZoneInfo

from . import declarations
from .model import TIME_ZONE


class ClockError(ValueError):
    """SITE_NOW is not a moment with an offset."""


def zone(settings) -> ZoneInfo:
    return ZoneInfo(settings.get("TIMEZONE") or TIME_ZONE)


def parse_moment(text: str) -> datetime.datetime:
    try:
        moment = datetime.datetime.fromisoformat(text.strip())
    except ValueError:
        raise ClockError(
            f"SITE_NOW='{text}' is not a date and time: write it as 2027-01-10T09:00+05:00"
        ) from None
    if moment.tzinfo is None:
        raise ClockError(f"SITE_NOW='{text}' has no offset: write it as 2027-01-10T09:00+05:00 (Dushanbe)")
    return moment


def local_moment(value, settings) -> datetime.datetime | None:
    """A moment as writers write it ('2027-01-10 09:00', '2027-01-10T09:00+05:00', a date),
    aware: Dushanbe time unless it gives an offset. None when it is not one."""
    if isinstance(value, datetime.datetime):
        moment = value
    else:
        try:
            moment = datetime.datetime.fromisoformat(str(value).strip().replace(" +", "+"))
        except ValueError:
            return None
    return moment if moment.tzinfo else moment.replace(tzinfo=zone(settings))


def now(settings) -> datetime.datetime:
    """The build's "now", aware, in the site's time zone."""
    tz = zone(settings)
    if os.environ.get("SITE_NOW"):
        return parse_moment(os.environ["SITE_NOW"]).astimezone(tz)
    if settings.get("SITE_TODAY"):
        return datetime.datetime.combine(
            datetime.date.fromisoformat(str(settings["SITE_TODAY"])), datetime.time(), tz
        )
    return datetime.datetime.now(tz)


def today(settings) -> datetime.date:
    return now(settings).date()


_changes: list[datetime.datetime] = []


def begin(settings) -> None:
    """A new build: no decision made yet but the day (the schedule plugin calls it at
    `initialized`; donor lists and banners depend on the day)."""
    declarations.forget_values(prefix="clock:")
    declarations.depends_on_value("clock:today", today(settings).isoformat())
    tomorrow = today(settings) + datetime.timedelta(days=1)
    changes_at(datetime.datetime.combine(tomorrow, datetime.time(), zone(settings)))


def changes_at(moment: datetime.datetime) -> None:
    """Declare a later moment at which a decision of this build changes (an embargo lifts, an
    item expires, a banner starts): until the first of them, a build with nothing else
    changed makes the same site, and is skipped (tools/unchanged.py). Kept for the process
    (plugins declare in any order at the build's start; one passed is ignored)."""
    _changes.append(moment)


def outlook(settings) -> dict:
    """For the build's report: whether the clock is the real time (not SITE_NOW or
    SITE_TODAY), and the first moment after now declared by `changes_at`, as a Unix time."""
    live = not os.environ.get("SITE_NOW") and not settings.get("SITE_TODAY")
    try:
        moment = now(settings)
    except ClockError:  # the build reports it in its words; no next change: never skipped
        return {"live": live, "next_change": None}
    later = [change for change in _changes if change > moment]
    return {"live": live, "next_change": min(later).timestamp() if later else None}


def depends(key: str, state: str) -> None:
    """Declare a decision made by the clock, e.g. depends("hotline:x", "hidden")."""
    declarations.depends_on_value(f"clock:{key}", state)
