"""The content check's rules for one file that a schema cannot say (schema.py says what the
front matter's values may be): where the file is and what it is named, whether it can be read,
the text around the fields (raw HTML, links, YAML's '!' and '&'), and what needs the data files
or other files (a known section, a linked file). Each returns (line, problem, fix) tuples;
check.check_file runs them in turn.
"""

import re
from pathlib import Path

from iomsite.core import model
from iomsite.core.characters import invisible_characters
from iomsite.core.model import TYPES, ContentType, file_language, type_for

from .html_policy import FIX as HTML_FIX
from .html_policy import MARKDOWN_LINK, backtick_values, markdown_html_problems, url_problem
from .places import inside
from .values import NODE_PROPERTY, PROPERTY_PROBLEMS, closest

FORMATTED_FIELDS = ("summary",)  # Pelican's FORMATTED_FIELDS: the front matter read as Markdown
# Pelican's links to a file of the content folder ({filename}: a page; {static}, {attach}: the
# file itself, published as it is); |filename| is their older spelling.
FILENAME_LINK = re.compile(r"(?:\{(filename|static|attach)\}|\|(filename|static|attach)\|)([^)\s\"']+)")
IMAGE_BEFORE = re.compile(r"!\[[^\]]*\]\(\s*<?$")  # ![alt]( : an image, which check_images vets


def content_type(path: Path, rel: str) -> tuple[ContentType | None, list]:
    """(the file's content type, problems with where it is and its name); no type when the
    file is where no content goes (then nothing else is checked)."""
    parts = Path(rel).parts
    folder = parts[0]
    ctype = TYPES["page"] if folder == "pages" else type_for(folder, path.stem)
    if ctype is None:
        fix = f"move the file into {model.folders_listed()}"
        return None, [(1, f"'{folder}' is not a content folder", fix)]
    if folder == "newsletters" and len(parts) != 3:
        fix = "move it to content/newsletters/<issue>/, e.g. content/newsletters/2012/"
        return None, [(1, "a newsletter file must be inside its issue's folder", fix)]
    return ctype, story_without_issue(path, ctype) + unknown_language(path)


def story_without_issue(path: Path, ctype: ContentType) -> list:
    if ctype.name != "newsletter-story" or any(
        (path.parent / name).exists() for name in ("issue.en.md", "issue.md")
    ):
        return []
    return [
        (
            1,
            f"the folder {path.parent.name}/ has stories but no issue.en.md",
            "add issue.en.md for the issue (run: invoke new issue)",
        )
    ]


def named_by_language() -> str:
    """'NAME.en.md (English), NAME.ru.md (Russian) or NAME.tg.md (Tajik)'."""
    names = [f"NAME.{item.code}.md ({item.english_name})" for item in model.SITE_LANGUAGES]
    return f"{', '.join(names[:-1])} or {names[-1]}" if len(names) > 1 else names[0]


def unknown_language(path: Path) -> list:
    lang = file_language(path.stem)[1]
    if lang in model.LANGUAGES:
        return []
    return [
        (
            1,
            f"the file name ends in '.{lang}.md', and '{lang}' is not a language of the site",
            "name it " + named_by_language(),
        )
    ]


def read_lines(path: Path) -> tuple[list | None, list]:
    """(the file's lines, problems that keep it from being read: None for the lines then)."""
    try:
        # utf-8-sig: Windows editors (Notepad) start a file with a byte-order mark
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        return None, [
            (1, f"the file cannot be read ({exc.strerror or exc})", "check that it is a file you may read")
        ]
    except UnicodeDecodeError:
        fix = "save it as UTF-8 (in your editor: Save with Encoding > UTF-8)"
        return None, [(1, "the file is not UTF-8 text", fix)]
    invisible = invisible_characters(text)  # before YAML, which refuses them without a line
    return (None, invisible) if invisible else (text.splitlines(), [])


def no_fields(fields: dict) -> list:
    if fields:
        return []
    fix = "write lines like 'title: ...' and 'date: YYYY-MM-DD' between them"
    return [(1, "the file has no fields between its '---' lines", fix)]


def html_problems(fields: dict, lines: list, body_start: int) -> list:
    """Raw HTML outside the policy (html_policy.py), in the text and in the fields Pelican reads
    as Markdown (other fields are shown escaped)."""
    body = "\n".join(lines[body_start - 1 :])
    found = [(body_start + offset - 1, problem, HTML_FIX) for offset, problem in markdown_html_problems(body)]
    found += [
        (body_start + offset - 1, *backtick_problem(tag, name)) for offset, tag, name in backtick_values(body)
    ]
    for key in FORMATTED_FIELDS:
        if key in fields:
            found += [
                (fields[key].line, f"'{key}': {problem}", HTML_FIX)
                for _, problem in markdown_html_problems(fields[key].value)
            ]
            found += [
                (fields[key].line, *backtick_problem(tag, name, key))
                for _, tag, name in backtick_values(fields[key].value)
            ]
    return found


