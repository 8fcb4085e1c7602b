"""Typographic quotes, dashes and ellipses: Python-Markdown's `smarty` extension, with the same
output, its pass at a small part of its cost.

`smarty` runs a second inline pass over every text of the page, trying each of its 18 patterns
on each text, one after the other, in Python. Most texts hold none of the characters a pattern
needs (a quote, "--", "..."), so almost all of that work finds nothing: on the 3,000-article
benchmark it was a third of all Markdown conversion, and this pass takes that
conversion from 3.53 to 2.27 CPU-s on 600 articles (bench/README.md). This pass skips a
pattern when the text does not contain the characters every match of that pattern contains,
which is exactly when the pattern's search would find nothing; everything else is smarty's
own code. A pattern this module does not know (a later smarty) is always tried.

Listed in MARKDOWN as "iomsite.core.typography" with smarty's settings.
"""

from markdown import util
from markdown.extensions import smarty
from markdown.treeprocessors import InlineProcessor

# smarty's patterns (markdown 3.x, written out rather than taken from its module: a pattern
# changed in a later smarty is then not found here, and is always tried) -> the text that
# every one of its matches contains
_PUNCTUATION = r"""[!"#\$\%'()*+,-.\/:;<=>?\@\[\\\]\^_`{|}~]"""
_CLOSE = r"(?<=[^\ \t\r\n\[\{\(\-\u0002\u0003])"
_OPENING = r"(\s|&nbsp;|--|–|—|&[mn]dash;|&#8211;|&#8212;)"
_NEEDS = {
    rf"^'(?={_PUNCTUATION}\B)": "'",
    rf'^"(?={_PUNCTUATION}\B)': '"',
    r""""'(?=\w)""": "\"'",
    r"""'"(?=\w)""": "'\"",
    _CLOSE + "\\'\"": "'\"",
    _CLOSE + "\\\"'": "\"'",
    r"(?<!\w)'(?=\d{2}s)": "'",
    _OPENING + r"'(?=\w)": "'",
    _CLOSE + r"'(?!\s|s\b|\d)": "'",
    r"'(\s|s\b)": "'",
    r"'": "'",
    _OPENING + r'"(?=\w)': '"',
    r'"(?=\s)': '"',
    _CLOSE + r'"': '"',
    r'"': '"',
    r"(?<!\.)\.{3}(?!\.)": "...",
    r"(?<!-)---(?!-)": "---",
    r"(?<!-)--(?!-)": "--",
    r"\<\<": "<<",
    r"\>\>": ">>",
}


def needed_text(pattern) -> str:
    """What a text must contain for `pattern` to match in it ("" when not known: always tried)."""
    return _NEEDS.get(getattr(pattern, "pattern", None), "")


class SkippingInlineProcessor(InlineProcessor):
    """Python-Markdown's inline pass, trying a pattern only on texts that contain what it needs.
    Overrides the pass's private `__handleInline` (a copy of its loop with the one test added;
    tests/core/test_typography.py compares the output with smarty's)."""

    needs: list = []

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:  # noqa: N802, N803
        if isinstance(data, util.AtomicString):
            return data
        apply = self._InlineProcessor__applyPattern
        patterns, needs = self.inlinePatterns, self.needs
        start = 0
        while patternIndex < len(patterns):
            if needs[patternIndex] not in data:  # the search would find nothing
                patternIndex += 1
                start = 0
                continue
            data, matched, start = apply(patterns[patternIndex], data, patternIndex, start)
            if not matched:
                patternIndex += 1
        return data


class TypographyExtension(smarty.SmartyExtension):
    def extendMarkdown(self, md):  # noqa: N802 - Python-Markdown's name
        super().extendMarkdown(md)
        quick = SkippingInlineProcessor(md)
        quick.inlinePatterns = self.inlinePatterns
        quick.needs = [needed_text(pattern) for pattern in self.inlinePatterns]
        md.treeprocessors.register(quick, "smarty", 6)  # in place of smarty's own pass


def makeExtension(**kwargs):  # noqa: N802 - Python-Markdown's name
    return TypographyExtension(**kwargs)
