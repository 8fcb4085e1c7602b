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
from .html_policy import markdown_html_problems, misquoted_values
from .markdown_lines import text_lines, unclosed_fence
from .values import NODE_PROPERTY, PROPERTY_PROBLEMS, closest

FORMATTED_FIELDS = ("summary",)  # Pelican's FORMATTED_FIELDS: the front matter read as Markdown


def content_type(path: Path, rel: str) -> tuple[ContentType | None, list]:
    """(the file's content type, problems with where it is and its name); no type when the
    file is where no content goes (then nothing else is checked)."""
    parts = Path(rel).parts
    folder = parts[0]
    # "Issue.en.md" is checked as the issue it is meant to be (and told to be renamed)
    ctype = TYPES["page"] if folder == "pages" else type_for(folder, path.stem.lower())
    if ctype is None:
        fix = f"move the file into {model.folders_listed()}"
        return None, [(1, f"'{folder}' is not a content folder", fix)]
    if folder == "newsletters" and len(parts) != 3:
        fix = "move it to content/newsletters/<issue>/, e.g. content/newsletters/2012/"
        return None, [(1, "a newsletter file must be inside its issue's folder", fix)]
    where = issue_folder_problems(path, folder) + story_without_issue(path, ctype)
    return ctype, where + unknown_language(path)


def issue_folder_problems(path: Path, folder: str) -> list:
    """A newsletter issue's folder is its address (/newsletters/2012/), and its issue file is
    issue.<lang>.md in small letters (any other name is read as a story)."""
    if folder != "newsletters":
        return []
    found = []
    issue = path.parent.name
    if not re.fullmatch(model.SLUG_PATTERN, issue) and path.stem.lower().startswith("issue"):  # once a folder
        suggestion = re.sub(r"[^a-z0-9]+", "-", issue.lower()).strip("-") or "2026-q3"
        found.append(
            (
                1,
                f"the issue's folder '{issue}' is its address (/newsletters/{issue}/), and may hold only "
                "small latin letters, digits and hyphens",
                f"rename the folder, e.g. content/newsletters/{suggestion}/",
            )
        )
    name = file_language(path.stem)[0]
    if name != "issue" and name.lower() == "issue":
        found.append(
            (1, f"the issue file is named '{path.name}'", f"rename it {path.name.lower()} (small letters)")
        )
    return found


def story_without_issue(path: Path, ctype: ContentType) -> list:
    if ctype.name != "newsletter-story" or any(
        entry.name.lower() in ("issue.en.md", "issue.md") for entry in path.parent.iterdir()
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


# A language written as the site does not read it ('-ru', '_ru', '.rus', '.TG'): the file would
# be published as an English page of its own. Only Russian and Tajik: a file without a language
# is English anyway; whole words after a hyphen ("learn-russian", "women-in-tajik") are an
# English file's own name.
LANGUAGE_LOOKALIKE = re.compile(
    r"(?:[-_ ](?i:ru|rus|tg|tj|taj|tjk)|\.(?i:rus|russian|taj|tjk|tajik)|\.(?:RU|TG|TJ|Ru|Tg|Tj|tj))"
    r"(?:[-_](?i:ru|tj|tg))?$"
)
LOOKALIKE_CODES = {"r": "ru", "t": "tg"}


def unknown_language(path: Path) -> list:
    lookalike = LANGUAGE_LOOKALIKE.search(path.stem)
    if lookalike:
        written = lookalike.group(0)
        code = LOOKALIKE_CODES[written.lstrip("-_ .")[0].lower()]
        name = re.sub(r"\.[a-z]{2}$", "", path.stem[: lookalike.start()])  # "x.ru-RU": x
        language = next(item.english_name for item in model.SITE_LANGUAGES if item.code == code)
        return [
            (
                1,
                f"the file name ends in '{written}', which the site does not read as a language: "
                "it would be published as an English page of its own",
                f"for the {language} version, name it {name}.{code}.md (a full stop, then {code})",
            )
        ]
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
    misquotes = misquoted_values(outside_fences)
    said = {body_start + offset - 1 for offset, *_ in misquotes}
    # the words of a value in curly quotes read as attributes: told once, as the quotes
    found = [p for p in found if not (p[0] in said and p[1].startswith("the attribute "))]
    found += [(body_start + offset - 1, *misquoted(*what)) for offset, *what in misquotes]
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


# Fields shown as plain text in headings and lists: formatting in them is shown as written.
PLAIN_SHOWN_FIELDS = ("title", "tagline", "call_to_action")
FORMATTING = re.compile(
    r"\*\*[^*]+\*\*|__[^_]+__|(?<![\w*])\*[^*\s][^*]*(?<!\s)\*(?![\w*])|</?(?:b|strong|i|em|u|br|span|a)\b[^>]*>",
    re.IGNORECASE,
)


def formatting_in_plain_fields(fields: dict) -> list:
    """Bold marks or tags in a title (or tagline, call to action): the page, its <title>, the
    lists and the feeds showed them as written, '**' or '<b>' and all."""
    found = []
    for key in PLAIN_SHOWN_FIELDS:
        field = fields.get(key)
        mark = FORMATTING.search(str(field.value)) if field is not None else None
        if mark:
            found.append(
                (
                    field.line,
                    f"the {key} has '{mark.group(0)}' in it: a {key} is shown as plain text, marks and tags "
                    "as written",
                    f"remove the formatting from the {key} (the page sets it in its own type)",
                )
            )
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


# What may open a line before a heading's #: a list item's or a quote's marker, a definition's
# colon (Python-Markdown makes "- #EndTrafficking" an <h1> inside the item)
LINE_MARKERS = re.compile(r"(?:(?:[-*+]|\d+\.|>|:)[ \t]+|>)*")  # "1)" is no list to Python-Markdown


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
    kept = list(text_lines(lines, body_start))
    piped = {number for number, text in kept if "|" in text}
    in_table = {n for n in piped if n - 1 in piped or n + 1 in piped}  # a row and its neighbour
    for number, text in kept:
        if number != last + 1:
            before, previous = "", ""
        rest = text[LINE_MARKERS.match(text).end() :]
        if rest.startswith("#") and not rest.startswith("##") and number not in in_table:
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


OPENING_FENCE = re.compile(r" {0,3}`{3,}[ \t]*[\w+#.-]*[ \t]*$")  # ``` or ```python; not ```code``` inline


def unclosed_fence_problems(lines: list, body_start: int) -> list:
    """A line of backticks (a fence) that no line closes. Tildes are left alone: a line of them
    is a writer's separator as often as a fence, and shown as written when unclosed."""
    if "```" not in "".join(lines[body_start - 1 :]):
        return []
    number = unclosed_fence(lines, body_start)
    if number is None or not OPENING_FENCE.match(lines[number - 1]):
        return []
    return [
        (
            number,
            "this line opens a block of code that no line closes: the page shows the backticks as written",
            "add a line of the same backticks where the code ends, or remove this line",
        )
    ]


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