def backtick_problem(tag: str, name: str, field: str = "") -> tuple[str, str]:
    return (
        f"{f'{field!r}: ' if field else ''}the value of {name}= on <{tag}> is in backticks (`): "
        "Markdown turns them into code, which breaks the element",
        f'put the value in straight double quotes: {name}="…"',
    )


FENCE = re.compile(r" {0,3}(```|~~~)")


def top_heading_problems(lines: list, body_start: int) -> list:
    """Lines the text would make a top heading (<h1>), the level of the page's title, which the
    site writes itself: `# Heading`, and a line starting with a hashtag (Python-Markdown needs
    no space after the #), or a line underlined with `===`. Not in fenced code."""
    body = lines[body_start - 1 :]
    joined = "\n" + "\n".join(body)
    if "\n#" not in joined and "\n=" not in joined:  # most files (a substring search: 10x a regex's speed)
        return []
    found, fence, previous = [], "", ""
    for number, text in enumerate(body, start=body_start):
        opening = FENCE.match(text)
        if fence or opening:
            fence = "" if fence and opening and opening.group(1) == fence else fence or opening.group(1)
            previous = ""
            continue
        if text.startswith("#") and not text.startswith("##"):
            found.append(
                (
                    number,
                    "a line starting with one # is a top heading, as large as the page's title "
                    "(which the site writes itself)",
                    "write ## before a subheading (### below it); a hashtag that starts a line needs "
                    "a backslash: \\#EndTrafficking",
                )
            )
        elif re.fullmatch(r"=+[ \t]*", text) and previous.strip() and not previous.startswith(("    ", "\t")):
            found.append(
                (
                    number,
                    "a line of = under text makes that text a top heading, as large as the page's title",
                    "write ## before the subheading instead, and remove the line of =",
                )
            )
        previous = text
    return found


CODE_SPAN = re.compile(r"`[^`\n]+`")
LINK_PARTS = re.compile(r"\[(?P<text>[^\]\n]*)\]\((?P<inside>[^()\n]*)\)")
REFERENCE_USE = re.compile(r"\[(?P<text>[^\]\n]+)\]\[(?P<label>[^\]\n]*)\]")
REFERENCE_LABEL = re.compile(r"^ {0,3}\[(?P<label>[^\]\n]+)\]:", re.M)
SPACED_LINK = re.compile(
    r"\[(?P<text>[^\]\n]+)\][ \t]+\((?P<address>(?:https?://|mailto:|tel:|/|\{)[^)\s]*)\)"
)


def text_lines(lines: list, body_start: int):
    """(line, text) of the body outside fenced code, code spans blanked: what Markdown reads
    as text and links."""
    fence = ""
    for number, text in enumerate(lines[body_start - 1 :], start=body_start):
        opening = FENCE.match(text)
        if fence or opening:
            fence = "" if fence and opening and opening.group(1) == fence else fence or opening.group(1)
            continue
        yield number, CODE_SPAN.sub(lambda m: " " * len(m.group(0)), text) if "`" in text else text


def link_syntax_problems(lines: list, body_start: int) -> list:
    """Links Markdown would not make as the writer meant: an address with a space in it (the
    page gets an address no browser follows: a phone number must be written without its
    spaces), a reference `[text][label]` that no line `[label]: address` defines, and a space
    between `]` and `(` (the brackets are shown as they are written). Each passed the check and
    the build, and gave a page with a broken link or brackets in its text."""
    if "[" not in "".join(lines[body_start - 1 :]):
        return []
    body = "\n".join(lines[body_start - 1 :])
    labels = {" ".join(m.group("label").lower().split()) for m in REFERENCE_LABEL.finditer(body)}
    found = []
    for number, text in text_lines(lines, body_start):
        if "[" not in text:
            continue
        for match in LINK_PARTS.finditer(text):
            address, _, title = match.group("inside").strip().partition(" ")
            if title.strip() and not title.strip().startswith(('"', "'")):
                whole = match.group("inside").strip()
                fix = (
                    f"write the number without spaces: {''.join(whole.split())}"
                    if whole.startswith("tel:")
                    else "check the address: a space inside it must be written %20"
                )
                found.append((number, f"the link address '{whole}' has a space in it", fix))
        for match in REFERENCE_USE.finditer(text):
            label = " ".join((match.group("label") or match.group("text")).lower().split())
            if not label.startswith("^") and label not in labels:
                found.append(
                    (
                        number,
                        f"the link '{match.group(0)}' has no address: no line '[{label}]: …' gives it",
                        f"write it as [{match.group('text')}](https://…), or add a line "
                        f"'[{label}]: https://…' after the paragraph",
                    )
                )
        for match in SPACED_LINK.finditer(text):
            found.append(
                (
                    number,
                    f"'{match.group(0)}' is shown as written, brackets and all: there is a space "
                    "between ] and (",
                    f"remove the space: [{match.group('text')}]({match.group('address')})",
                )
            )
    return found


