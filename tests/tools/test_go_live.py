"""Scheduled publishing goes live: `invoke go-live` (run every few minutes by the timer or the
cron line of `invoke schedule`) publishes and deploys when an embargo lifts, and does nothing
otherwise; the units and the cron line are checked by systemd and Debian's cron themselves."""

import gzip
import os
import subprocess
from pathlib import Path

import pytest
from conftest import MINIMAL_PRESS, ROOT, run_module

BEFORE = {"SITE_NOW": "2027-01-10T08:59+05:00"}
AFTER = {"SITE_NOW": "2027-01-10T09:01+05:00"}
SECRET = "The ministers will sign the agreement in Khujand."
EMBARGOED = f"""\
title: Agreement to be signed in Khujand
date: 2027-01-10 09:00
dateline: Dushanbe
section: counter-trafficking

{SECRET}
"""
SLUG = "agreement-to-be-signed-in-khujand"


def go_live(site, public: Path, target: str, env: dict) -> subprocess.CompletedProcess:
    """What the timer runs (`invoke go-live`), on the fixture site, with the link check only."""
    return run_module(
        "iomsite.tools.go_live", "--settings", site.settings, "--public", public, "--target", target,
        "--only", "links", env={**os.environ, **env},
    )  # fmt: skip


def served(client, key: str) -> str | None:
    """The object's text as the S3 server gives it, or None when there is none."""
    try:
        response = client.get_object(Bucket="site", Key=key)
    except client.exceptions.NoSuchKey:
        return None
    body = response["Body"].read()
    return (gzip.decompress(body) if response.get("ContentEncoding") == "gzip" else body).decode()


def test_an_embargoed_release_goes_live_on_the_s3_host_at_its_minute(fixture_site, s3, tmp_path):
    client, env = s3
    fixture_site.write("press/public.md", MINIMAL_PRESS)
    fixture_site.write("press/embargoed.md", EMBARGOED)
    public, target = tmp_path / "public", "s3://site/live"
    page = f"live/press/{SLUG}/index.html"

    first = go_live(fixture_site, public, target, {**env, **BEFORE})
    assert first.returncode == 0 and "nothing has been published here yet" in first.stdout, first.stdout
    assert "Deployed" in first.stdout and served(client, "live/index.html") is not None
    assert served(client, page) is None and SECRET not in served(client, "live/index.html")

    quiet = go_live(fixture_site, public, target, {**env, **BEFORE})
    assert quiet.returncode == 0 and "Nothing is due" in quiet.stdout, quiet.stdout
    assert (
        "Published" not in quiet.stdout
        and len([p for p in (tmp_path / "releases").iterdir() if p.is_dir()]) == 1
    )

    due = go_live(fixture_site, public, target, {**env, **AFTER})
    assert due.returncode == 0, due.stdout + due.stderr
    assert "2027-01-10 09:00 appears content/press/embargoed.md" in due.stdout
    assert "Published" in due.stdout and "Deployed" in due.stdout
    assert SECRET in served(client, page)
    assert SLUG in served(client, "live/index.html")

    again = go_live(fixture_site, public, target, {**env, **AFTER})
    assert again.returncode == 0 and "Nothing is due" in again.stdout, again.stdout


def test_a_release_published_by_hand_is_deployed_at_the_next_tick(fixture_site, s3, tmp_path):
    """A failed deploy (or a publish by hand) is caught up with: what public/ points to is
    deployed when the target does not have it yet."""
    client, env = s3
    fixture_site.write("press/public.md", MINIMAL_PRESS)
    public = tmp_path / "public"
    unreachable = {**env, **BEFORE, "AWS_ENDPOINT_URL": "http://127.0.0.1:9"}
    failed = go_live(fixture_site, public, "s3://site/catch-up", unreachable)
    assert failed.returncode == 1 and "Published" in failed.stdout and "could not be reached" in failed.stdout
    assert served(client, "catch-up/index.html") is None
    caught_up = go_live(fixture_site, public, "s3://site/catch-up", {**env, **BEFORE})
    assert caught_up.returncode == 0 and "Published" not in caught_up.stdout, caught_up.stdout
    assert "Deployed" in caught_up.stdout and served(client, "catch-up/index.html") is not None


@pytest.fixture(scope="module")
def schedule_output(tmp_path_factory):
    units = tmp_path_factory.mktemp("units")
    proc = run_module("iomsite.tools.schedule", ROOT / "publishconf.py", "--write", units, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout, units


def test_systemd_accepts_the_units_and_the_timer_ticks_every_five_minutes(schedule_output):
    _, units = schedule_output
    service, timer = units / "iomsite-go-live.service", units / "iomsite-go-live.timer"
    assert f"ExecStart={ROOT}/.venv/bin/invoke go-live" in service.read_text()
    verify = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", str(service), str(timer)], capture_output=True, text=True
    )
    assert verify.returncode == 0, verify.stdout + verify.stderr
    calendar = next(
        line.split("=", 1)[1] for line in timer.read_text().splitlines() if line.startswith("OnCalendar=")
    )
    ticks = subprocess.run(
        ["systemd-analyze", "calendar", "--iterations=3", calendar], capture_output=True, text=True
    ).stdout
    minutes = [
        int(line.split(":")[-2]) for line in ticks.splitlines() if "elapse:" in line or "Iter." in line
    ]
    assert len(minutes) == 3 and all(m % 5 == 0 for m in minutes), ticks


def test_debians_cron_accepts_the_line_and_it_names_no_time_zone(schedule_output, tmp_path):
    stdout, _ = schedule_output
    line = next(text for text in stdout.splitlines() if "invoke go-live" in text and text.startswith("*/"))
    assert "CRON_TZ" not in stdout  # Debian's cron ignores it: the line must not depend on a zone
    crontab = tmp_path / "crontab"
    crontab.write_text(line + "\n")
    checked = subprocess.run(["crontab", "-n", str(crontab)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    crontab.write_text(line.replace("*/5 ", "61 ") + "\n")  # the check itself can fail
    assert subprocess.run(["crontab", "-n", str(crontab)], capture_output=True, text=True).returncode != 0
    command = line.split(" ", 5)[5]
    assert command.startswith(f"cd {ROOT} && .venv/bin/invoke go-live")
