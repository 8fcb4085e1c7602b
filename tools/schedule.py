"""`invoke schedule`: what will appear or expire, and when (Dushanbe time), and a ready way to
publish at those moments on the office's server.

    python -m iomsite.tools.schedule [SETTINGS] [--write FOLDER]

It lists every embargoed item (dated later than now), every `expires:` still to come and every
hotline banner that starts, stops or whose confirmation runs out, then prints a systemd timer
that runs `invoke publish` at each of those moments (and `--write FOLDER` writes its two unit
files there), with the equivalent cron lines. Publishing when nothing is due changes nothing,
so a moment listed twice, or a timer left running, does no harm.
"""

import argparse
import datetime
import sys
from dataclasses import dataclass
from pathlib import Path

from iomsite.plugins.content_types.check import content_files, display_path
from iomsite.plugins.content_types.frontmatter import read_front_matter
from iomsite.plugins.schedule import clock

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True, order=True)
class Event:
    when: datetime.datetime
    what: str  # appears, expires, banner starts, ...
    where: str  # the file
    title: str


def content_events(settings: dict, now: datetime.datetime) -> list[Event]:
    content_dir = Path(settings["PATH"])
    events = []
    for path in content_files(content_dir, settings):
        try:
            fields, _ = read_front_matter(path)
        except (OSError, ValueError):  # unreadable, not UTF-8, fields that cannot be read
            continue  # the content check reports it
        title = fields["title"].value if "title" in fields else path.name
        shown = display_path(path, content_dir)
        for key, what in (("date", "appears"), ("expires", "expires")):
            when = clock.local_moment(fields[key].value, settings) if key in fields else None
            if when and when > now:
                events.append(Event(when, what, shown, title))
    return events


def hotline_events(settings: dict, now: datetime.datetime) -> list[Event]:
    from iomsite.plugins.hotlines.data import DataFileError, as_moment, hotlines_file, load_site_hotlines

    try:
        hotlines = load_site_hotlines(Path(settings["PATH"]), settings)
    except DataFileError:
        return []  # the content check reports it
    shown = f"content/{hotlines_file(settings)}"
    months = settings.get("HOTLINE_CONFIRMATION_MONTHS", 12)
    events = []
    for hotline in hotlines:
        confirmation = hotline.confirmed_until(months)
        for when, what in (
            (hotline.start and as_moment(hotline.start), "banner starts"),
            (hotline.end and as_moment(hotline.end, end_of_day=True), "banner stops after"),
            (as_moment(confirmation, end_of_day=True), "confirmation runs out after"),
        ):
            if when and when > now:
                events.append(Event(when, what, shown, f"{hotline.id} ({hotline.number})"))
    return events


def timer_units(project: Path, moments: list[datetime.datetime], tz_name: str) -> tuple[str, str]:
    service = f"""[Unit]
Description=Publish the IOM Tajikistan site (invoke publish)

[Service]
Type=oneshot
WorkingDirectory={project}
ExecStart={project}/.venv/bin/invoke publish
"""
    calendars = "".join(f"OnCalendar={m.strftime('%Y-%m-%d %H:%M:00')} {tz_name}\n" for m in moments)
    timer = f"""[Unit]
Description=Publish the IOM Tajikistan site when embargoes lift and items expire

[Timer]
{calendars}Persistent=true

[Install]
WantedBy=timers.target
"""
    return service, timer


def main(argv=None) -> int:
    from pelican.settings import read_settings

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("settings", nargs="?", default=str(ROOT / "pelicanconf.py"))
    parser.add_argument("--write", help="folder to write iomsite-publish.service and .timer into")
    args = parser.parse_args(argv)
    settings_file = Path(args.settings).resolve()
    settings = read_settings(str(settings_file))
    try:
        now = clock.now(settings)
    except clock.ClockError as exc:
        print(exc)
        return 2
    tz = clock.zone(settings)
    events = sorted(content_events(settings, now) + hotline_events(settings, now))
    print(f"Now: {now.astimezone(tz):%Y-%m-%d %H:%M} (Dushanbe time).")
    if not events:
        print("Nothing is embargoed and nothing expires: no publishing needs to be scheduled.")
        return 0
    for event in events:
        print(
            f"  {event.when.astimezone(tz):%Y-%m-%d %H:%M}  {event.what:<28} {event.where}  ({event.title})"
        )
    moments = sorted({e.when.astimezone(tz) for e in events})
    project = settings_file.parent
    service, timer = timer_units(project, moments, str(tz))
    print("\nTo publish at these moments on the server, install this systemd timer (as root):")
    print("  invoke schedule --write /etc/systemd/system && systemctl daemon-reload")
    print("  systemctl enable --now iomsite-publish.timer")
    print("\nOr add these lines to the site user's crontab (crontab -e):")
    print(f"CRON_TZ={tz}")
    for m in moments:
        print(f"{m.minute} {m.hour} {m.day} {m.month} * cd {project} && .venv/bin/invoke publish  # {m:%Y}")
    if args.write:
        folder = Path(args.write)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "iomsite-publish.service").write_text(service, encoding="utf-8")
        (folder / "iomsite-publish.timer").write_text(timer, encoding="utf-8")
        print(f"\nWrote {folder / 'iomsite-publish.service'} and {folder / 'iomsite-publish.timer'}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
