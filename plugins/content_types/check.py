"""The content check: every mistake a writer can make in content files, reported at once.

Each problem reads `file:line: problem — how to fix`. It runs before every build (the build
stops when it finds anything) and on its own with `invoke check-content`.
"""

import difflib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from iomsite.core import model
from iomsite.core.frontmatter import FrontMatterError, read_front_matter
from iomsite.core.model import (
    PAGE_FOLDERS,
    PLACEHOLDER_BODY,
    PLACEHOLDER_SUMMARY,
    ROW_FIELDS,
    file_language,
    translation_group,
)
from iomsite.core.paths import display_path
from iomsite.core.sections import (  # DataFileError comes from datafiles
    DataFileError,
    load_sections,
    sections_file,
)

from . import indented, links, lists, rules
from .html_policy import shortened
from .markdown_lines import text_lines
from .placeholders import example_value_problems
from .places import content_folders_hint, ignored, inside, link_problem, read_by_the_build, stray_markdown
from .row_starts import another_row


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    problem: str
    fix: str
    # an advisory problem does not stop a preview build (an example sentence in a draft, a
    # banner that ended), only check-content and publishing
    advisory: bool = False

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.problem} — {self.fix}"


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


def check_file(
    path: Path, rel: str, shown: str, sections: dict, content_dir: Path, parsed: list | None = None
) -> list[Problem]:
    """Problems in one content file; `rel` is its path inside content/, `shown` how to name it.
    The file is read once; its parsed front matter is appended to `parsed` for the checks
    across files. The front matter's values are the schema's (schema.py); the rest, rules."""
    from . import schema  # pydantic and the models, made once; not loaded by a build that does not check

    ctype, found = rules.content_type(path, rel)
    lines = None
    if ctype is not None:
        lines, unread = rules.read_lines(path)
        found += unread
    if lines is None:
        return [Problem(shown, *problem) for problem in found]
    try:
        fields, body_start = read_front_matter(path, lines)
    except FrontMatterError as exc:  # told with the values the schema refuses in what could be read
        told = [(error.line, error.problem, error.fix) for error in exc.every()]
        refused = schema.problems(ctype, exc.fields or {}, complete=False)
        said = {line for line, _, _ in told}
        return [Problem(shown, *problem) for problem in found + told + not_on(said, refused)]
    if not fields:
        return [Problem(shown, *problem) for problem in found + rules.no_fields(fields)]
    images: list = []
    if parsed is not None:
        parsed.append(
            ContentFile(
                path,
                shown,
                fields,
                body_start,
                file_language(path.stem)[1],
                rel.split("/")[0],
                translation_group(rel),
                images,
            )
        )
    row_starts, items = row_start_problems(fields, lines)
    found += [
        *not_on(items, schema.problems(ctype, fields)),
        *row_starts,
        *rules.html_problems(fields, lines, body_start),
        *links.link_problems(lines, body_start),
        *rules.top_heading_problems(lines, body_start),
        *lists.list_problems(lines, body_start),
        *indented.indented_problems(lines, body_start),
        *indented.markdown_in_html_problems(lines, body_start),
        *indented.table_problems(lines, body_start),
        *rules.unclosed_fence_problems(lines, body_start),
        *links.link_syntax_problems(lines, body_start),
        *formatted_field_problems(fields),
        *rules.formatting_in_plain_fields(fields),
        *rules.yaml_property_problems(lines[: body_start - 2]),
        *rules.unknown_section(fields, sections),
        *links.filename_link_problems(path, lines, body_start, content_dir),
        *placeholder_problems(lines),
        *example_value_problems(fields),
    ]
    problems = [Problem(shown, *problem) for problem in found]
    return problems + check_images(path, shown, fields, body_start, content_dir, lines, images)


def formatted_field_problems(fields: dict) -> list:
    """The text rules on the fields Pelican reads as Markdown (a summary), at the field's line:
    a summary starting with "#EndTrafficking" was an <h1>, its # lost on the cards."""
    found = []
    for key in rules.FORMATTED_FIELDS:
        if key in fields and isinstance(fields[key].value, str):
            text = fields[key].value.split("\n")
            found += [
                (fields[key].line, f"'{key}': {problem}", HASHTAG_IN_A_FIELD.format(key=key))
                for _, problem, _ in rules.top_heading_problems(text, 1)
            ]
            for check in (links.link_problems, links.link_syntax_problems):
                found += [
                    (fields[key].line, f"'{key}': {problem}", fix) for _, problem, fix in check(text, 1)
                ]
    return found


# In YAML's double quotes a backslash starts an escape ("\#" is refused): single quotes keep it.
HASHTAG_IN_A_FIELD = (
    "it has no headings: start it otherwise, or put it in single quotes with a backslash before "
    "the #: {key}: '\\#EndTrafficking …'"
)


