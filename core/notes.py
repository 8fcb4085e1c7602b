"""Writers' notes in the text are never published: `<!-- check the figure with the office -->`
is a note to colleagues, and Python-Markdown passes HTML comments through to the page's
source, where anyone can read them. This postprocessor removes them from the HTML Markdown
makes, after the raw HTML is put back; a comment in code is text there (`&lt;!--`) and
stays.

Listed in MARKDOWN as "iomsite.core.notes"."""

import re

from markdown import Extension
from markdown.postprocessors import Postprocessor

COMMENT = re.compile(r"<!--.*?-->", re.S)


class DropComments(Postprocessor):
    def run(self, text: str) -> str:
        return COMMENT.sub("", text) if "<!--" in text else text


class NotesExtension(Extension):
    def extendMarkdown(self, md):  # noqa: N802 - Python-Markdown's name
        # after "raw_html" (30), which puts the comments back, and "amp_substitute" (20)
        md.postprocessors.register(DropComments(md), "drop_comments", 5)


def makeExtension(**kwargs):  # noqa: N802 - Python-Markdown's name
    return NotesExtension(**kwargs)
