"""The content check's part for images (tools/check_content.py asks every plugin): each image
file a content file shows (its Markdown images and lead image: ContentFile.images) is vetted
as the build vets it (sources.inspect: an SVG, a file that is not an image or is cut short,
too many pixels), so that `invoke check-content` refuses it too, with the file and line, and
the build stops at its own first check, before any page is made (it used to find it while
rendering, and a lead image a second time as "used by the theme").

What the build found for each image (`.sources.json` in the image cache) is read, never
written: an image it vetted and that has not changed since is not opened again."""

from pathlib import Path

from .plugin import DEFAULTS
from .sources import ImageError, KnownSources


def content_problems(files, content_dir: Path, settings: dict) -> list[tuple]:
    content_dir = Path(content_dir)
    cache = content_dir.resolve().parent / settings.get("IMAGE_CACHE_PATH", DEFAULTS["IMAGE_CACHE_PATH"])
    known = KnownSources(
        cache / ".sources.json", settings.get("IMAGE_MAX_PIXELS", DEFAULTS["IMAGE_MAX_PIXELS"])
    )
    refused: dict = {}  # file -> its problem ("" for a good image): each file vetted once
    problems = []
    for item in files:
        for line, image in item.images:
            if image not in refused:
                try:
                    known.inspect(image.resolve(), content_dir)
                    refused[image] = ""
                except ImageError as exc:
                    refused[image] = str(exc)
            if refused[image]:
                problem, _, fix = refused[image].partition(" — ")
                problems.append((item.shown, line, problem, fix))
    return problems
