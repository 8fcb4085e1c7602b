"""The content check's part for redirects (tools/check_content.py asks every plugin)."""

from pathlib import Path

from .rules import data_file_redirects, front_matter_redirects, redirects_file, resolve


def content_problems(files, content_dir: Path, settings: dict) -> list[tuple]:
    name = redirects_file(settings)
    from_file, problems = data_file_redirects(Path(content_dir) / name, f"content/{name}")
    content_dir = Path(content_dir)
    known = {item.path.relative_to(content_dir).as_posix() for item in files}  # found under content_dir
    live = set()
    for item in files:  # the pages' own addresses, as settings make them
        slug = item.fields["slug"].value if "slug" in item.fields else None
        if slug and item.kind in settings.get("ARTICLE_PATHS", []):
            prefix = "" if item.lang == settings.get("DEFAULT_LANG", "en") else f"/{item.lang}"
            live.add(f"{prefix}/{item.kind}/{slug}/")

    def exists(target: str) -> bool:
        return target in known or target.startswith("/")

    _, found = resolve(front_matter_redirects(files) + from_file, exists, live)
    return problems + found
