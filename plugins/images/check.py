"""The content check's part for images (tools/check_content.py asks every plugin): each image
file a content file shows (its Markdown images and lead image: ContentFile.images) is vetted
as the build vets it (sources.inspect: an SVG, a file that is not an image or is cut short,
too many pixels), so that `invoke check-content` refuses it too, with the file and line, and
the build stops at its own first check, before any page is made (it used to find it while
rendering, and a lead image a second time as "used by the theme").

Images a data file names for the theme (a donor's logo in donors.yml) come from the plugin
that owns the file (its check's `images_shown`, handed over by tools/check_content.py) and are
vetted the same way, at their line (`image_problems`).

What the build found for each image (`.sources.json` in the image cache) is read, never
written: an image it vetted and that has not changed since is not opened again."""

from pathlib import Path

from .plugin import DEFAULTS
from .sources import ImageError, KnownSources, resolve


def content_problems(files, content_dir: Path, settings: dict) -> list[tuple]:
    vet = Vetting(Path(content_dir), settings)
    return [
        (item.shown, line, *problem)
        for item in files
        for line, image in item.images
        if (problem := vet.problem(image))
    ]


def image_problems(shown: list, content_dir: Path, settings: dict) -> list[tuple]:
    """(file, line, problem, fix) of each image a data file names ((file, line, the image as
    written): `images_shown` of the plugins' checks), resolved as the theme resolves it."""
    vet = Vetting(Path(content_dir), settings)
    problems = []
    for file, line, written in shown:
        try:
            image = resolve("/" + written.strip().lstrip("/"), vet.content_dir / "theme", vet.content_dir)
        except ImageError:
            problems.append(
                (
                    file,
                    line,
                    f"'{written}' points outside the content folder",
                    "put the image in content/images/ and write its path from there, "
                    "e.g. images/logos/<name>.png",
                )
            )
            continue
        if vet.problem(image):
            problems.append((file, line, *vet.problem(image)))
    return problems


class Vetting:
    """Each image file vetted once: (problem, fix), or () for a good image."""

    def __init__(self, content_dir: Path, settings: dict):
        self.content_dir = content_dir
        cache = content_dir.resolve().parent / settings.get("IMAGE_CACHE_PATH", DEFAULTS["IMAGE_CACHE_PATH"])
        self.known = KnownSources(
            cache / ".sources.json", settings.get("IMAGE_MAX_PIXELS", DEFAULTS["IMAGE_MAX_PIXELS"])
        )
        self.found: dict = {}

    def problem(self, image: Path) -> tuple:
        if image not in self.found:
            try:
                self.known.inspect(image.resolve(), self.content_dir)
                self.found[image] = ()
            except ImageError as exc:
                problem, _, fix = str(exc).partition(" — ")
                self.found[image] = (problem, fix)
        return self.found[image]
