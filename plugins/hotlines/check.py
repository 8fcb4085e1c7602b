"""For `invoke check-content`: problems in hotlines.yml, a confirmation dated after today, and
banners that have expired."""

from pathlib import Path

from iomsite.core import clock

from .data import DataFileError, as_moment, hotlines_file, load_site_hotlines


def content_problems(files, content_dir: Path, settings: dict) -> list[tuple]:
    """The content check's interface (tools/check_content.py asks every plugin): (file, line,
    problem, fix[, advisory])."""
    try:
        hotlines = load_site_hotlines(content_dir, settings)
    except DataFileError as exc:
        return [(exc.path, exc.line, exc.problem, exc.fix)]
    now = clock.now(settings)
    name = hotlines_file(settings)
    future = [
        (
            f"content/{name}",
            h.confirmed_line or h.line,
            f"hotline '{h.id}': confirmed {h.confirmed} is after today ({now.date()}), so its "
            "banner would show a number nobody has called",
            "write the day someone called the number and found it in service (today at the latest)",
        )
        for h in hotlines
        if h.confirmed > now.date()
    ]
    return future + [
        (
            f"content/{name}",
            h.line,
            f"the banner of hotline '{h.id}' ended on {h.end} and is no longer shown",
            "remove the hotline, or set a new 'end' date",
            True,  # advisory: the banner simply disappears; check-content and publish say so
        )
        for h in hotlines
        if h.end and as_moment(h.end, end_of_day=True) < now
    ]
