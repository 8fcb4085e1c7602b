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

from .markdown_lines import text_lines

# A list item as Python-Markdown reads one (up to 3 spaces before it). Numbers of one or two
# digits only: a wrapped line may start with a year ("2019. The project…").
LIST_ITEM = re.compile(r" {0,3}(?:[-*+]|\d{1,2}\.)[ \t]+\S")
# What looks like an item but makes none: "1)", "а)", pasted bullets, dashes (two lines or
# more: one may open a wrapped sentence), and a list marker followed by a non-breaking space
# (pasted from a document: Markdown needs a space or a tab).
NOT_A_MARKER = re.compile(
    r" {0,3}(?:(\d{1,2}\))|([a-zа-яёӣӯҳқғҷ]\))|([•·▪●○◦‣⁃■□►➢✓✔])|([–—]))[ \t\u00a0]+\S"
    r"|( {0,3}(?:[-*+]|\d{1,2}\.)\u00a0)",
    re.IGNORECASE,
)
# A paragraph starting "1992. …": Markdown makes it a numbered list and drops the number.
NUMBER_ITEM = re.compile(r" {0,3}(\d{3,})\.[ \t]+\S")
# The first line of a block that is no paragraph.
NOT_A_PARAGRAPH = re.compile(
    r" {0,3}(?:[-*+]|\d+\.)[ \t]|[ \t]{4}|\t|>|<|\||:|#|\*?\[[^\]]*\]:|[-*_=]{3,}\s*$"
)
ANY_ITEM = re.compile(
    r"\n(?:" + "|".join((LIST_ITEM.pattern, NOT_A_MARKER.pattern, NUMBER_ITEM.pattern)) + ")", re.IGNORECASE
)
RULE_OR_UNDERLINE = re.compile(r" {0,3}(?:[-=]+|[-*_]{3,})\s*$")

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
    found = []
    for block in _blocks(text_lines(lines, body_start)):
        problem = _block_problem(block)
        if problem:
            found.append(problem)
    return found


def _blocks(numbered):
    """The body's blocks: runs of non-empty lines with consecutive numbers (a fence's lines
    are not among them, and end a block). A heading or a rule line ends one too."""
    block, last = [], 0
    for number, text in numbered:
        if number != last + 1 or not text.strip():
            if block:
                yield block
            block = []
        if text.strip():
            block.append((number, text))
            if text.lstrip().startswith("#") or (len(block) > 1 and RULE_OR_UNDERLINE.match(text)):
                yield block
                block = []
        last = number
    if block:
        yield block


def _block_problem(block: list):
    first = block[0][1]
    year = NUMBER_ITEM.match(first)
    if year:
        return (
            block[0][0],
            f"a paragraph starting '{year.group(1)}. ' is a numbered list to Markdown: the page "
            f"shows '1.' in place of {year.group(1)}",
            f"write {year.group(1)}\\. (a backslash before the full stop), or start the sentence "
            f"otherwise ('In {year.group(1)}, …')",
        )
    spaced = next(
        ((number, m) for number, text in block if (m := NOT_A_MARKER.match(text)) and m.group(5)), None
    )
    if spaced:
        marker = spaced[1].group(5).strip(" \u00a0")
        return (
            spaced[0],
            f"a non-breaking space after '{marker}' (pasted from a document): Markdown makes no list "
            "item of it and shows the line inside a paragraph",
            f"type an ordinary space after '{marker}'",
        )
    paragraph = not NOT_A_PARAGRAPH.match(first) and not NOT_A_MARKER.match(first)
    if paragraph:
        for number, text in block[1:]:
            if text.lstrip().startswith(":"):
                return None  # a definition list: its term is the line above
            if LIST_ITEM.match(text):
                marker = text.split()[0]
                return (number, LIST_UNDER_TEXT[0].format(marker=marker), LIST_UNDER_TEXT[1])
    pseudo = [(number, NOT_A_MARKER.match(text)) for number, text in block]
    pseudo = [(number, match) for number, match in pseudo if match]
    if len(pseudo) < 2 or not (paragraph or pseudo[0][0] == block[0][0] or LIST_ITEM.match(first)):
        return None  # one such line reads as text; in a quote, a table or code they are left alone
    number, match = pseudo[0]
    numbered, lettered, bullet, dash, _ = match.groups()
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
