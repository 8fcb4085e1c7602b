"""The lines of a content file's text that Markdown reads as text: outside fenced code, with
code spans blanked. The rules on headings, links and raw HTML read these."""

import re

FENCE = re.compile(r"(`{3,}|~{3,})")
CODE_SPAN = re.compile(r"(?<!\\)(`+)(?!`).+?(?<!`)\1(?!`)")  # `x`, ``x ` y``, as Python-Markdown reads them
COMMENT = re.compile(r"<!--.*?-->", re.S)


def fences(body: list) -> tuple[set, int | None]:
    """(the indexes of the lines of `body` in fenced code, fences included; the index of a fence
    that no line closes, or None). A fence is a line starting with three or more backticks or
    tildes, closed by a line starting with the same; one never closed is no fence
    (Python-Markdown's reading: it is shown as written)."""
    fenced, opened = set(), None
    for index, text in enumerate(body):
        match = FENCE.match(text)
        if match and opened is None:
            opened = (index, match.group(1))
        elif opened is not None and text.startswith(opened[1]) and not text[len(opened[1]) :].strip("`~ \t"):
            fenced.update(range(opened[0], index + 1))
            opened = None
    return fenced, opened[0] if opened else None


def unclosed_fence(lines: list, body_start: int) -> int | None:
    """The line of a fence that nothing closes (shown as written, backticks and all), or None."""
    index = fences(lines[body_start - 1 :])[1]
    return None if index is None else body_start + index


def text_lines(lines: list, body_start: int, blank_code: bool = True):
    """(line, text) of the body outside fenced code, code spans blanked (unless not
    `blank_code`): what Markdown reads as text and links (fences: `fences`)."""
    body = lines[body_start - 1 :]
    if "<!--" in "".join(body):  # an HTML comment is not shown: its lines blanked, their count kept
        body = COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), "\n".join(body)).split("\n")
    fenced = fences(body)[0]
    for index, text in enumerate(body):
        if index not in fenced:
            blank = blank_code and "`" in text
            yield body_start + index, CODE_SPAN.sub(lambda m: " " * len(m.group(0)), text) if blank else text


# A block of raw HTML as Python-Markdown reads one: from a line starting with a block element's
# tag to the line that closes it; what is inside is shown as written (no lists, no code).
HTML_BLOCK_START = re.compile(
    r" {0,3}<(address|article|aside|blockquote|details|div|dl|figure|footer|header|ol|p|section|table|ul)\b",
    re.IGNORECASE,
)


def html_block_lines(numbered) -> set:
    """The numbers of the lines (of `numbered`: text_lines' pairs) inside raw HTML blocks,
    their first and last lines included; nested elements of the same name are counted."""
    inside, tag, depth = set(), None, 0
    for number, text in numbered:
        if tag is None:
            opened = HTML_BLOCK_START.match(text)
            if not opened:
                continue
            tag, depth = opened.group(1).lower(), 0
        lowered = text.lower()
        depth += len(re.findall(rf"<{tag}\b", lowered)) - lowered.count(f"</{tag}>")
        inside.add(number)
        if depth <= 0:
            tag = None
    return inside


def blocks(numbered):
    """The runs of non-empty lines with consecutive numbers (a fence's lines are left out of
    `numbered`, and end a run); a heading line or a rule line under text ends one too."""
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


RULE_OR_UNDERLINE = re.compile(r" {0,3}(?:[-=]+|[-*_]{3,})\s*$")
# A horizontal rule written spaced out ("* * *", "- - -"): no list item.
SPACED_RULE = re.compile(r" {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
