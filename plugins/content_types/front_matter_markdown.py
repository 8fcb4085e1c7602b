"""A Python-Markdown extension that reads the YAML front matter (frontmatter.py) in place of the
`meta` extension, which Pelican's Markdown reader relies on: it sets `md.Meta` the way `meta`
does ({key: [value]}), under the same name, so Pelican's reader and the incremental layer's
cached reader work unchanged. Listed after "markdown.extensions.meta" in MARKDOWN, it replaces
it. A file whose fields cannot be read gets none here; the content check, which runs before
anything is built, reports it with its line."""

from markdown import Extension
from markdown.preprocessors import Preprocessor

from iomsite.core.frontmatter import FrontMatterError, parse


class FrontMatterPreprocessor(Preprocessor):
    def run(self, lines):
        try:
            fields, body_start = parse(lines)
        except FrontMatterError:
            self.md.Meta = {}
            return lines
        self.md.Meta = {key: list(field.values) for key, field in fields.items()}
        return lines[body_start - 1 :]


class FrontMatterExtension(Extension):
    def extendMarkdown(self, md):  # noqa: N802 - Python-Markdown's name
        md.registerExtension(self)
        self.md = md
        md.Meta = {}
        md.preprocessors.register(FrontMatterPreprocessor(md), "meta", 27)  # the name Pelican deregisters

    def reset(self):
        self.md.Meta = {}


def makeExtension(**kwargs):  # noqa: N802 - Python-Markdown's name
    return FrontMatterExtension(**kwargs)
