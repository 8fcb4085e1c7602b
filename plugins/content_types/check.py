"""The content check: every mistake a writer can make in content files, reported at once.

Each problem reads `file:line: problem — how to fix`. It runs before every build (the build
stops when it finds anything) and on its own with `invoke check-content`.
"""

import calendar
import datetime
import difflib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from .characters import invisible_characters
from .frontmatter import FrontMatterError, read_front_matter
from .html_policy import FIX as HTML_FIX
from .html_policy import MARKDOWN_LINK, markdown_html_problems, url_problem
from .model import (
    DATE_PRECISIONS,
    DEFAULT_LANGUAGE,
    LANGUAGES,
    PAGE_FOLDERS,
    PLACEHOLDER_BODY,
    PLACEHOLDER_SUMMARY,
    RESERVED_PAGE_SLUGS,
    ROW_FIELDS,
    TYPES,
    allowed_fields,
    file_language,
    rows,
    translation_group,
    type_for,
)
from .placeholders import example_value_problems
from .places import CONTENT_FOLDERS_HINT as HINT
from .places import ignored, inside, link_problem, read_by_the_build, stray_markdown
from .row_starts import another_row
from .sections import DataFileError, load_sections, sections_file  # DataFileError comes from datafiles
from .values import value_problems

DATE_FORMATS = ("%Y-%m-%d", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M%z", "%Y-%m-%dT%H:%M%z", "%Y-%m-%d %H:%M %z")


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    problem: str
    fix: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.problem} — {self.fix}"


def parse_date(text: str) -> datetime.datetime | None:
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text.strip(), fmt)
        except ValueError:
            continue
    return None


# A date in the right form whose numbers are not a day: say which number is wrong.
DATE_PARTS = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}))?")


def not_a_date(text: str) -> str:
    """Why `text` is not a date, for a writer: the form, or the number that is out of range."""
    found = DATE_PARTS.match(text)
    if not found:
        return f"'{text}' is not a date"
    year, month, day = (int(part) for part in found.groups()[:3])
    if not 1 <= month <= 12:
        why = f"there is no month {month} (months go from 01 to 12)"
    elif not 1 <= day <= calendar.monthrange(year, month)[1]:
        days = calendar.monthrange(year, month)[1]
        why = f"{calendar.month_name[month]} {year} has {days} days, so there is no day {day}"
    elif found.group(4) and int(found.group(4)) > 23:
        why = f"there is no hour {int(found.group(4))} (hours go from 00 to 23)"
    elif found.group(5) and int(found.group(5)) > 59:
        why = f"there is no minute {int(found.group(5))} (minutes go from 00 to 59)"
    else:
        why = f"'{text[found.end(3) :].strip()}' after the day is not a time (HH:MM)"
    return f"'{text}' is not a date: {why}"


def closest(word: str, choices) -> str:
    near = difflib.get_close_matches(word, list(choices), n=3, cutoff=0.6)
    return ", ".join(f"'{n}'" for n in near)


def content_files(content_dir: Path, settings: dict):
    """The Markdown files of the content folders (a folder named like one is not a file)."""
    for folder in settings["ARTICLE_PATHS"] + settings["PAGE_PATHS"]:
        found = (content_dir / folder).rglob("*.md")
        yield from sorted(
            p
            for p in found
            if p.is_file() and read_by_the_build(p, content_dir / folder, content_dir, settings)
        )


def other_files(content_dir: Path, settings: dict, prefix: str) -> list[Problem]:
    """Everything in the content folders that is not a Markdown file the build reads: the site
    reads exactly one format (pelicanconf.py turns Pelican's other readers off), and a file it
    would skip, or a broken link, is a mistake to point out, not to pass over."""
    problems = []

    def report(entry, problem, fix):
        shown = f"{prefix}/{Path(entry.path).relative_to(content_dir).as_posix()}"
        problems.append(Problem(shown, 1, problem, fix))

    def walk(folder: str) -> None:
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            return
        for entry in entries:  # the entries' types come with the listing: no stat per file
            if ignored(entry.name, settings):
                continue
            link = link_problem(entry.path, content_dir) if entry.is_symlink() else None
            if link:
                report(entry, *link)
            elif entry.is_dir():
                if entry.name.endswith(".md"):
                    report(
                        entry,
                        "this is a folder named like a Markdown file",
                        "rename the folder (or move the file out of it)",
                    )
                walk(entry.path)
            elif not entry.name.endswith(".md"):
                report(
                    entry,
                    f"'{entry.name}' is not a Markdown (.md) file: only Markdown is read here",
                    "save it as a .md file with front matter, or move it out of content/ (photos go in "
                    "content/images/)",
                )

    for folder in settings["ARTICLE_PATHS"] + settings["PAGE_PATHS"]:
        walk(str(content_dir / folder))
    return problems