def link_problems(lines: list, body_start: int) -> list:
    """Links of the text to addresses other than http(s), mailto:, tel: or the site's, and to
    a web or e-mail address written without its scheme."""
    fix = "link to an http(s), mailto: or tel: address, or a page of the site"
    found = []
    for number, text in enumerate(lines[body_start - 1 :], start=body_start):
        if "](" not in text:
            continue
        for match in MARKDOWN_LINK.finditer(text):
            address = match.group(1)
            if url_problem(address):
                found.append((number, url_problem(address), fix))
            elif schemeless := schemeless_problem(address):
                found.append((number, *schemeless))
    return found


# A web address without http(s):// ("www.iom.int", "iom.int/en") or an e-mail address without
# mailto:. A browser reads either as a path inside the site: the link would lead nowhere.
BARE_DOMAIN = re.compile(
    r"(?:www\.[^/?#\s]+|[\w-]+(?:\.[\w-]+)*\.(?:int|org|com|net|gov|edu|info|tj|ru|eu|uk|de|fr|ch|us))(?:[/?#:]|$)",
    re.IGNORECASE,
)
BARE_EMAIL = re.compile(r"[^@\s/:]+@[\w-]+(?:\.[\w-]+)+")


def schemeless_problem(address: str) -> tuple[str, str] | None:
    if BARE_EMAIL.fullmatch(address):
        return (
            f"the link '{address}' is an e-mail address without 'mailto:': it would lead to a page "
            "of this site that does not exist",
            f"write it as mailto:{address}",
        )
    if BARE_DOMAIN.match(address):
        return (
            f"the link '{address}' is a web address without 'https://': it would lead to a page of "
            "this site that does not exist",
            f"write it in full, e.g. https://{address}",
        )
    return None


def filename_link_problems(path: Path, lines: list, body_start: int, content_dir: Path) -> list:
    """{filename}, {static} and {attach} links of the text to no file of the content folder
    (Pelican stopped on a {static} one with "Cannot get modification stamp for <path>")."""
    found = []
    for number, text in enumerate(lines[body_start - 1 :], start=body_start):
        if "{" not in text and "|" not in text:
            continue
        for match in FILENAME_LINK.finditer(text):
            kind = match.group(1) or match.group(2)
            if kind != "filename" and IMAGE_BEFORE.search(text, 0, match.start()):
                continue
            target = match.group(3).split("#")[0].split("?")[0]
            resolved = (
                (content_dir / target.lstrip("/")) if target.startswith("/") else (path.parent / target)
            )
            if not inside(resolved, content_dir) or not resolved.is_file():
                found.append(
                    (
                        number,
                        f"the link {{{kind}}}{target} points to no file of the content folder",
                        "check the file's folder and name (links start from content/ when they begin with /)",
                    )
                )
    return found


def yaml_property_problems(header: list) -> list:
    """Values starting with '!' or '&', which YAML reads as a type tag or an anchor name (the
    reader gives what is left of them: the schema cannot tell)."""
    return [
        (
            number,
            PROPERTY_PROBLEMS[match.group(1)],
            f'put the whole value in double quotes, e.g. title: "{match.group(1)}…"',
        )
        for number, match in enumerate(map(NODE_PROPERTY.match, header), start=1)
        if match
    ]


def unknown_section(fields: dict, sections: dict) -> list:
    """A section that content/data/sections.yml does not list."""
    field = fields.get("section")
    if field is None or not sections or field.value in sections:
        return []
    near = closest(field.value, sections)
    fix = (f"did you mean {near}? " if near else "") + "sections are listed in content/data/sections.yml"
    return [(field.line, f"unknown section '{field.value}'", fix)]