def not_on(lines: set, problems: list) -> list:
    """`problems` but those on `lines`, where another problem has told the cause."""
    return [problem for problem in problems if problem[0] not in lines]


def placeholder_problems(lines: list) -> list:
    """Lines that still have an example sentence of 'invoke new'."""
    return [
        (
            number,
            f"this line still has the example text of 'invoke new' (\"{placeholder[:30]}…\")",
            "replace it with your own words",
            True,  # advisory: a draft keeps it while it is written
        )
        for number, text in enumerate(lines, start=1)
        for placeholder in (PLACEHOLDER_SUMMARY, PLACEHOLDER_BODY)
        if placeholder in text
    ]


def row_start_problems(fields: dict, lines: list) -> tuple[list, set]:
    """(problems, their items' first lines) for campaign figures and events holding the start
    of another (row_starts.py): the cause of what the schema would say of such an item (too
    many parts), said instead of it."""
    from .schema import rows_fix

    found, items = [], set()
    for key, row_format in ROW_FIELDS.items():
        field = fields.get(key)
        if field is None or field.joined:
            continue  # rows joined by YAML: the schema says so
        for value, first_line in zip(field.values, field.item_lines or [field.line] * len(field.values)):
            another = another_row(key, value, first_line, lines)
            if another:
                found.append((*another, rows_fix(key, row_format)))
                items.add(first_line)
    return found, items


IMAGE = re.compile(
    r"!\[(?P<alt>[^\]]*)\]\((?:\s*<(?P<angled>[^>\n]+)>|(?P<src>[^)\n]*?))"
    r"(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)(?P<attrs>\{[^}]*\})?"
)
IMAGE_BY_REFERENCE = re.compile(r"!\[(?P<alt>[^\]]*)\]\[(?P<label>[^\]\n]*)\](?P<attrs>\{[^}]*\})?")
RAW_IMAGE = re.compile(r"""<img\b[^>]*?\bsrc\s*=\s*["']([^"']+)["']""", re.IGNORECASE)


def image_file(src: str, path: Path, content_dir: Path) -> Path | None:
    """The file a Markdown image points to (None for web addresses)."""
    if src.startswith(("http:", "https:", "//", "data:")):
        return None
    bare = unquote(re.sub(r"^(\{(static|attach)\}|\|(static|attach)\|)", "", src).split("#")[0].split("?")[0])
    return (content_dir / bare.lstrip("/")) if bare.startswith("/") else (path.parent / bare)


def image_problems(
    number: int, alt: str, src: str, decorative: bool, path: Path, shown: str, content_dir: Path, shows: list
) -> list:
    """The problems of one image of the text; `shows` gets its file if it is one of the site."""
    problems = []
    said = shortened(src)
    if alt.strip() and not decorative and says_nothing(alt):
        problems.append(
            Problem(
                shown,
                number,
                f"the alt text '{alt.strip()}' of the image '{said}' does not say what it shows",
                "describe the image for people who cannot see it: who or what is in it, e.g. "
                "![Officers at the consular training in Dushanbe](...)",
            )
        )
    if not alt.strip() and not decorative:
        problems.append(
            Problem(
                shown,
                number,
                f"the image '{said}' has no alt text",
                "describe the image between the brackets: ![what it shows](...); "
                "for a purely decorative image add {.decorative} after it",
            )
        )
    target = image_file(src, path, content_dir)
    if target is None:
        problems.append(
            Problem(
                shown,
                number,
                f"the image '{said}' is not a file of the site: every reader's browser would fetch it "
                "from elsewhere",
                "put the photo in content/images/ and write ![what it shows](/images/<name>)",
            )
        )
    elif not inside(target, content_dir):
        problems.append(
            Problem(
                shown,
                number,
                f"the image '{said}' points outside the content folder",
                "put the photo in content/images/ and write ![what it shows](/images/<name>)",
            )
        )
    elif not target.is_file():
        problems.append(
            Problem(
                shown,
                number,
                f"the image '{said}' does not exist",
                "check the file name (and its capital letters) in content/images/",
            )
        )
    else:
        shows.append((number, target))
    return problems


# An alt text that says nothing: a file's name, or a word for "image" in the site's languages.
NOTHING_SAID = re.compile(
    r"(?:\S+\.(?:jpe?g|png|gif|webp|heic|tiff?)|(?:img|dsc|p|pxl|dji)[_ -]?[\d_-]*(?:-wa\d+)?"
    r"|whatsapp image .*|(?:image|photo|picture|фото|фотография|изображение|картинка|сурат|акс|расм)"
    r"(?: ?\d+)?)",
    re.IGNORECASE,
)


