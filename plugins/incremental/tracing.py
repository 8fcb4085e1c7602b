"""Which content bodies a page shows: reading `item.content`, or an automatic summary (made
from the body), while a page renders notes the item (effects.py kind "body"). The writer
keeps the notes with the page and renders the page again when one of those bodies changes."""

from pelican.contents import Content

from . import effects
from .fingerprint import content_ref

_installed = False


def install() -> None:
    global _installed
    if _installed:
        return
    _installed = True
    content_property = Content.content
    summary_property = Content.summary

    def content(self):
        effects.note("body", content_ref(self))
        return content_property.fget(self)

    def summary(self):
        if "summary" not in self.metadata:  # else it is front matter, part of the item's fields
            effects.note("body", content_ref(self))
        return summary_property.fget(self)

    Content.content = property(content, doc=content_property.__doc__)
    Content.summary = property(summary, summary_property.fset, doc=summary_property.__doc__)