def display_path(path, content_dir: Path) -> str:
    """The path as the writer sees it from the project folder, e.g. content/press/x.md."""
    try:
        return Path(path).resolve().relative_to(content_dir.resolve().parent).as_posix()
    except ValueError:
        return str(path)


def check_file(
    path: Path, rel: str, shown: str, sections: dict, content_dir: Path, parsed: list | None = None
) -> list[Problem]:
    """Problems in one content file; `rel` is its path inside content/, `shown` how to name it.
    The file is read once; its parsed front matter is appended to `parsed` for the checks
    across files."""
    problems = []

    def report(line, problem, fix):
        problems.append(Problem(shown, line, problem, fix))

    parts = Path(rel).parts
    folder = parts[0]
    ctype = TYPES["page"] if folder == "pages" else type_for(folder, path.stem)
    if ctype is None:
        report(
            1,
            f"'{folder}' is not a content folder",
            "move the file into press/, news/, newsletters/<issue>/, campaigns/ or pages/",
        )
        return problems
    if folder == "newsletters" and len(parts) != 3:
        report(
            1,
            "a newsletter file must be inside its issue's folder",
            "move it to content/newsletters/<issue>/, e.g. content/newsletters/2012/",
        )
        return problems
    if (
        folder == "newsletters"
        and ctype.name == "newsletter-story"
        and not any((path.parent / name).exists() for name in ("issue.en.md", "issue.md"))
    ):
        report(
            1,
            f"the folder {path.parent.name}/ has stories but no issue.en.md",
            "add issue.en.md for the issue (run: invoke new issue)",
        )
    lang = file_language(path.stem)[1]
    if lang not in LANGUAGES:
        report(
            1,
            f"the file name ends in '.{lang}.md', and '{lang}' is not a language of the site",
            "name it NAME.en.md (English), NAME.ru.md (Russian) or NAME.tg.md (Tajik)",
        )

    try:
        # utf-8-sig: Windows editors (Notepad) start a file with a byte-order mark
        text = path.read_text(encoding="utf-8-sig")
        invisible = invisible_characters(text)  # before YAML, which refuses them without a line
        if invisible:
            problems.extend(Problem(shown, *found) for found in invisible)
            return problems
        lines = text.splitlines()
        fields, _body = read_front_matter(path, lines)
    except FrontMatterError as exc:
        for error in exc.every():
            report(error.line, error.problem, error.fix)
        if exc.fields:  # readable but for these: the rows' shape is told in the same run
            problems.extend(Problem(shown, *found) for found in row_problems(exc.fields, lines))
        return problems
    except OSError as exc:
        report(1, f"the file cannot be read ({exc.strerror or exc})", "check that it is a file you may read")
        return problems
    except UnicodeDecodeError:
        report(
            1, "the file is not UTF-8 text", "save it as UTF-8 (in your editor: Save with Encoding > UTF-8)"
        )
        return problems
    if not fields:
        report(
            1,
            "the file has no fields between its '---' lines",
            "write lines like 'title: ...' and 'date: YYYY-MM-DD' between them",
        )
        return problems

    body_lines = lines[_body - 1 :] if _body else []
    for offset, problem in markdown_html_problems("\n".join(body_lines)):
        report(_body + offset - 1, problem, HTML_FIX)
    for key, field in fields.items():
        if key not in FORMATTED_FIELDS:
            continue  # other fields are plain text: shown escaped
        for _offset, problem in markdown_html_problems(field.value):
            report(field.line, f"'{key}': {problem}", HTML_FIX)
    for number, text in enumerate(body_lines, start=_body):
        if "](" not in text:
            continue
        for match in MARKDOWN_LINK.finditer(text):
            if url_problem(match.group(1)):
                report(
                    number,
                    url_problem(match.group(1)),
                    "link to an http(s), mailto: or tel: address, or a page of the site",
                )

    first_line = min(f.line for f in fields.values())
    for key in ctype.required:
        if key not in fields or not fields[key].value.strip():
            line = fields[key].line if key in fields else first_line
            report(
                line,
                f"missing '{key}' (required for a {ctype.label})",
                f"add a line '{key}: ...' to the front matter",
            )

    allowed = allowed_fields(ctype)
    for key, field in fields.items():
        if key not in allowed:
            near = closest(key, allowed)
            hint = (
                f"did you mean {near}?" if near else "remove it, or check the field list in docs/authoring.md"
            )
            if key in ("lang", "translation_of"):
                hint = "remove it: the file's name gives its language and its original (x.en.md, x.ru.md)"
            report(field.line, f"unknown field '{key}' for a {ctype.label}", hint)
    problems.extend(Problem(shown, *found) for found in value_problems(fields, lines[: _body - 2]))

    if "date" in fields and fields["date"].value.strip():
        date = parse_date(fields["date"].value)
        if date is None:
            report(
                fields["date"].line,
                not_a_date(fields["date"].value),
                "write it as YYYY-MM-DD, e.g. 2006-02-15 (optionally with a time: 2006-02-15 10:30)",
            )
    if "modified" in fields and parse_date(fields["modified"].value) is None:
        report(
            fields["modified"].line,
            not_a_date(fields["modified"].value),
            "write it as YYYY-MM-DD, e.g. 2006-02-15",
        )
    if "date_precision" in fields and fields["date_precision"].value not in DATE_PRECISIONS:
        report(
            fields["date_precision"].line,
            f"date_precision '{fields['date_precision'].value}' is not known",
            "use day, month or year",
        )
    if "section" in fields and sections and fields["section"].value not in sections:
        near = closest(fields["section"].value, sections)
        report(
            fields["section"].line,
            f"unknown section '{fields['section'].value}'",
            (f"did you mean {near}? " if near else "") + "sections are listed in content/data/sections.yml",
        )
    if parsed is not None:
        parsed.append(ContentFile(path, shown, fields, _body, lang, folder, translation_group(rel)))
    problems.extend(check_images(path, shown, fields, _body, content_dir, lines))
    for number, text in enumerate(lines, start=1):
        for placeholder in (PLACEHOLDER_SUMMARY, PLACEHOLDER_BODY):
            if placeholder in text:
                report(
                    number,
                    f"this line still has the example text of 'invoke new' (\"{placeholder[:30]}…\")",
                    "replace it with your own words",
                )
        if number < _body:
            continue
        for match in FILENAME_LINK.finditer(text):
            target = match.group(1).split("#")[0]
            resolved = (
                (content_dir / target.lstrip("/")) if target.startswith("/") else (path.parent / target)
            )
            if not inside(resolved, content_dir) or not resolved.is_file():
                report(
                    number,
                    f"the link {{filename}}{target} points to no file of the content folder",
                    "check the file's folder and name (links start from content/ when they begin with /)",
                )
    problems.extend(Problem(shown, *found) for found in row_problems(fields, lines))
    problems.extend(Problem(shown, *found) for found in example_value_problems(fields))
    if "slug" in fields and not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", fields["slug"].value):
        report(
            fields["slug"].line,
            f"slug '{fields['slug'].value}' is not a plain web address part",
            "use lower-case latin letters, digits and hyphens, e.g. memorandum-signing-2006",
        )
    return problems


