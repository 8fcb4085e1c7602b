"""Text Python-Markdown shows otherwise than it was meant, for the content check: indented
paragraphs, and Markdown inside raw HTML (below).

A paragraph that starts
with a tab or four spaces after an empty line (as a word processor's first-line indent is
pasted) is a code block to Markdown: the page shows it in a box, in typewriter letters. After
a list item, the same indent continues the item (a second paragraph of it), and is left
alone; so is anything inside raw HTML."""

import re

from .markdown_lines import HTML_BLOCK_START, blocks, html_block_lines, text_lines

INDENT = re.compile(r"(\t| {4,}| {0,3}\t)\S")
# Blocks whose further paragraphs are indented: a list item, a footnote, a definition.
CONTINUED = re.compile(r" {0,3}(?:[-*+][ \t]|\d+\.[ \t]|\[\^[^\]]+\]:|:[ \t])")


def indented_problems(lines: list, body_start: int) -> list:
    """(line, problem, fix) of the first line of each paragraph Markdown would make code."""
    if not any(
        text[:1] == "\t" or text.startswith(("    ", " \t", "  \t", "   \t"))
        for text in lines[body_start - 1 :]
    ):
        return []  # most files
    numbered = list(text_lines(lines, body_start, blank_code=False))
    raw_html = html_block_lines(numbered)
    found = []
    continued = False
    previous_blank, last = True, 0
    for number, text in numbered:
        if number != last + 1:
            previous_blank = True  # a fence's lines were left out: a block ends there
        last = number
        if not text.strip():
            previous_blank = True
            continue
        starts_block, previous_blank = previous_blank, False
        if not starts_block or number in raw_html:
            continued = continued or bool(CONTINUED.match(text))  # "Term" then ": its definition"
            continue
        indent = INDENT.match(text)
        if indent and not continued:
            what = "a tab" if "\t" in indent.group(1) else f"{len(indent.group(1))} spaces"
            found.append(
                (
                    number,
                    f"this paragraph starts with {what}: Markdown shows it as code, in a box of "
                    "typewriter letters",
                    "remove the indent at the start of the line (a paragraph of a list item goes "
                    "right under the item's line instead)",
                )
            )
        elif not indent:
            continued = bool(CONTINUED.match(text))
    return found


# Markdown written inside a block of raw HTML is shown as written: Python-Markdown leaves an
# HTML block whole (`<div>` then `**Contact:**` shows the asterisks), unless the block says
# markdown="1". A hyphen or a number opening a line there is left alone: it reads as written.
MARKDOWN_MARKS = re.compile(
    r"\*\*[^*\s][^*]*\*\*|__[^_\s][^_]*__|\[[^\]\n]+\]\([^)\s]+\)|^#{1,6}\s"
    r"|(?<![\w*])\*[^*\s][^*\n]*(?<!\s)\*(?![\w*])|(?<![\w_])_[^_\s][^_\n]*(?<!\s)_(?![\w_])"
)


def markdown_in_html_problems(lines: list, body_start: int) -> list:
    """(line, problem, fix) of the first line of Markdown inside each raw HTML block."""
    if "<" not in "".join(lines[body_start - 1 :]):
        return []
    numbered = list(text_lines(lines, body_start))
    inside = html_block_lines(numbered)
    found, told_block, tag = [], False, ""
    for number, text in numbered:
        if number not in inside:
            told_block = False
            continue
        opened = HTML_BLOCK_START.match(text)
        if opened and (number - 1) not in inside:
            told_block, tag = "markdown" in text[: text.find(">") + 1].lower(), opened.group(1).lower()
        mark = None if told_block else MARKDOWN_MARKS.search(re.sub(r"<[^>]*>", " ", text))
        if mark:
            told_block = True
            found.append(
                (
                    number,
                    f"'{mark.group(0).strip()}' is Markdown inside HTML (<{tag}>): the page shows it "
                    "as written",
                    "write this part outside the HTML, with an empty line before and after it, or in "
                    'HTML: <strong>…</strong>, <a href="…">…</a>',
                )
            )
    return found


# A table as Python-Markdown's tables read one: its first row, then a line of dashes, in a
# block of its own. Rows without the dashes, or under a line of text, are shown as text.
TABLE_RULE = re.compile(r"\s*+\|?\s*+:?-+:?\s*+(?:\|\s*+:?-+:?\s*+)+\|?\s*+$|\s*+\|\s*+:?-+:?\s*+\|\s*+$")


def table_problems(lines: list, body_start: int) -> list:
    """(line, problem, fix) of each table Markdown would show as text."""
    if "|" not in "".join(lines[body_start - 1 :]):
        return []
    numbered = list(text_lines(lines, body_start))
    raw_html = html_block_lines(numbered) if "<" in "".join(lines[body_start - 1 :]) else set()
    found = []
    for block in blocks(pair for pair in numbered if pair[0] not in raw_html):
        if block[-1][1].lstrip().startswith("#"):
            block = block[:-1]  # the heading that ended the block is no row
        if not block:
            continue
        rule = next((index for index, (_, text) in enumerate(block) if TABLE_RULE.match(text)), None)
        if rule is not None and rule >= 2 and "|" in block[rule - 1][1]:
            found.append(
                (
                    block[rule - 1][0],
                    "this table is right under a line of text: Markdown shows it as text, '|' and all",
                    "put an empty line before the table's first row",
                )
            )
        elif rule is None and sum(text.lstrip().startswith("|") for _, text in block) >= 2:
            found.append(
                (
                    block[0][0],
                    "these rows have no line of dashes under the first: Markdown shows them as text, "
                    "'|' and all",
                    "add a line such as | --- | --- | under the first row (one --- a column)",
                )
            )
    return found
