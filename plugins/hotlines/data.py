"""Load and validate content/data/hotlines.yml (phone numbers checked with `phonenumbers`)."""

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

import phonenumbers

from iomsite.core import model
from iomsite.core.datafiles import DataFileError, key_line, line, listed, load_yaml, source_of  # noqa: F401
from iomsite.core.datafiles.form import DataForm, Field
from iomsite.core.datafiles.texts import per_language
from iomsite.core.model import TIME_ZONE, languages_listed

REGION = "TJ"
DUSHANBE = ZoneInfo(TIME_ZONE)


@dataclass(frozen=True)
class Hotline:
    id: str
    names: dict
    number: str
    e164: str
    known_since: datetime.date  # the earliest date a source gives for the number
    confirmed: datetime.date  # the last day someone confirmed that the number is in service
    start: datetime.date | None
    end: datetime.date | None
    priority: int
    site_wide: bool = False
    sections: tuple = ()
    categories: tuple = ()
    tags: tuple = ()
    hours: dict = field(default_factory=dict)
    languages: tuple = ()
    regions: dict = field(default_factory=dict)
    line: int = 1
    confirmed_line: int = field(default=0, compare=False)  # where 'confirmed:' is (the content check)

    def text(self, values: dict, lang: str) -> str:
        return values.get(lang) or values.get("en", "")

    def name(self, lang):
        return self.text(self.names, lang)

    def hours_in(self, lang):
        return self.text(self.hours, lang)

    def region(self, lang):
        return self.text(self.regions, lang)

    def active_on(self, now: datetime.datetime) -> bool:
        """Within the banner's own `start` and `end` (days, or moments with a time), whatever
        the confirmation."""
        started = self.start is None or (
            now >= self.start if isinstance(self.start, datetime.datetime) else now.date() >= self.start
        )
        ended = self.end is not None and (
            now >= self.end if isinstance(self.end, datetime.datetime) else now.date() > self.end
        )
        return started and not ended

    @property
    def last_day(self) -> datetime.date | None:
        return self.end.date() if isinstance(self.end, datetime.datetime) else self.end

    def confirmed_until(self, months: int) -> datetime.date:
        """The last day the confirmation counts: `months` after it (the same day of the month,
        or the month's last day)."""
        month = self.confirmed.month - 1 + months
        year, month = self.confirmed.year + month // 12, month % 12 + 1
        last_day = (datetime.date(year + month // 12, month % 12 + 1, 1) - datetime.timedelta(days=1)).day
        return datetime.date(year, month, min(self.confirmed.day, last_day))

    def shown_on(self, now: datetime.datetime, months: int) -> bool:
        # a confirmation dated after today is a slip (the content check refuses it): it
        # confirms nothing
        return self.active_on(now) and self.confirmed <= now.date() <= self.confirmed_until(months)

    def applies(self, section, category, tags) -> bool:
        return (
            self.site_wide
            or (section in self.sections)
            or (category in self.categories)
            or bool(set(tags) & set(self.tags))
        )


def hotlines_file(settings) -> str:
    """hotlines.yml's path inside content/ (setting HOTLINES_FILE)."""
    return settings.get("HOTLINES_FILE", "data/hotlines.yml")


def as_moment(value, end_of_day=False) -> datetime.datetime:
    """A day as its first (or last) moment in Dushanbe, a moment as itself: to compare them."""
    if isinstance(value, datetime.datetime):
        return value
    return datetime.datetime.combine(value, datetime.time.max if end_of_day else datetime.time(), DUSHANBE)


def as_date(value, where, key, path, entry_line, zone=None):
    """A date (YYYY-MM-DD), or with `zone` also a moment (YYYY-MM-DD HH:MM, in that zone)."""
    if value is None or isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    if zone is not None:
        try:
            moment = (
                value if isinstance(value, datetime.datetime) else datetime.datetime.fromisoformat(str(value))
            )
            return moment if moment.tzinfo else moment.replace(tzinfo=zone)
        except ValueError:
            pass
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        example = "2026-07-30 or 2026-07-30 18:00" if zone is not None else "2026-07-30"
        raise DataFileError(
            path,
            f"{where}: {key} '{value}' is not a date",
            f"write it as YYYY-MM-DD, e.g. {example}",
            entry_line,
        ) from None


def load_hotlines(path: Path, shown: str, sections: set | None, categories: set) -> list[Hotline]:
    """`sections`: the site's section slugs (None when sections.yml cannot be read: a rule's
    sections are then not judged)."""
    hotlines = []
    for entry in listed(load_yaml(path, shown), "hotlines", "hotlines", shown, "id", EDITOR_FORM, "hotline"):
        entry_line = line(entry)
        if not isinstance(entry, dict) or not entry.get("id"):
            raise DataFileError(shown, "a hotline has no 'id'", "add 'id: <short-name>'", entry_line)
        where = f"hotline '{entry['id']}'"
        if any(hotline.id == str(entry["id"]) for hotline in hotlines):
            raise DataFileError(
                shown,
                f"{where} is listed twice",
                "keep one entry for each number: merge the two, or give one another id",
                entry_line,
            )
        number = str(entry.get("number") or "")
        try:
            parsed = phonenumbers.parse(number, REGION)
            valid = phonenumbers.is_valid_number(parsed)
        except phonenumbers.NumberParseException:
            valid = False
        if not valid:
            raise DataFileError(
                shown,
                f"{where}: '{number}' is not a valid phone number",
                "write it as dialled in Tajikistan, e.g. 918-85-3434",
                entry_line,
            )
        source_of(entry, where, shown, "that gives this number, and its words")
        e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
        if entry.get("e164") and str(entry["e164"]).replace(" ", "") != e164:
            raise DataFileError(
                shown,
                f"{where}: e164 '{entry['e164']}' is not the same number as '{number}'",
                f'write e164: "{e164}" (or remove it: it is worked out from the number)',
                entry_line,
            )
        banner = entry.get("banner") or {}
        banner_line = line(banner, entry_line)
        rules = banner.get("show_on") or {}
        unknown_sections = set(rules.get("sections") or []) - sections if sections is not None else set()
        if unknown_sections:
            raise DataFileError(
                shown,
                f"{where}: unknown section {sorted(unknown_sections)} in show_on",
                "use a slug from content/data/sections.yml",
                line(rules, banner_line),
            )
        unknown_categories = set(rules.get("categories") or []) - categories
        if unknown_categories:
            raise DataFileError(
                shown,
                f"{where}: unknown category {sorted(unknown_categories)} in show_on",
                f"use one of: {', '.join(sorted(categories))}",
                line(rules, banner_line),
            )
        known_since = as_date(entry.get("known_since"), where, "known_since", shown, entry_line)
        confirmed = as_date(entry.get("confirmed"), where, "confirmed", shown, entry_line)
        if known_since is None:
            raise DataFileError(
                shown,
                f"{where}: 'known_since' is missing",
                "add 'known_since: YYYY-MM-DD', the earliest date a source gives for this "
                "number (no banner stands on content dated before it)",
                entry_line,
            )
        if confirmed is None:
            raise DataFileError(
                shown,
                f"{where}: 'confirmed' is missing",
                "add 'confirmed: YYYY-MM-DD', the last day someone checked that the number is "
                "in service (the banner shows only while that is recent)",
                entry_line,
            )
        if confirmed < known_since:
            raise DataFileError(
                shown,
                f"{where}: confirmed ({confirmed}) is before known_since ({known_since})",
                "check the two dates",
                entry_line,
            )
        start = as_date(banner.get("start"), where, "start", shown, banner_line, DUSHANBE)
        end = as_date(banner.get("end"), where, "end", shown, banner_line, DUSHANBE)
        if end is not None and start is not None and as_moment(end, end_of_day=True) < as_moment(start):
            raise DataFileError(
                shown,
                f"{where}: the banner ends ({end}) before it starts ({start})",
                "check the two dates under 'banner:'",
                banner_line,
            )
        languages = entry.get("languages") or []
        if set(languages) - set(model.LANGUAGES):
            raise DataFileError(
                shown,
                f"{where}: unknown language {sorted(set(languages) - set(model.LANGUAGES))}",
                f"use {languages_listed()}",
                entry_line,
            )
        hotlines.append(
            Hotline(
                str(entry["id"]),
                per_language(entry.get("name"), where, "name", shown, entry_line, True),
                number,
                e164,
                known_since,
                confirmed,
                start,
                end,
                int(banner.get("priority") or 0),
                bool(rules.get("site_wide")),
                tuple(rules.get("sections") or ()),
                tuple(rules.get("categories") or ()),
                tuple(str(t) for t in rules.get("tags") or ()),
                per_language(entry.get("hours"), where, "hours", shown, entry_line),
                tuple(languages),
                per_language(entry.get("region"), where, "region", shown, entry_line),
                entry_line,
                key_line(entry, "confirmed"),
            )
        )
    return hotlines


def load_site_hotlines(content_dir: Path, settings: dict) -> list[Hotline]:
    """hotlines.yml of a site, checked against its sections and content types (for the content
    check and `invoke schedule`; the plugin reads the sections the build already loaded)."""
    from iomsite.core.model import ARTICLE_CATEGORIES
    from iomsite.core.sections import load_sections, sections_file

    name = hotlines_file(settings)
    try:
        sections = {s.slug for s in load_sections(Path(content_dir) / sections_file(settings))}
    except DataFileError:
        sections = None  # reported by the content_types check: not a reason to refuse a rule
    return load_hotlines(Path(content_dir) / name, f"content/{name}", sections, set(ARTICLE_CATEGORIES))


# The browser editor's form for hotlines.yml (what each field means: the file's own header).
MOMENT_HINT = "YYYY-MM-DD, or YYYY-MM-DD HH:MM (Dushanbe time)"
EDITOR_FORM = DataForm(
    key="hotlines",
    label="Hotlines",
    item="hotline",
    summary="{{fields.number}}: {{fields.name.en}} (confirmed {{fields.confirmed}})",
    fields=(
        Field("id", "Short name", "text", True),
        Field("name", "Name", "per_language", True),
        Field("number", "Number", "text", True, "as dialled in Tajikistan, e.g. 918-85-3434"),
        Field(
            "e164",
            "International form",
            "text",
            hint="e.g. +992918853434; worked out from the number if left out",
        ),
        Field(
            "source", "Source", "long", True, "where a source gives this number: the document and its words"
        ),
        Field("known_since", "Known since", "date", True, "the earliest date a source gives for this number"),
        Field(
            "confirmed",
            "Confirmed",
            "date",
            True,
            "the last day someone called the number and the service answered",
        ),
        Field("hours", "Hours", "per_language"),
        Field("languages", "Operators' languages", "choices", choices="languages"),
        Field("region", "Region", "per_language"),
        Field(
            "banner",
            "Banner",
            "group",
            True,
            "which pages show it",
            fields=(
                Field(
                    "show_on",
                    "Shown on",
                    "group",
                    True,
                    fields=(
                        Field("site_wide", "Every page", "yes_no"),
                        Field("sections", "Sections", "choices", choices="section"),
                        Field("categories", "Kinds of content", "choices", choices="categories"),
                        Field("tags", "Tags", "words"),
                    ),
                ),
                Field("start", "First day shown", "text", hint=MOMENT_HINT),
                Field("end", "Last day shown", "text", hint=MOMENT_HINT),
                Field(
                    "priority",
                    "Priority",
                    "number",
                    hint="a higher number wins when several banners fit one page",
                ),
            ),
        ),
    ),
)
