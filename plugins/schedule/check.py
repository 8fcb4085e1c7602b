"""The content check's part for embargoes and expiry (tools/check_content.py asks every
plugin): a future date needs a time, and `expires:` must be a moment after the date."""

import re
from pathlib import Path

from iomsite.core import clock

DATE_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}")


def content_problems(files, content_dir: Path, settings: dict) -> list[tuple]:
    problems = []
    now = clock.now(settings)
    for item in files:
        date_field, expires_field = item.fields.get("date"), item.fields.get("expires")
        date = clock.local_moment(date_field.value, settings) if date_field else None
        if date and DATE_ONLY.fullmatch(date_field.value.strip()) and date.date() > now.date():
            problems.append(
                (
                    item.shown,
                    date_field.line,
                    f"the date {date_field.value} is in the future but has no time, so the moment it may "
                    "appear is not clear",
                    f"write the moment it may be published, in Dushanbe time, e.g. 'date: {date_field.value} "
                    "09:00' (until then nothing of it is published)",
                )
            )
        if expires_field is None:
            continue
        expires = clock.local_moment(expires_field.value, settings)
        if expires is None:
            problems.append(
                (
                    item.shown,
                    expires_field.line,
                    f"'{expires_field.value}' is not a date and time",
                    "write it as YYYY-MM-DD HH:MM in Dushanbe time, e.g. 'expires: 2027-01-31 18:00'",
                )
            )
        elif DATE_ONLY.fullmatch(expires_field.value.strip()):
            problems.append(
                (
                    item.shown,
                    expires_field.line,
                    f"'expires: {expires_field.value}' has no time, so the moment it ends is not clear",
                    f"write the time too, e.g. 'expires: {expires_field.value} 18:00' (Dushanbe time)",
                )
            )
        elif date and expires <= date:
            problems.append(
                (
                    item.shown,
                    expires_field.line,
                    f"it expires ({expires_field.value}) before it is published ({date_field.value})",
                    "check the two dates",
                )
            )
    return problems