def row_problems(fields: dict, lines: list = ()):
    """(line, problem, fix) for campaign figures and events that would not show as written:
    rows joined into one by YAML (lines without '- '), a row with more parts than its format
    (the page would drop the rest), an event without its date, a row holding the start of
    another (an item going on with a line that starts a row). `lines`: the file's, to find
    where a row's text goes on."""
    for key, row_format in ROW_FIELDS.items():
        field = fields.get(key)
        if field is None:
            continue
        noun, pattern = row_format.noun, row_format.pattern
        fix = f"write each {noun} as its own '- ' item: a line '{key}:', then '  - {pattern}' per {noun}"
        if field.joined:
            yield (
                field.line,
                f"the lines of '{key}' are read as one {noun} ('{shorten(field.value)}'): "
                "a line that does not start with '- ' goes on with the line above",
                fix,
            )
            continue
        for value, first_line in zip(field.values, field.item_lines or [field.line] * len(field.values)):
            another = another_row(key, value, first_line, lines)
            if another:
                yield (*another, fix)
                continue
            for offset, text in enumerate(value.splitlines()):  # a '|' block holds one per line
                yield from _row_problem(key, row_format, text.strip(), first_line + offset, fix)


def _row_problem(key: str, row_format, text: str, line: int, fix: str):
    if not text:
        return
    cells, parts = rows(text)[0], len(row_format.cells)
    if len(cells) > parts:
        yield (
            line,
            f"the {row_format.noun} '{shorten(text)}' has {len(cells)} parts; {row_format.a_noun} has "
            f"{parts}: {row_format.pattern}",
            f"{fix} (a part cannot hold '|')",
        )
    elif key == "events" and (len(cells) < 2 or parse_date(cells[0]) is None):
        yield line, f"the event '{text}' does not start with a date", fix


