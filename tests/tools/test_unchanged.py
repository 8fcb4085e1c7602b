"""Nothing changed, nothing done (tools/unchanged.py): a rebuild with every input as it was ends
before Pelican is imported and leaves the output alone; any change of content, data, settings,
environment, output or the clock's decisions makes the build run."""

import datetime
import os
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import MINIMAL_PRESS, ROOT, FixtureSite

from iomsite.tools import unchanged

NEWS = "title: News of the day\ndate: 2020-02-01\n\nText of the news.\n"
DUSHANBE = ZoneInfo("Asia/Dushanbe")


def backdate(site: FixtureSite, minutes: int) -> None:
    """The site's own files dated some minutes back: a file changed just before a build may be
    older than the file system's clock says, and then no stamp is written (the next build runs).
    Not through the links to the project's theme, plugins and catalogues."""
    moment = time.time() - 60 * minutes
    for folder, _, files in os.walk(site.root):
        for name in files:
            os.utime(Path(folder) / name, (moment, moment), follow_symlinks=False)


def outcome(result) -> str:
    assert result.returncode == 0, result.output
    return result.report["outcome"]


def output_files(site: FixtureSite) -> dict:
    return {
        path: (path.stat().st_ino, path.stat().st_mtime_ns)
        for path in sorted(site.output.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def site(tmp_path) -> FixtureSite:
    site = FixtureSite(tmp_path / "site")
    site.write("press/release.md", MINIMAL_PRESS)
    site.write("news/day.md", NEWS)
    backdate(site, 30)
    return site


def test_a_rebuild_with_nothing_changed_ends_at_once_and_leaves_the_output_alone(site):
    assert outcome(site.build()) == "built"
    before = output_files(site)
    again = site.build()
    assert outcome(again) == "unchanged"
    assert "Nothing changed since the last build" in again.output
    assert again.report["pages"] > 0
    assert output_files(site) == before  # not one file written, moved or linked again
    assert outcome(site.build(full=True)) == "built"  # --full always renders


def save_same_bytes(site):
    path = site.content / "press" / "release.md"
    path.write_bytes(path.read_bytes())


def edit_data_file(site):
    path = site.content / "data" / "donors.yml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")


def change_settings(site):
    site.settings.write_text(site.settings.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")


def add_file(site):
    site.write("news/another.md", NEWS.replace("News of the day", "Another day"))


def delete_file(site):
    (site.content / "news" / "day.md").unlink()


def delete_a_page(site):
    next(site.output.rglob("*.html")).unlink()


@pytest.mark.parametrize(
    "change",
    [save_same_bytes, edit_data_file, change_settings, add_file, delete_file, delete_a_page],
)
def test_any_change_makes_the_build_run_and_the_next_one_is_skipped_again(site, change):
    assert outcome(site.build()) == "built"
    assert outcome(site.build()) == "unchanged"
    change(site)
    backdate(site, 20)
    rebuilt = site.build()
    assert outcome(rebuilt) == "built"
    assert outcome(site.build()) == "unchanged"


def test_the_environment_a_build_reads_counts(site):
    assert outcome(site.build()) == "built"
    embargoed = {"SITE_SHOW_EMBARGOED": "1"}
    assert outcome(site.build(env=embargoed)) == "built"
    assert outcome(site.build(env=embargoed)) == "unchanged"
    assert outcome(site.build()) == "built"


def test_a_failed_build_leaves_no_stamp_and_the_fix_is_built(site):
    assert outcome(site.build()) == "built"
    broken = site.write("news/broken.md", "title: No date\n\nText.\n")
    failed = site.build()
    assert failed.returncode == 1 and failed.report["outcome"] == "content-problems"
    assert site.build().report["outcome"] == "content-problems"  # never skipped: still wrong
    broken.unlink()
    assert outcome(site.build()) == "built"


def test_the_next_moment_the_clock_changes_a_page_ends_the_skipping(site, monkeypatch):
    """An embargo that lifts later today: until then a rebuild is skipped, from then it runs
    (checked in this process with the clock moved on; the build itself by a subprocess)."""
    now = datetime.datetime.now(DUSHANBE)
    lifts = (now + datetime.timedelta(hours=2)).replace(second=0, microsecond=0)
    midnight = datetime.datetime.combine(now.date() + datetime.timedelta(days=1), datetime.time(), DUSHANBE)
    embargoed = MINIMAL_PRESS.replace("2020-01-15", f"{lifts:%Y-%m-%d %H:%M}")
    site.write("press/embargoed.md", embargoed.replace("A minimal", "An embargoed"))
    backdate(site, 20)
    first = site.build()
    assert outcome(first) == "built"
    assert first.report["clock"] == {"live": True, "next_change": min(lifts, midnight).timestamp()}
    assert outcome(site.build()) == "unchanged"

    report = site.output.with_name(f"{site.output.name}.report.json")
    argv = ["--settings", str(site.settings), "--output", str(site.output), "--report", str(report)]
    monkeypatch.chdir(ROOT)  # where the builds ran
    assert unchanged.unchanged_since(argv) is not None
    moved_on = min(lifts, midnight).timestamp() + 1
    monkeypatch.setattr(unchanged.time, "time", lambda: moved_on)
    assert unchanged.unchanged_since(argv) is None


def test_the_previews_warm_builds_skip_too_and_build_a_change(site):
    """`invoke livereload` rebuilds on every save of any watched file: a save that changed
    nothing is answered at once, an edit is built and shown."""
    from iomsite.tools.warm_build import WarmBuilder

    warm = WarmBuilder(site.settings)
    arguments = ["--no-search", "--output", str(site.output)]
    try:
        status, output = warm.build(arguments)
        assert status == 0 and "Built " in output, output
        status, output = warm.build(arguments)
        assert status == 0 and "Nothing changed since the last build" in output, output
        site.write("news/day.md", NEWS.replace("Text of the news.", "Text of the news, edited."))
        status, output = warm.build(arguments)
        assert status == 0 and "Built " in output, output
    finally:
        warm.close()
    assert "Text of the news, edited." in (site.output / "news" / "news-of-the-day" / "index.html").read_text(
        encoding="utf-8"
    )
