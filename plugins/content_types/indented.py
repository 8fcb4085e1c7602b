"""Text Python-Markdown shows otherwise than it was meant, for the content check: indented
paragraphs, and Markdown inside raw HTML (below).

A paragraph that starts
with a tab or four spaces after an empty line (as a word processor's first-line indent is
pasted) is a code block to Markdown: the page shows it in a box, in typewriter letters. After
a list item, the same indent continues the item (a second paragraph of it), and is left
alone; so is anything inside raw HTML."""

import re

from .markdown_lines import text_lines

INDENT = re.compile(r"(\t| {4,})\S")
LIST_ITEM = re.compile(r" {0,3}(?:[-*+]|\d+\.)[ \t]+\S")


def indented_problems(lines: list, body_start: int) -> list:
    """(line, problem, fix) of the first line of each paragraph Markdown would make code."""
    if not any(text[:1] == "\t" or text.startswith("    ") for text in lines[body_start - 1 :]):
        return []  # most files
    found = []
    in_list = in_html = False
    previous_blank, last = True, 0
    for number, text in text_lines(lines, body_start, blank_code=False):
        if number != last + 1:
            previous_blank = True  # a fence's lines were left out: a block ends there
        last = number
        if not text.strip():
            previous_blank = True
            continue
        starts_block, previous_blank = previous_blank, False
        if not starts_block:
            continue
        indent = INDENT.match(text)
        if in_html:
            in_html = "</" not in text
        elif indent and not in_list:
            what = "a tab" if indent.group(1) == "\t" else f"{len(indent.group(1))} spaces"
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
            in_list = bool(LIST_ITEM.match(text))
            in_html = text.lstrip().startswith("<") and "</" not in text
    return found


# Markdown written inside a block of raw HTML is shown as written: Python-Markdown leaves an
# HTML block whole (`<div>` then `**Contact:**` shows the asterisks), unless the block says
# markdown="1".
HTML_BLOCK = re.compile(
    r"<(address|article|aside|blockquote|details|div|dl|figure|footer|header|ol|p|section|table|ul)\b([^>]*)>",
    re.IGNORECASE,
)
MARKDOWN_MARKS = re.compile(
    r"\*\*[^*\s][^*]*\*\*|__[^_\s][^_]*__|\[[^\]\n]+\]\([^)\s]+\)|^\s*(?:[-*+]|\d+\.)\s|^#{1,6}\s"
)


def markdown_in_html_problems(lines: list, body_start: int) -> list:
    """(line, problem, fix) of the first line of Markdown inside each raw HTML block (from a
    line starting with a block's tag to the line that closes it)."""
    if "<" not in "".join(lines[body_start - 1 :]):
        return []
    found, closing, told = [], None, False
    for number, text in text_lines(lines, body_start):
        if closing is None:
            opened = HTML_BLOCK.match(text)
            if not opened or "markdown" in opened.group(2).lower():
                continue
            closing, told, text = f"</{opened.group(1).lower()}>", False, text[opened.end() :]
        inside, _, _ = text.lower().partition(closing)
        mark = None if told else MARKDOWN_MARKS.search(text[: len(inside)])
        if mark:
            told = True
            found.append(
                (
                    number,
                    f"'{mark.group(0).strip()}' is Markdown inside HTML ({closing.replace('/', '')}): the "
                    "page shows it as written",
                    "write this part outside the HTML, with an empty line before and after it, or in "
                    'HTML: <strong>…</strong>, <a href="…">…</a>',
                )
            )
        if closing in text.lower():
            closing = None
    return found


# A table as Python-Markdown's tables read one: its first row, then a line of dashes, in a
# block of its own. Rows without the dashes, or under a line of text, are shown as text.
TABLE_RULE = re.compile(r"\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?\s*$|\s*\|\s*:?-{3,}:?\s*\|\s*$")


def table_problems(lines: list, body_start: int) -> list:
    """(line, problem, fix) of each table Markdown would show as text."""
    if "|" not in "".join(lines[body_start - 1 :]):
        return []
    found = []
    for block in _blocks(text_lines(lines, body_start)):
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


def _blocks(numbered):
    block, last = [], 0
    for number, text in numbered:
        if number != last + 1 or not text.strip():
            if block:
                yield block
            block = []
        if text.strip():
            block.append((number, text))
        last = number
    if block:
        yield block
