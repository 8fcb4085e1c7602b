"""Invisible characters a content file must not carry, found with their line.

Text pasted from word processors, PDF files or web pages can bring control characters (a form
feed, an escape, a NUL) and Unicode's own line and paragraph separators. None of them shows in
an editor, and each breaks something: YAML refuses control characters in the front matter,
feeds cannot hold them (XML forbids them), and Python counts the separators as line ends where
editors and Markdown do not, so every line number after them would be wrong. The content check
refuses them, naming the line as an editor counts it (only '\\n', '\\r\\n' and '\\r' end a line).
"""

import re

INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")
NAMES = {
    "\x00": "a NUL character",
    "\x0b": "a vertical tab",
    "\x0c": "a page-break character",
    "\x1b": "an escape character",
    "\x85": "a 'next line' character",
    "\u2028": "a Unicode line separator",
    "\u2029": "a Unicode paragraph separator",
}
FIX = (
    "delete it: retype the line, or the characters around the spot where it was pasted "
    "(it comes with text copied from other programs)"
)
MOST = 10  # lines reported per file; a file full of them is not text


def editor_lines(text: str) -> list[str]:
    """The lines as editors and Markdown count them."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def invisible_characters(text: str) -> list[tuple[int, str, str]]:
    """(line, problem, fix) for each line with a character the site refuses (at most MOST)."""
    if not INVISIBLE.search(text):
        return []
    found = []
    lines = [(n, line) for n, line in enumerate(editor_lines(text), 1) if INVISIBLE.search(line)]
    for number, line in lines[:MOST]:
        character = INVISIBLE.search(line).group()
        name = NAMES.get(character, "an invisible control character")
        found.append((number, f"this line has {name} (U+{ord(character):04X}) in it", FIX))
    if len(lines) > MOST:
        found.append(
            (
                lines[MOST][0],
                f"{len(lines) - MOST} more lines have invisible control characters: this file may not "
                "be plain text",
                "save it as plain UTF-8 text (in your editor: Save with Encoding > UTF-8)",
            )
        )
    return found
