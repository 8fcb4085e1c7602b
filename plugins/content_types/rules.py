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
from .html_policy import MARKDOWN_LINK, markdown_html_problems, misquoted_values, url_problem
from .places import inside
from .values import NODE_PROPERTY, PROPERTY_PROBLEMS, closest

FORMATTED_FIELDS = ("summary",)  # Pelican's FORMATTED_FIELDS: the front matter read as Markdown
# Pelican's links to a file of the content folder ({filename}: a page; {static}, {attach}: the
# file itself, published as it is). Their older spelling |filename| is not read: in a table,
# "|filename|format|" is two cells.
FILENAME_LINK = re.compile(r"\{(filename|static|attach)\}([^)\s\"']+)")
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
    kept = dict(text_lines(lines, body_start, blank_code=False))  # fenced code left out
    outside_fences = "\n".join(kept.get(number, "") for number in range(body_start, len(lines) + 1))
    found += [
        (body_start + offset - 1, *misquoted(*what)) for offset, *what in misquoted_values(outside_fences)
    ]
    for key in FORMATTED_FIELDS:
        if key in fields:
            found += [
                (fields[key].line, f"'{key}': {problem}", HTML_FIX)
                for _, problem in markdown_html_problems(fields[key].value)
            ]
            found += [
                (fields[key].line, *misquoted(*what, key)) for _, *what in misquoted_values(fields[key].value)
            ]
    return found


def misquoted(tag: str, name: str, quote: str, field: str = "") -> tuple[str, str]:
    why = (
        "in backticks (`): Markdown turns them into code, which breaks the element"
        if quote == "`"
        else f"in curly quotes ({quote}): a browser reads them as part of it"
    )
    return (
        f"{f'{field!r}: ' if field else ''}the value of {name}= on <{tag}> is {why}",
        f'put the value in straight double quotes: {name}="…"',
    )


FENCE = re.compile(r"(`{3,}|~{3,})")


# What may open a line before a heading's #: a list item's or a quote's marker, a definition's
# colon (Python-Markdown makes "- #EndTrafficking" an <h1> inside the item)
LINE_MARKERS = re.compile(r"(?:(?:[-*+]|\d+[.)]|>|:)[ \t]+|>)*")


def top_heading_problems(lines: list, body_start: int) -> list:
    """Lines the text would make a top heading (<h1>), the level of the page's title, which the
    site writes itself: `# Heading`, and a line starting with a hashtag (Python-Markdown needs
    no space after the #), also in a list item or a quote; or the first line of a paragraph
    underlined with `===`. Not in fenced code, not in a table's row."""
    body = lines[body_start - 1 :]
    joined = "\n" + "\n".join(body)
    if "#" not in joined and "\n=" not in joined:  # most files (a substring search: 10x a regex's speed)
        return []
    found, before, previous, last = [], "", "", 0
    for number, text in text_lines(lines, body_start):
        if number != last + 1:
            before, previous = "", ""
        rest = text[LINE_MARKERS.match(text).end() :]
        if rest.startswith("#") and not rest.startswith("##") and "|" not in text:
            found.append(
                (
                    number,
                    "a line starting with one # is a top heading, as large as the page's title "
                    "(which the site writes itself)",
                    "write ## before a subheading (### below it); a hashtag that starts a line needs "
                    "a backslash: \\#EndTrafficking",
                )
            )
        elif (
            re.fullmatch(r"=+[ \t]*", text)
            and previous.strip()
            and not before.strip()
            and not previous.startswith(("    ", "\t", "#"))
        ):
            found.append(
                (
                    number,
                    "a line of = under text makes that text a top heading, as large as the page's title",
                    "write ## before the subheading instead, and remove the line of =",
                )
            )
        before, previous, last = previous, text, number
    return found


CODE_SPAN = re.compile(r"`[^`\n]+`")
CURLY = "“”„«»‘’"
LINK_PARTS = re.compile(r"\[(?P<text>[^\]\n]*)\]\((?P<inside>[^()\n]*)\)")
REFERENCE_USE = re.compile(r"\[(?P<text>[^\]\n]+)\]\[(?P<label>[^\]\n]*)\]")
REFERENCE_LABEL = re.compile(r"^[ \t>]*\[(?P<label>[^\]\n]+)\]:", re.M)  # also in a list item or a quote
SPACED_LINK = re.compile(
    r"\[(?P<text>[^\]\n]+)\][ \t]+\((?P<address>(?:https?://|mailto:|tel:|www\.|/|\{)[^)\n]*)\)"
)


def text_lines(lines: list, body_start: int, blank_code: bool = True):
    """(line, text) of the body outside fenced code, code spans blanked (unless not
    `blank_code`): what Markdown reads as text and links. A fence is a line starting with three
    or more backticks or tildes, closed by a line starting with the same; one never closed is no
    fence (Python-Markdown's reading)."""
    body = lines[body_start - 1 :]
    fenced = set()
    opened = None
    for index, text in enumerate(body):
        match = FENCE.match(text)
        if match and opened is None:
            opened = (index, match.group(1))
        elif opened is not None and text.startswith(opened[1]) and not text[len(opened[1]) :].strip("`~ \t"):
            fenced.update(range(opened[0], index + 1))
            opened = None
    for index, text in enumerate(body):
        if index not in fenced:
            blank = blank_code and "`" in text
            yield body_start + index, CODE_SPAN.sub(lambda m: " " * len(m.group(0)), text) if blank else text


