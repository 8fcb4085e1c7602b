"""Create a new content file with the right folder, name, date and fields (`invoke new`).

Asks nothing it can infer: the date is today in Dushanbe, the slug comes from the title, a
translation gets the original's section and tags, and its file name (x.ru.md beside x.en.md).
The fields are written as YAML between '---' lines, as the browser editor writes them.
"""

import datetime
import json
import shutil
import subprocess
from pathlib import Path
from zoneinfo import ZoneInfo

from iomsite.core import ledger, model
from iomsite.core.frontmatter import FrontMatterError, dump_front_matter, read_front_matter
from iomsite.core.model import (
    PLACEHOLDER_BODY,
    PLACEHOLDER_SUMMARY,
    TIME_ZONE,
    TYPES,
    fields_of,
    file_language,
)
from iomsite.plugins.content_types.placeholders import EXAMPLE_VALUES
from iomsite.plugins.multilang.translit import slugify

ROOT = Path(__file__).resolve().parent.parent


def kinds() -> dict:
    """{the word for `invoke new`: the content type's key}, from the model (a type a site
    declares is among them)."""
    return {ctype.command: key for key, ctype in TYPES.items() if ctype.command}


# What a required field gets when the command does not say: a real value, right more often than
# not (a press release from another town changes its dateline), or else an example value the
# content check refuses until the writer replaces it (placeholders.EXAMPLE_VALUES).
DEFAULTS = {
    "dateline": "Dushanbe",
    "section": "counter-trafficking",
    "signatory_role": "Chief of Mission, IOM Tajikistan",
}
PLACEHOLDERS = {**DEFAULTS, **{key: example.text for key, example in EXAMPLE_VALUES.items()}}


class ScaffoldError(Exception):
    pass


def today_in_dushanbe() -> datetime.date:
    return datetime.datetime.now(ZoneInfo(TIME_ZONE)).date()


def own_slug(fields: dict) -> str:
    if "slug" in fields:
        return fields["slug"].value
    return slugify(fields["title"].value) if "title" in fields else ""


def find_original(content_dir: Path, slug: str) -> Path:
    """The English content file whose slug is `slug`."""
    for path in sorted(content_dir.rglob("*.md")):
        if file_language(path.stem)[1] != "en":
            continue
        try:
            fields, _ = read_front_matter(path)
        except FrontMatterError:
            continue  # the content check reports it
        if own_slug(fields) == slug or (path.stem.startswith("issue") and path.parent.name == slug):
            return path
    raise ScaffoldError(
        f"no English content has the slug '{slug}' — copy it from the end of "
        "the original's web address, e.g. /press/<slug>/"
    )


def new_file_path(ctype, slug: str, date, lang: str, folder: Path, issue: str, original: Path | None) -> Path:
    """Where a new file goes: in its type's folder (a newsletter's in its issue's folder), named
    as the model says (`file_name`); a translation beside its original (<name>.ru.md)."""
    if ctype.name in ("newsletter-issue", "newsletter-story"):
        if not issue:
            raise ScaffoldError("say which issue, e.g. --issue 2012 (a folder name in content/newsletters/)")
        folder = folder / issue
    if original is not None:
        return original.parent / f"{file_language(original.stem)[0]}.{lang}.md"
    stem = ctype.file_name.format(year=f"{date:%Y}", month=f"{date:%m}", day=f"{date:%d}", slug=slug)
    return folder / f"{stem}.{lang}.md"


def new_content(
    kind: str,
    title: str,
    lang: str = "en",
    translation_of: str = "",
    issue: str = "",
    content_dir: Path = ROOT / "content",
    date: datetime.date | None = None,
) -> Path:
    if kind not in kinds():
        raise ScaffoldError(f"unknown kind '{kind}' — use one of: {', '.join(kinds())}")
    if lang not in model.LANGUAGES:
        raise ScaffoldError(f"unknown language '{lang}' — use {model.languages_listed()}")
    ctype = TYPES[kinds()[kind]]
    date = date or today_in_dushanbe()
    slug = slugify(title)
    # An explicit slug keeps the address and the feed id stable if the title is edited later.
    fields = {"title": title, "slug": slug} if kind != "issue" else {"title": title}
    if kind != "page":
        fields["date"] = date.isoformat()
    original, original_fields = None, {}
    if translation_of:
        if lang == "en":
            raise ScaffoldError("a translation needs its language, e.g. --lang ru")
        original = find_original(content_dir, translation_of)
        original_fields = {k: f.value for k, f in read_front_matter(original)[0].items()}
        if "date" in original_fields:
            fields["date"] = original_fields["date"]  # a translation keeps the original's date
        fields["translated_from"] = ledger.digest_of(original)  # the English it starts from
    for key in ctype.required:
        if key not in fields:
            fields[key] = original_fields.get(key) or PLACEHOLDERS.get(key, "")
    for key in ("section", "tags", "donors"):
        if key in original_fields and key not in fields:
            fields[key] = original_fields[key]
    fields.setdefault("summary", PLACEHOLDER_SUMMARY)

    path = new_file_path(ctype, slug, date, lang, content_dir / ctype.folder, issue, original)
    folder = path.parent
    if path.exists():
        raise ScaffoldError(
            f"{path.relative_to(content_dir.parent)} already exists — choose another title or edit that file"
        )
    folder.mkdir(parents=True, exist_ok=True)
    order = fields_of(ctype)
    ordered = {key: fields[key] for key in sorted(fields, key=order.index)}
    body = "\n" + PLACEHOLDER_BODY + "\n"
    if not write_as_the_editor(path, ordered, order, body):
        path.write_text(dump_front_matter(ordered) + body, encoding="utf-8")
    return path


EDITOR_WRITER = ROOT / "tools" / "editor" / "frontmatter.mjs"


def write_as_the_editor(path: Path, fields: dict, order: list, body: str) -> bool:
    """Write the file with the editor's own serializer (it folds long values at 80 columns,
    which dump_front_matter does not), so that the editor's first save of the new item
    changes only what the writer changed. False where Node.js or the editor's packages are
    not installed (`invoke new` works without them)."""
    if shutil.which("node") is None or not (ROOT / "node_modules" / "gray-matter").is_dir():
        return False
    record = [{"path": str(path), "data": fields, "keys": order, "body": body}]
    try:
        done = subprocess.run(
            ["node", str(EDITOR_WRITER), "write"], input=json.dumps(record), text=True, cwd=ROOT, timeout=60
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0 and path.exists()
