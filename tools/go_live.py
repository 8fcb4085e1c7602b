"""`invoke go-live`: publish and deploy when something is due, and otherwise do nothing, quickly.

    python -m iomsite.tools.go_live [--settings publishconf.py] [--target URL] [--only CHECKS]

Run every few minutes by the systemd timer or the cron line that `invoke schedule` prints. A
moment is due when an embargo lifts, an item expires or a hotline banner starts or stops
between the last publish (`releases/published.json`, written by `invoke publish`) and now; a
release that was published but not yet deployed to the target (`releases/deployed.json`) is
deployed too. So an item scheduled after the timer was installed goes live on time as well,
and a run that failed (a finding, an unreachable host) is tried again at the next tick.

Exit status 0 when nothing was due or everything went live, 1 when publishing or deploying
stopped (it says why; public/ and the host keep what they had).
"""

import argparse
import datetime
import fcntl
import sys
from pathlib import Path

from iomsite.core import clock
from iomsite.tools.check.run import CHECKS, project_settings
from iomsite.tools.deploy import deploy, last_deploys
from iomsite.tools.publish import last_publication, publish
from iomsite.tools.records import releases_folder
from iomsite.tools.schedule import Event, upcoming

ROOT = Path(__file__).resolve().parent.parent


def due(settings: dict, since: datetime.datetime, now: datetime.datetime) -> list[Event]:
    """What changes on the site after `since`, up to `now`."""
    return [event for event in upcoming(settings, since) if event.when <= now]


def go_live(settings_file: Path, public: Path, target: str = "", only=CHECKS, out=sys.stdout) -> int:
    """`target`: where to deploy; empty: DEPLOY_TARGET of the settings, if any."""
    releases = releases_folder(public)
    releases.mkdir(parents=True, exist_ok=True)
    with (releases / ".go-live.lock").open("w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:  # a slow publish still running from the last tick
            print("Another go-live is running; this one leaves it to finish.", file=out)
            return 0
        return _go_live(settings_file, public, target, only, out)


def _go_live(settings_file: Path, public: Path, target: str, only, out) -> int:
    settings = project_settings(settings_file)
    target = target or settings.get("DEPLOY_TARGET") or ""
    try:
        now = clock.now(settings)
    except clock.ClockError as exc:
        print(f"Go-live stopped: {exc}.", file=out)
        return 2
    tz = clock.zone(settings)
    last = last_publication(releases_folder(public))
    if not last:
        reasons = ["nothing has been published here yet"]
    else:
        reasons = [
            f"{event.when.astimezone(tz):%Y-%m-%d %H:%M} {event.what} {event.where}"
            for event in due(settings, last["built_at"], now)
        ]
    if reasons:
        print(f"Due at {now.astimezone(tz):%Y-%m-%d %H:%M} (Dushanbe time):", file=out)
        for reason in reasons:
            print(f"  {reason}", file=out)
        status = publish(settings_file, public, only, out=out)
        if status != 0:
            return status
    if not public.is_symlink():
        print("Nothing is published yet (public/ is missing): nothing to deploy.", file=out)
        return 0
    current = public.resolve().name
    if not target:
        if reasons:
            print("No DEPLOY_TARGET: the site is served from public/ on this machine.", file=out)
        return 0
    if last_deploys(public).get(target) == current:
        if not reasons:
            print(f"Nothing is due; {current} is live at {target}.", file=out)
        return 0
    return deploy(settings, public, target, out=out)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--settings", default=str(ROOT / "publishconf.py"))
    parser.add_argument("--public", default=str(ROOT / "public"))
    parser.add_argument("--target", help="s3://bucket/prefix, ssh://user@host:port/path or a folder")
    parser.add_argument("--only", default=",".join(CHECKS), help="checks to run (default: all)")
    args = parser.parse_args(argv)
    only = tuple(args.only.split(","))
    return go_live(Path(args.settings).resolve(), Path(args.public).absolute(), args.target or "", only)


if __name__ == "__main__":
    sys.exit(main())