def says_nothing(alt: str) -> bool:
    return bool(NOTHING_SAID.fullmatch(alt.strip().strip(".")))


RAW_IMAGE_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
RAW_ALT = re.compile(r"""\balt\s*=\s*(?:(["'])(.*?)\1|([^\s"'>]+))""", re.IGNORECASE | re.S)
DECORATIVE_CLASS = re.compile(r"""\bclass\s*=\s*["'][^"']*\bdecorative\b""", re.IGNORECASE)


def raw_image_alt_problem(tag: str) -> tuple[str, str] | None:
    """(problem, fix) of an <img> written in HTML whose alt text is missing or says nothing."""
    match = RAW_ALT.search(tag)
    alt = (match.group(2) if match.group(1) else match.group(3)) if match else None
    if DECORATIVE_CLASS.search(tag):
        return None
    if alt is None or not alt.strip():
        return (
            f"the image {shortened(tag)} has no alt text",
            'add alt="what it shows" to the tag, or write it as ![what it shows](/images/<name>)',
        )
    if says_nothing(alt):
        return (
            f"the alt text '{alt.strip()}' of the image {shortened(tag)} does not say what it shows",
            "describe the image for people who cannot see it: who or what is in it",
        )
    return None


def raw_images(number: int, text: str, path: Path, shown: str, content_dir: Path, shows: list) -> list:
    """An <img> line of raw HTML: its alt text checked, and its file vetted too (the policy
    refuses other sites' images)."""
    problems = [
        Problem(shown, number, *told)
        for tag in RAW_IMAGE_TAG.findall(text)
        if (told := raw_image_alt_problem(tag))
    ]
    for match in RAW_IMAGE.finditer(text):
        target = image_file(match.group(1), path, content_dir)
        if target is not None and inside(target, content_dir) and target.is_file():
            shows.append((number, target))
    return problems


def check_images(
    path: Path, shown: str, fields: dict, body_start: int, content_dir: Path, lines: list, shows: list
) -> list:
    """Alt text and existence of every Markdown image (written inline, or by reference to a
    line `[label]: address`, as a document exported to Markdown writes them), and of the lead
    image; `shows` gets (line, file) of each that is a file of the site."""
    problems = []

    def image(number: int, alt: str, src: str, decorative: bool) -> None:
        problems.extend(image_problems(number, alt, src, decorative, path, shown, content_dir, shows))

    definitions = links.link_definitions("\n".join(lines[body_start - 1 :]))
    for number, text in text_lines(lines, body_start):
        if "![" in text:
            for match in IMAGE.finditer(text):
                decorative = "decorative" in (match.group("attrs") or "")
                src = (match.group("angled") or match.group("src") or "").strip()
                image(number, match.group("alt"), src, decorative)
            for match in IMAGE_BY_REFERENCE.finditer(text):
                label = " ".join((match.group("label") or match.group("alt")).lower().split())
                if label in definitions:
                    decorative = "decorative" in (match.group("attrs") or "")
                    image(number, match.group("alt"), definitions[label], decorative)
        if "<img" in text.lower():
            problems += raw_images(number, text, path, shown, content_dir, shows)
    if "image" in fields:
        target = image_file("/" + fields["image"].value.lstrip("/"), path, content_dir)
        if target is not None and target.is_file() and inside(target, content_dir):
            shows.append((fields["image"].line, target))
        elif target is not None and not target.is_file():
            problems.append(
                Problem(
                    shown,
                    fields["image"].line,
                    f"the lead image '{fields['image'].value}' does not exist",
                    "check the file name in content/images/ (write it as images/<name>)",
                )
            )
        if "image_alt" in fields and says_nothing(str(fields["image_alt"].value)):
            problems.append(
                Problem(
                    shown,
                    fields["image_alt"].line,
                    f"the alt text '{fields['image_alt'].value}' of the lead image does not say what "
                    "it shows",
                    "describe the photo for people who cannot see it: who or what is in it",
                )
            )
        if "image_alt" not in fields or not str(fields["image_alt"].value).strip():
            problems.append(
                Problem(
                    shown,
                    fields["image_alt"].line if "image_alt" in fields else fields["image"].line,
                    "the lead image has no 'image_alt'",
                    "add a line 'image_alt: <what the photo shows>'"
                    if "image_alt" not in fields
                    else "write what the photo shows after 'image_alt:'",
                )
            )
    return problems


@dataclass
class ContentFile:
    path: Path
    shown: str
    fields: dict
    body_start: int
    lang: str
    kind: str  # the top folder
    group: str  # what its language versions share (model.translation_group)
    # (line, file) of each image file of the site it shows (Markdown images, the lead image):
    # for the checks of other plugins (plugins/images/check.py vets the files themselves)
    images: list = field(default_factory=list)


