"""Old addresses and where they lead, from the three places a writer declares them, checked
(a redirect to nothing, an old address that is a live page, two targets, loops) and collapsed
to one hop. Shared by the plugin (build) and the content check."""

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

JOOMLA_LANGS = ("en", "ru", "tg")


@dataclass(frozen=True)
class Redirect:
    old: str  # a site path, e.g. /index.php/en/newsletters/325-act-and-educate/
    target: str  # a content file (relative to content/) or a site path
    where: str  # file:line that declared it


def normal(path: str) -> str:
    """'/a/b' and '/a/b/' are one address; a query string is kept (only servers match it)."""
    path, _, query = path.strip().partition("?")
    path = "/" + path.strip("/")
    return path + (f"?{query}" if query else "")


def redirects_file(settings) -> str:
    """redirects.yml's path inside content/ (setting REDIRECTS_FILE)."""
    return settings.get("REDIRECTS_FILE", "data/redirects.yml")


def old_addresses(value) -> list[str]:
    """The paths of a `redirect_from:` value: separated by commas, on several lines or a
    YAML list (the metadata Pelican gives, or a front-matter field's text)."""
    lines = value if isinstance(value, list) else str(value or "").splitlines()
    return [part.strip() for line in lines for part in line.split(",") if part.strip()]


def front_matter_redirects(files) -> list[Redirect]:
    """`redirect_from:` on content files (comma-separated paths)."""
    found = []
    for item in files:
        field = item.fields.get("redirect_from")
        if field is None:
            continue
        rel = item.path.as_posix().split("/content/", 1)[-1]
        for old in old_addresses(field.value):
            found.append(Redirect(normal(old), rel, f"{item.shown}:{field.line}"))
    return found


def data_file_redirects(path: Path, shown: str) -> tuple[list[Redirect], list[tuple]]:
    """content/data/redirects.yml: a list of `- from: /old/path` / `to: press/x.md` (a content
    file) or `to: /a/site/path/`."""
    if not path.exists():
        return [], []
    text = path.read_text(encoding="utf-8-sig")
    try:
        data = yaml.safe_load(text) or []
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return [], [
            (
                shown,
                (mark.line + 1) if mark else 1,
                "the file is not valid YAML",
                "check the indentation and that every line is 'from: ...' or 'to: ...'",
            )
        ]
    lines = text.splitlines()
    found, problems = [], []
    if not isinstance(data, list):
        return [], [(shown, 1, "expected a list of redirects", "start each one with '- from: /old/path/'")]
    for entry in data:
        old = str((entry or {}).get("from") or "") if isinstance(entry, dict) else ""
        line = next((n for n, t in enumerate(lines, 1) if old and old in t), 1)
        if not isinstance(entry, dict) or not entry.get("from") or not entry.get("to"):
            problems.append(
                (
                    shown,
                    line,
                    "a redirect needs 'from:' and 'to:'",
                    "write '- from: /old/path/' and under it 'to: press/file.md' (or a /site/path/)",
                )
            )
            continue
        found.append(Redirect(normal(old), str(entry["to"]).strip(), f"{shown}:{line}"))
    return found, problems


def joomla_patterns(joomla_id: str) -> list[str]:
    """Regular expressions (nginx) for every Joomla form of an article's address."""
    number = re.escape(str(joomla_id))
    return [
        rf"^/(?:index\.php/)?(?:(?:en|ru|tg)/)?(?:[^/?]+/)*{number}-[^/?]*/?$",
        rf"^/index\.php\?(?:[^#]*&)?id={number}(?:[&#:]|$)",
    ]


def resolve(redirects: list[Redirect], exists, live: set) -> tuple[dict, list[tuple]]:
    """{old address: final target} with chains collapsed, and the problems as
    (file, line, problem, fix). `exists(target)`: whether a target is a content file or page;
    `live`: the addresses of the site's own pages."""
    problems, table = [], {}
    olds = {redirect.old for redirect in redirects}  # a target that is another old address: a chain
    for redirect in redirects:
        file, _, line = redirect.where.rpartition(":")
        if redirect.old in table and table[redirect.old].target != redirect.target:
            problems.append(
                (
                    file,
                    int(line),
                    f"the old address {redirect.old} has two targets: "
                    f"{table[redirect.old].target} ({table[redirect.old].where}) and {redirect.target}",
                    "keep one of them",
                )
            )
            continue
        if redirect.old.rstrip("/") + "/" in live or redirect.old in live:
            problems.append(
                (
                    file,
                    int(line),
                    f"the old address {redirect.old} is a page of the site",
                    "a live page keeps its address: remove this redirect",
                )
            )
            continue
        if not exists(redirect.target) and not (
            redirect.target.startswith("/") and normal(redirect.target) in olds
        ):
            problems.append(
                (
                    file,
                    int(line),
                    f"the redirect from {redirect.old} leads to nothing ({redirect.target})",
                    "write the content file it leads to (e.g. press/x.md) or an existing /site/path/",
                )
            )
            continue
        table[redirect.old] = redirect
    final = {}
    for old, redirect in table.items():
        seen, target = {old}, redirect.target
        while normal(target) in table and target.startswith("/"):
            if normal(target) in seen:
                file, _, line = redirect.where.rpartition(":")
                problems.append(
                    (
                        file,
                        int(line),
                        f"the redirects from {old} go round in a loop",
                        "make one of them lead to a page",
                    )
                )
                target = None
                break
            seen.add(normal(target))
            target = table[normal(target)].target  # a chain: one hop to the last target
        if target is not None:
            final[old] = target
    return final, problems


def redirect_pages(folder: Path) -> dict:
    """{'old/path/index.html': '/new/address/'}: the redirect pages of a built site, read from
    its _redirects (for deploy's S3 metadata and the checks, which leave them out)."""
    found = {}
    try:
        lines = (Path(folder) / "_redirects").read_text(encoding="utf-8").splitlines()
    except OSError:
        return found
    for line in lines:
        parts = line.split()
        if len(parts) == 3 and parts[0].startswith("/") and not parts[0].endswith("/"):
            found[parts[0].lstrip("/") + "/index.html"] = parts[1]
    return found