def shorten(text: str, width: int = 70) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


IMAGE = re.compile(r'!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]+)(?:\s+"[^"]*")?\)(?P<attrs>\{[^}]*\})?')


def image_file(src: str, path: Path, content_dir: Path) -> Path | None:
    """The file a Markdown image points to (None for web addresses)."""
    if src.startswith(("http:", "https:", "//", "data:")):
        return None
    bare = re.sub(r"^(\{(static|attach)\}|\|(static|attach)\|)", "", src)
    return (content_dir / bare.lstrip("/")) if bare.startswith("/") else (path.parent / bare)


def check_images(
    path: Path, shown: str, fields: dict, body_start: int, content_dir: Path, lines: list
) -> list:
    """Alt text and existence of every Markdown image, and of the lead image."""
    problems = []
    for number, text in enumerate(lines[body_start - 1 :], start=body_start):
        for match in IMAGE.finditer(text):
            decorative = "decorative" in (match.group("attrs") or "")
            if not match.group("alt").strip() and not decorative:
                problems.append(
                    Problem(
                        shown,
                        number,
                        f"the image '{match.group('src')}' has no alt text",
                        "describe the image between the brackets: ![what it shows](...); "
                        "for a purely decorative image add {.decorative} after it",
                    )
                )
            target = image_file(match.group("src"), path, content_dir)
            if target is None:
                problems.append(
                    Problem(
                        shown,
                        number,
                        f"the image '{match.group('src')}' is not a file of the site: every reader's browser "
                        "would fetch it from elsewhere",
                        "put the photo in content/images/ and write ![what it shows](/images/<name>)",
                    )
                )
            elif not inside(target, content_dir):
                problems.append(
                    Problem(
                        shown,
                        number,
                        f"the image '{match.group('src')}' points outside the content folder",
                        "put the photo in content/images/ and write ![what it shows](/images/<name>)",
                    )
                )
            elif not target.is_file():
                problems.append(
                    Problem(
                        shown,
                        number,
                        f"the image '{match.group('src')}' does not exist",
                        "check the file name (and its capital letters) in content/images/",
                    )
                )
    if "image" in fields:
        target = image_file("/" + fields["image"].value.lstrip("/"), path, content_dir)
        if target is not None and not target.is_file():
            problems.append(
                Problem(
                    shown,
                    fields["image"].line,
                    f"the lead image '{fields['image'].value}' does not exist",
                    "check the file name in content/images/ (write it as images/<name>)",
                )
            )
        if "image_alt" not in fields:
            problems.append(
                Problem(
                    shown,
                    fields["image"].line,
                    "the lead image has no 'image_alt'",
                    "add a line 'image_alt: <what the photo shows>'",
                )
            )
    return problems


SUMMARY_LIMIT = 300
FORMATTED_FIELDS = ("summary",)  # Pelican's FORMATTED_FIELDS: the front matter read as Markdown
FILENAME_LINK = re.compile(r"\{filename\}([^)\s\"']+)")


@dataclass
class ContentFile:
    path: Path
    shown: str
    fields: dict
    body_start: int
    lang: str
    kind: str  # the top folder
    group: str  # what its language versions share (model.translation_group)


def own_slug(item: ContentFile, slugify) -> str:
    if item.kind == "newsletters" and item.path.stem.split(".")[0] == "issue":
        return item.path.parent.name
    if "slug" in item.fields:
        return item.fields["slug"].value
    return slugify(item.fields["title"].value) if "title" in item.fields and slugify else ""