def own_slug(item: ContentFile, slugify) -> str:
    if item.kind == "newsletters" and item.path.stem.split(".")[0] == "issue":
        return item.path.parent.name
    if "slug" in item.fields:
        return item.fields["slug"].value
    return slugify(item.fields["title"].value) if "title" in item.fields and slugify else ""


def check_across_files(files: list[ContentFile], content_dir: Path, slugify=None) -> list[Problem]:
    """Problems that need several files (duplicate addresses and translation keys, translations
    without an original); from the front matter already read."""
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
        if item.kind in PAGE_FOLDERS and slug in model.RESERVED_PAGE_SLUGS:
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
    originals = {item.group for item in files if item.lang == model.DEFAULT_LANGUAGE}
    problems += differing_facts(files)
    for item in files:
        if (
            item.lang != model.DEFAULT_LANGUAGE
            and item.lang in model.LANGUAGES
            and item.group not in originals
            and not english_file_of(item).exists()  # it is there, with mistakes told on their own
        ):
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


# What every version of one item states alike: a translation that differs says another fact
# (its page another date or theme), or goes public while its English is a draft (`status`'s
# only other choice).
SHARED_FIELDS = ("date", "date_of", "section", "image")


def same_fact(key: str, mine, theirs) -> bool:
    """Whether a translation's value says what its English's does: written alike (an image
    with or without its leading '/'), or left out where the English gives the default
    (date_of: publication). A translation may show an image of its own (a poster in its
    language): only one left out is told."""
    if key == "image":
        return mine is not None
    if mine is None:
        return key == "date_of" and str(theirs.value).strip() == "publication"
    return str(mine.value).strip() == str(theirs.value).strip()


def differing_facts(files: list[ContentFile]) -> list[Problem]:
    english = {item.group: item for item in files if item.lang == model.DEFAULT_LANGUAGE}
    problems = []
    for item in files:
        original = english.get(item.group)
        if item.lang == model.DEFAULT_LANGUAGE or original is None:
            continue
        for key in SHARED_FIELDS:
            theirs = original.fields.get(key)
            mine = item.fields.get(key)
            if theirs is None or same_fact(key, mine, theirs):
                continue
            problems.append(
                Problem(
                    item.shown,
                    mine.line if mine else 1,
                    f"the {key} is {repr(mine.value) if mine else 'missing'} here and {theirs.value!r} in "
                    f"the English ({original.shown}): every version of an item states the same {key}",
                    f"write {key}: {theirs.value}, as the English does (or change both)",
                )
            )
        status, own = original.fields.get("status"), item.fields.get("status")
        if (
            status is not None
            and status.value.strip() == "draft"
            and (own is None or own.value.strip() != "draft")
        ):
            problems.append(
                Problem(
                    item.shown,
                    own.line if own else 1,
                    f"the English ({original.shown}) is a {status.value}, and this translation would be "
                    "published without it",
                    f"write status: {status.value} here too, until the English is published",
                )
            )
    return problems


def english_file_of(item: ContentFile) -> Path:
    base = file_language(item.path.stem)[0]
    english = item.path.with_name(f"{base}.{model.DEFAULT_LANGUAGE}.md")
    return english if english.exists() else item.path.with_name(f"{base}.md")


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
        "the English file it translates): versions of one item share a name, "
        + ", ".join(f"x.{lang}.md" for lang in model.LANGUAGES)
    )


def check_content(content_dir: Path, settings: dict, slugify=None) -> list[Problem]:
    """All problems in the content folder, sorted by file and line."""
    return check_content_files(content_dir, settings, slugify)[0]


def check_one_file(path: Path, settings: dict) -> list[Problem]:
    """The problems of one content file by itself (not those across files): for the preview's
    quick page (tools/quick_page.py), which is shown only for a file with none."""
    content_dir = Path(settings["PATH"])
    try:
        sections = {s.slug: s for s in load_sections(content_dir / sections_file(settings))}
    except DataFileError as exc:
        return [Problem(display_path(exc.path, content_dir), exc.line, exc.problem, exc.fix)]
    rel = Path(path).resolve().relative_to(content_dir.resolve()).as_posix()
    return check_file(Path(path), rel, f"content/{rel}", sections, content_dir)


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
            Problem(
                shown,
                1,
                "this file is outside the content folders: it is not published",
                content_folders_hint(),
            )
        )
    problems.extend(check_across_files(files, content_dir, slugify))
    return sorted(problems, key=lambda p: (p.path, p.line)), files
