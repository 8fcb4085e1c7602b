"""For `invoke check-content`: problems in hotlines.yml, and banners that have expired."""

from pathlib import Path

from ..content_types.sections import load_sections
from ..schedule import clock
from .data import DataFileError, as_moment, load_hotlines
from .plugin import CATEGORIES


def content_problems(files, content_dir: Path, settings: dict) -> list[tuple]:
    """The content check's interface (tools/check_content.py asks every plugin)."""
    name = settings.get("HOTLINES_FILE", "data/hotlines.yml")
    try:
        sections = {
            s.slug
            for s in load_sections(Path(content_dir) / settings.get("SECTIONS_FILE", "data/sections.yml"))
        }
    except DataFileError:
        sections = set()  # reported by the content_types check
    try:
        hotlines = load_hotlines(Path(content_dir) / name, f"content/{name}", sections, CATEGORIES)
    except DataFileError as exc:
        return [(exc.path, exc.line, exc.problem, exc.fix)]
    now = clock.now(settings)
    return [
        (
            f"content/{name}",
            h.line,
            f"the banner of hotline '{h.id}' ended on {h.end} and is no longer shown",
            "remove the hotline, or set a new 'end' date",
        )
        for h in hotlines
        if h.end and as_moment(h.end, end_of_day=True) < now
    ]
