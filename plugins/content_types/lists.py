"""Lists Python-Markdown does not make, for the content check. What a writer used to a word
processor, GitHub or a chat types as a list shows on the page as one run-on paragraph, with
no word said:

- a list right under a line of text: Python-Markdown (unlike CommonMark) needs an empty line
  before a list, so `We provide:` then `- food` and `- shelter` is the paragraph
  "We provide: - food - shelter";
- items numbered `1)` or lettered `а)`, which are no list markers to Markdown, and bullets
  pasted from a word processor (`•`): two such lines are joined into one paragraph.

Only the lines Markdown reads as text (markdown_lines.text_lines) are looked at, a block at a
time (lines between empty lines). A block that is a list, a quote, a table, raw HTML, code,
a definition or a reference is left alone: what follows in it is not a paragraph's.
"""

import re

from .markdown_lines import SPACED_RULE, blocks, html_block_lines, text_lines

# A list item as Python-Markdown reads one (up to 3 spaces before it). Numbers of one or two
# digits only: a wrapped line may start with a year ("2019. The project…").
LIST_ITEM = re.compile(r" {0,3}(?:[-*+]|\d{1,2}\.)[ \t]+\S")
# What looks like an item but makes none: "1)", "а)", pasted bullets, numbered sources "[1]",
# dashes, and a list marker followed by a non-breaking space (pasted from a document: Markdown
# needs a space or a tab). Two such lines joined are told (one alone may open a wrapped
# sentence, a reply of a dialogue, or a line written so on purpose).
NOT_A_MARKER = re.compile(
    r" {0,3}(?:(\d{1,2}\))|([a-zа-яёӣӯҳқғҷ]\))|([•·▪●○◦‣⁃■□►➢✓✔]|\[\d{1,3}\])|([–—]))[ \t\u00a0]+\S"
    r"|( {0,3}(?:[-*+]|\d{1,2}\.)\u00a0)",
    re.IGNORECASE,
)
# A paragraph (or a list item) starting "1992. …": Markdown makes it a numbered list and drops
# the number.
NUMBER_ITEM = re.compile(r" {0,3}(?:[-*+][ \t]+)?(\d{3,})\.[ \t]+\S")
# The first line of a block that is no paragraph.
NOT_A_PARAGRAPH = re.compile(
    r" {0,3}(?:[-*+]|\d+\.)[ \t]|[ \t]{4}|\t|>|<|\||:|#|\*?\[[^\]]*\]:|[-*_=]{3,}\s*$"
)
ANY_ITEM = re.compile(
    r"\n(?:" + "|".join((LIST_ITEM.pattern, NOT_A_MARKER.pattern, NUMBER_ITEM.pattern)) + ")", re.IGNORECASE
)

LIST_UNDER_TEXT = (
    "this list item is right under a line of text, with no empty line between: Markdown joins "
    "the list to that text, and the page shows '{marker} …' inside one paragraph",
    "put an empty line before the list's first item",
)


def list_problems(lines: list, body_start: int) -> list:
    """(line, problem, fix) of every list the text would not make (the first line of each)."""
    body = "\n" + "\n".join(lines[body_start - 1 :])
    if not ANY_ITEM.search(body):  # most files (one search: a tenth of the walk below)
        return []
    numbered = list(text_lines(lines, body_start))
    raw_html = html_block_lines(numbered) if "<" in body else set()
    found = []
    for block in blocks(pair for pair in numbered if pair[0] not in raw_html):
        problem = _year_item(block) or _block_problem(block)
        if problem:
            found.append(problem)
    return found


def _year_item(block: list):
    """A block, or a list item of it, starting with a year and a full stop."""
    for index, (number, text) in enumerate(block):
        year = NUMBER_ITEM.match(text)
        starts_item = index == 0 or LIST_ITEM.match(text) and LIST_ITEM.match(block[0][1])
        if year and starts_item:
            return (
                number,
                f"'{year.group(1)}. ' at the start of a paragraph or a list item is a numbered list to "
                f"Markdown: the page shows '1.' in place of {year.group(1)}",
                f"write {year.group(1)}\\. (a backslash before the full stop), or start the sentence "
                f"otherwise ('In {year.group(1)}, …')",
            )
    return None


def _joined(block: list, index: int) -> bool:
    """Whether line `index` of the block is joined to the one above (no hard line break: two
    spaces or a backslash at the end of the line above)."""
    above = block[index - 1][1] if index else ""
    return index > 0 and not (above.endswith("  ") or above.endswith("\\"))


def _block_problem(block: list):
    first = block[0][1]
    paragraph = not NOT_A_PARAGRAPH.match(first) and not NOT_A_MARKER.match(first)
    if paragraph:
        for index, (number, text) in enumerate(block[1:], start=1):
            if text.lstrip().startswith(":"):
                return None  # a definition list: its term is the line above
            if LIST_ITEM.match(text) and not SPACED_RULE.match(text) and _joined(block, index):
                # a list meant: a bullet, or numbers after a line ending with ':' or two of them
                # (one number alone may be a wrapped sentence: "on December\n12. It gathered…")
                intro = block[index - 1][1].rstrip(" *_").endswith(":")
                items = sum(1 for _, other in block[index:] if LIST_ITEM.match(other))
                if text.lstrip()[0] in "-*+" or intro or items >= 2:
                    marker = text.split()[0]
                    return (number, LIST_UNDER_TEXT[0].format(marker=marker), LIST_UNDER_TEXT[1])
    pseudo = [
        (number, match)
        for index, (number, text) in enumerate(block)
        if (match := NOT_A_MARKER.match(text)) and (_joined(block, index) or _joined(block, index + 1))
    ]
    if len(pseudo) < 2 or not (paragraph or pseudo[0][0] == block[0][0] or LIST_ITEM.match(first)):
        return None  # one such line reads as text; in a quote, a table or code they are left alone
    number, match = pseudo[0]
    numbered, lettered, bullet, dash, spaced = match.groups()
    if spaced:
        marker = spaced.strip(" \u00a0")
        return (
            number,
            f"a non-breaking space after '{marker}' (pasted from a document): Markdown makes no list "
            "item of it and joins these lines into one paragraph",
            f"type an ordinary space after '{marker}' for a list, or put an empty line between the lines",
        )
    if dash:
        return (
            number,
            f"lines starting with '{dash}' are joined by Markdown into one paragraph",
            "put an empty line between them (a reply or a paragraph each), or start list items "
            "with '- ' (a hyphen), with an empty line before the list",
        )
    if numbered:
        return (
            number,
            f"items numbered '{numbered}' make no list: Markdown joins these lines into one paragraph",
            "number the items 1. 2. 3. (a full stop, not a bracket), with an empty line before the list",
        )
    if lettered:
        return (
            number,
            f"items lettered '{lettered}' make no list: Markdown joins these lines into one paragraph",
            f"start each item with '- ' ('- {lettered} …' keeps the letter), "
            "with an empty line before the list",
        )
    return (
        number,
        f"items starting with '{bullet}' make no list: Markdown joins these lines into one paragraph",
        f"start each item with '- ' instead of '{bullet}', with an empty line before the list",
    )
