"""For `invoke check-content`: problems in hotlines.yml, and banners that have expired."""

from pathlib import Path

from .data import DataFileError, load_hotlines
from .plugin import CATEGORIES, today


def check_hotlines(content_dir: Path, settings: dict, sections: set) -> list[tuple]:
    name = settings.get("HOTLINES_FILE", "data/hotlines.yml")
    try:
        hotlines = load_hotlines(Path(content_dir) / name, f"content/{name}", sections, CATEGORIES)
    except DataFileError as exc:
        return [(exc.path, exc.line, exc.problem, exc.fix)]
    now = today(settings)
    return [
        (
            f"content/{name}",
            h.line,
            f"the banner of hotline '{h.id}' ended on {h.end} and is no longer shown",
            "remove the hotline, or set a new 'end' date",
        )
        for h in hotlines
        if h.end and h.end < now
    ]
