"""`invoke schedule`: what will appear or expire, and when (Dushanbe time), and a ready way to
publish and deploy at those moments on the office's server.

    python -m iomsite.tools.schedule [SETTINGS] [--write FOLDER]

It lists every embargoed item (dated later than now), every `expires:` still to come and every
hotline banner that starts, stops or whose confirmation runs out, then prints a systemd timer
that runs `invoke go-live` every few minutes (`--write FOLDER` writes its two unit files there)
and the equivalent cron line. `invoke go-live` publishes and deploys only when one of these
moments has come since the last publish, so the timer need not know them in advance.
"""

import argparse
import datetime
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path

from iomsite.core import clock
from iomsite.core.frontmatter import read_front_matter
from iomsite.core.paths import display_path
from iomsite.plugins.content_types.check import content_files

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


def upcoming(settings: dict, after: datetime.datetime) -> list[Event]:
    """Every moment after `after` at which the site changes, in order."""
    return sorted(content_events(settings, after) + hotline_events(settings, after))


TICK_MINUTES = 5  # how often the timer asks whether something is due (a cheap read of front matter)


def timer_units(project: Path) -> tuple[str, str]:
    """A systemd service running `invoke go-live`, and a timer starting it every few minutes:
    it publishes and deploys only when something is due, so moments added later are kept too."""
    service = f"""[Unit]
Description=Publish and deploy the IOM Tajikistan site when something is due (invoke go-live)
After=network-online.target
Wants=network-online.target

[Service]
Type=oneshot
WorkingDirectory={project}
# the deploy's credentials (AWS_ACCESS_KEY_ID=..., one per line; readable by root only)
EnvironmentFile=-/etc/iomsite/deploy.env
ExecStart={project}/.venv/bin/invoke go-live
"""
    timer = f"""[Unit]
Description=Ask every {TICK_MINUTES} minutes whether an embargo lifts or an item expires

[Timer]
OnCalendar=*:0/{TICK_MINUTES}
Persistent=true

[Install]
WantedBy=timers.target
"""
    return service, timer


def cron_line(project: Path) -> str:
    """The same for cron. It names no time of day, so the server's time zone does not matter
    (Debian's cron has one zone, its own, and ignores CRON_TZ)."""
    return (
        f"*/{TICK_MINUTES} * * * * cd {shlex.quote(str(project))} && .venv/bin/invoke go-live "
        ">> go-live.log 2>&1"
    )


def main(argv=None) -> int:
    from pelican.settings import read_settings

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("settings", nargs="?", default=str(ROOT / "pelicanconf.py"))
    parser.add_argument("--write", help="folder to write iomsite-go-live.service and .timer into")
    args = parser.parse_args(argv)
    settings_file = Path(args.settings).resolve()
    settings = read_settings(str(settings_file))
    try:
        now = clock.now(settings)
    except clock.ClockError as exc:
        print(exc)
        return 2
    tz = clock.zone(settings)
    events = upcoming(settings, now)
    print(f"Now: {now.astimezone(tz):%Y-%m-%d %H:%M} (Dushanbe time).")
    if not events:
        print("Nothing is embargoed and nothing expires at the moment.")
    server = datetime.datetime.now().astimezone().tzinfo  # this machine's own zone, for its operator
    for event in events:
        when, local = event.when.astimezone(tz), event.when.astimezone(server)
        here = "" if local.utcoffset() == when.utcoffset() else f" ({local:%H:%M} here)"
        print(f"  {when:%Y-%m-%d %H:%M}{here}  {event.what:<28} {event.where}  ({event.title})")
    project = settings_file.parent
    service, timer = timer_units(project)
    print(
        f"\nTo publish and deploy on time, `invoke go-live` runs every {TICK_MINUTES} minutes: it does "
        "nothing unless an embargo lifts or an item expires, so items scheduled later are kept too."
    )
    print("Install it as a systemd timer (as root; the deploy's credentials go in /etc/iomsite/deploy.env):")
    print("  invoke schedule --write /etc/systemd/system && systemctl daemon-reload")
    print("  systemctl enable --now iomsite-go-live.timer")
    print("\nOr add this line to the site user's crontab (crontab -e):")
    print(cron_line(project))
    if args.write:
        folder = Path(args.write)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "iomsite-go-live.service").write_text(service, encoding="utf-8")
        (folder / "iomsite-go-live.timer").write_text(timer, encoding="utf-8")
        print(f"\nWrote {folder / 'iomsite-go-live.service'} and {folder / 'iomsite-go-live.timer'}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