def link_syntax_problems(lines: list, body_start: int) -> list:
    """Links Markdown would not make as the writer meant: an address or a title in curly
    quotes (pasted from a word processor: the address the page gets is the whole text), a
    reference `[text][label]` that no line `[label]: address` defines, and a space between `]`
    and `(` (the brackets are shown as they are written). Each passed the check and the build,
    and gave a page with a broken link or brackets in its text."""
    if "[" not in "".join(lines[body_start - 1 :]):
        return []
    body = "\n".join(lines[body_start - 1 :])
    labels = {" ".join(m.group("label").lower().split()) for m in REFERENCE_LABEL.finditer(body)}
    found = []
    for number, text in text_lines(lines, body_start):
        if "](" in text:
            found += [(number, *problem) for problem in curly_link_problems(text)]
        if "][" in text:
            for match in REFERENCE_USE.finditer(text):
                label = " ".join((match.group("label") or match.group("text")).lower().split())
                citation = (
                    match.group("text").isdigit() and match.group("label").isdigit()
                )  # "returnees[1][2]"
                if not label.startswith("^") and label not in labels and not citation:
                    found.append(
                        (
                            number,
                            f"the link '{match.group(0)}' has no address: no line '[{label}]: …' gives it",
                            f"write it as [{match.group('text')}](https://…), or add a line "
                            f"'[{label}]: https://…' after the paragraph",
                        )
                    )
        if "] (" in text or "]\t(" in text:
            for match in SPACED_LINK.finditer(text):
                if match.group("text").isdigit():
                    continue  # "[1] (https://…)": a numbered source, shown as it is meant
                found.append(
                    (
                        number,
                        f"'{match.group(0)}' is shown as written, brackets and all: there is a space "
                        "between ] and (",
                        f"remove the space: [{match.group('text')}]({match.group('address')})",
                    )
                )
    return found


def curly_link_problems(text: str) -> list[tuple[str, str]]:
    found = []
    for match in LINK_PARTS.finditer(text):
        inside = match.group("inside").strip()
        address, _, title = inside.partition(" ")
        if address and address[0] in CURLY:
            bare = address.strip(CURLY)
            found.append(
                (
                    f"the address of the link '{match.group(0)}' is in curly quotes: the page would "
                    "link to a page of this site that does not exist",
                    f"remove the quotes: [{match.group('text')}]({bare})",
                )
            )
        elif title.strip() and title.strip()[0] in CURLY:
            found.append(
                (
                    f"the title of the link '{match.group(0)}' is in curly quotes, so the link's address "
                    "would be the whole text",
                    f'put the title in straight double quotes: [{match.group("text")}]({address} "…")',
                )
            )
    return found


def link_problems(lines: list, body_start: int) -> list:
    """Links of the text to addresses other than http(s), mailto:, tel: or the site's, and to
    a web or e-mail address written without its scheme."""
    fix = "link to an http(s), mailto: or tel: address, or a page of the site"
    found = []
    for number, text in enumerate(lines[body_start - 1 :], start=body_start):
        if "](" in text:
            for match in MARKDOWN_LINK.finditer(text):
                address = match.group(1)
                if url_problem(address):
                    found.append((number, url_problem(address), fix))
                elif schemeless := schemeless_problem(address):
                    found.append((number, *schemeless))
        if "]:" in text or "href" in text:
            addresses = [m.group(1) for m in (REFERENCE_ADDRESS.match(text),) if m]
            addresses += [m.group(1) for m in RAW_LINK.finditer(text)] if "href" in text else []
            found += [(number, *problem) for problem in map(schemeless_problem, addresses) if problem]
    return found


# A web address without http(s):// ("www.iom.int", "iom.int/en") or an e-mail address without
# mailto:. A browser reads either as a path inside the site: the link would lead nowhere.
DOMAIN_ENDINGS = (
    "int|org|com|net|gov|edu|info|eu|tj|ru|uz|kg|kz|af|tm|az|am|ge|by|ua|mn|cn|tr|pk|in|ir|jp|kr|"
    "uk|de|fr|ch|us|it|es|nl|be|se|no|fi|dk|pl|cz|at|au|ca|рф|бел|қаз|срб"
)
BARE_DOMAIN = re.compile(
    rf"(?:www\.[^/?#\s]+|[\w-]+(?:\.[\w-]+)*\.(?:{DOMAIN_ENDINGS}))(?:[/?#:]|$)", re.IGNORECASE
)
BARE_EMAIL = re.compile(r"[^@\s/:]+@[\w-]+(?:\.[\w-]+)+(?:\?\S*)?")
REFERENCE_ADDRESS = re.compile(r"^[ \t>]*\[[^\]\n]+\]:[ \t]*<?([^\s>]+)")
RAW_LINK = re.compile(r"<a\b[^>]*?\bhref\s*=\s*[\"']([^\"']+)[\"']", re.IGNORECASE)


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
    for number, text in text_lines(lines, body_start):
        if "{" not in text:
            continue
        for match in FILENAME_LINK.finditer(text):
            kind = match.group(1)
            if kind != "filename" and IMAGE_BEFORE.search(text, 0, match.start()):
                continue
            target = match.group(2).split("#")[0].split("?")[0]
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