def check_across_files(files: list[ContentFile], content_dir: Path, slugify=None) -> list[Problem]:
    """Problems that need several files (duplicate addresses and translation keys, translations
    without an original) and over-long summaries; from the front matter already read."""
    problems = []
    seen_slug, seen_key = {}, {}
    for item in files:
        slug = own_slug(item, slugify)
        where = (item.kind, item.path.parent.name if item.kind == "newsletters" else "", item.lang, slug)
        line = item.fields["slug"].line if "slug" in item.fields else 1
        if slug and where in seen_slug:
            problems.append(
                Problem(
                    item.shown,
                    line,
                    f"the slug '{slug}' is already used by {seen_slug[where]}",
                    "give this file another slug: two pages cannot share an address",
                )
            )
        seen_slug.setdefault(where, item.shown)
        if item.kind in PAGE_FOLDERS and slug in RESERVED_PAGE_SLUGS:
            problems.append(
                Problem(
                    item.shown,
                    line,
                    f"the slug '{slug}' is the address of a page the site makes itself (/{slug}/)",
                    "give this page another slug, e.g. 'about-our-" + slug + "'",
                )
            )
        key_where = (item.group, item.lang)
        if key_where in seen_key:
            problems.append(
                Problem(
                    item.shown,
                    1,
                    f"there are two '{item.lang}' versions of this item: this file and {seen_key[key_where]}",
                    "keep one (x.md and x.en.md are both English)",
                )
            )
        seen_key.setdefault(key_where, item.shown)
        if "summary" in item.fields and len(item.fields["summary"].value) > SUMMARY_LIMIT:
            problems.append(
                Problem(
                    item.shown,
                    item.fields["summary"].line,
                    f"the summary is {len(item.fields['summary'].value)} characters long",
                    f"keep it under {SUMMARY_LIMIT}: lists, feeds and shares cut longer ones",
                )
            )
    originals = {item.group for item in files if item.lang == DEFAULT_LANGUAGE}
    for item in files:
        if item.lang != DEFAULT_LANGUAGE and item.lang in LANGUAGES and item.group not in originals:
            base = file_language(item.path.stem)[0]
            problems.append(
                Problem(
                    item.shown,
                    1,
                    f"this translation has no English original ({base}.en.md in the same folder)",
                    orphan_fix(item, originals),
                )
            )
    return problems


def orphan_fix(item: ContentFile, originals: set) -> str:
    """The English file of the folder whose name is nearest, or how translations are linked."""
    folder = item.group.rpartition("/")[0]
    names = [group.rpartition("/")[2] for group in originals if group.rpartition("/")[0] == folder]
    base = file_language(item.path.stem)[0]
    near = difflib.get_close_matches(base, names, n=1, cutoff=0.6)
    if near:
        return (
            f"if it translates {near[0]}.en.md, rename it {near[0]}.{item.lang}.md: a translation has "
            "its English file's name, with its own language"
        )
    return (
        f"write the English version first, as {base}.en.md in this folder (or rename this file like "
        "the English file it translates): versions of one item share a name, x.en.md, x.ru.md, x.tg.md"
    )


def check_content(content_dir: Path, settings: dict, slugify=None) -> list[Problem]:
    """All problems in the content folder, sorted by file and line."""
    return check_content_files(content_dir, settings, slugify)[0]


def check_content_files(content_dir: Path, settings: dict, slugify=None) -> tuple[list, list]:
    """(problems sorted by file and line, the parsed content files), every file read once."""
    content_dir = Path(content_dir)
    problems: list[Problem] = []
    sections = {}
    sections_path = content_dir / sections_file(settings)
    try:
        sections = {s.slug: s for s in load_sections(sections_path)}
    except DataFileError as exc:
        problems.append(Problem(display_path(exc.path, content_dir), exc.line, exc.problem, exc.fix))
    files: list[ContentFile] = []
    prefix = display_path(content_dir, content_dir)  # "content", resolved once for all files
    for path in content_files(content_dir, settings):
        rel = path.relative_to(content_dir).as_posix()
        shown = display_path(path, content_dir) if path.is_symlink() else f"{prefix}/{rel}"
        problems.extend(check_file(path, rel, shown, sections, content_dir, files))
    problems.extend(other_files(content_dir, settings, prefix))
    for path in stray_markdown(content_dir, settings):
        shown = f"{prefix}/{path.relative_to(content_dir).as_posix()}"
        problems.append(
            Problem(shown, 1, "this file is outside the content folders: it is not published", HINT)
        )
    problems.extend(check_across_files(files, content_dir, slugify))
    return sorted(problems, key=lambda p: (p.path, p.line)), files
