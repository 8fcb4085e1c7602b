"""The content check's part for redirects (tools/check_content.py asks every plugin)."""

import re
from pathlib import Path
from urllib.parse import urlsplit

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

    redirects = front_matter_redirects(files) + from_file
    _, found = resolve(redirects, exists, live)
    return problems + found + whole_addresses(redirects)


# An old address copied from the browser's address bar: the rule would never match, since a
# server matches the path (normal() made it "/https://www.iom.tj/press/old/").
WHOLE_ADDRESS = re.compile(r"/(?:https?:/+|www\.)", re.IGNORECASE)


def whole_addresses(redirects) -> list[tuple]:
    problems = []
    for redirect in redirects:
        if WHOLE_ADDRESS.match(redirect.old):
            written = redirect.old[1:]
            path = urlsplit(written if "//" in written else f"//{written}").path or "/"
            file, _, line = redirect.where.rpartition(":")
            problems.append(
                (
                    file,
                    int(line) if line.isdigit() else 1,
                    f"the old address '{written}' is a whole web address: a redirect matches only "
                    "the part after the site's name",
                    f"write the path only: {path}",
                )
            )
    return problems
