"""Old addresses and where they lead, from the three places a writer declares them, checked
(a redirect to nothing, an old address that is a live page, two targets, loops) and collapsed
to one hop. Shared by the plugin (build) and the content check."""

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote

import yaml

from iomsite.core.model import LANGUAGES

JOOMLA_LANGS = LANGUAGES  # the old site had the same three
# A Joomla article's search-engine-friendly address: /index.php/<lang>/<menu path>/<id>-<alias>,
# or the same without index.php where the old site rewrote its addresses
JOOMLA_SEF = re.compile(rf"^/(?:index\.php/)?(?:{'|'.join(JOOMLA_LANGS)})/((?:[^/?]+/)*\d+-[^/?]*)$")
# Cloudflare Pages' limits for _redirects (developers.cloudflare.com/pages/configuration/redirects)
CLOUDFLARE_STATIC_REDIRECTS = 2000
CLOUDFLARE_LINE_LENGTH = 1000


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


def joomla_forms(old: str) -> list[tuple[str, str]]:
    """Every form of a Joomla article's address that a host matching exact paths can be given:
    with and without index.php, in each language, as [(path, language)]; [] for any other
    address. (A menu path or alias other than the declared one can only be matched by patterns.)"""
    match = JOOMLA_SEF.match(old)
    if not match:
        return []
    rest = match.group(1)
    return [(f"{start}/{lang}/{rest}", lang) for lang in JOOMLA_LANGS for start in ("/index.php", "")]


def encoded(path: str) -> str:
    """A path as a browser sends it (percent-encoded), which is how servers and hosts' rules
    match it; an already encoded path stays as it is."""
    return quote(unquote(path), safe="/:@!$&'()*+,;=-._~")


def joomla_patterns(joomla_id: str) -> list[tuple[str, str | None]]:
    """Regular expressions (nginx) for every Joomla form of an article's address, in order, each
    with the language it names (None: none, the article's own)."""
    number = re.escape(str(joomla_id))
    in_language = [
        (rf"^/(?:index\.php/)?{lang}/(?:[^/?]+/)*{number}-[^/?]*/?$", lang) for lang in JOOMLA_LANGS
    ]
    return in_language + [
        (rf"^/(?:index\.php/)?(?:[^/?]+/)*{number}-[^/?]*/?$", None),
        (rf"^/index\.php\?(?:[^#]*&)?id={number}(?:[&#:]|$)", None),
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
    """{'old/path/index.html': '/new/address/'}: the redirect pages of a built site, every form
    of every old address, read from its _redirects (for deploy's S3 metadata and the checks,
    which leave them out). The files' names are decoded, as on disk."""
    found = {}
    try:
        lines = (Path(folder) / "_redirects").read_text(encoding="utf-8").splitlines()
    except OSError:
        return found
    for line in lines:
        parts = line.split()
        if len(parts) == 3 and parts[0].startswith("/") and not parts[0].endswith("/"):
            found[unquote(parts[0]).lstrip("/") + "/index.html"] = parts[1]
    return found
