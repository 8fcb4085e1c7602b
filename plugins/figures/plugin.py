"""`![alt](src "Caption")` alone in a paragraph, or an image followed directly by a paragraph
that is all in italics (`*Caption*`), becomes

    <figure><img src alt><figcaption>Caption</figcaption></figure>

The title attribute is dropped from the image (the caption shows it to everyone, not only to
mouse users). The image pipeline of issue 5 builds on this element.
"""

import xml.etree.ElementTree as etree

from markdown import Extension
from markdown.treeprocessors import Treeprocessor
from pelican import signals


class FigureTreeprocessor(Treeprocessor):
    def run(self, root):
        for parent in root.iter():
            for index, child in enumerate(list(parent)):
                if child.tag == "p" and self.image_then_italics(child):
                    # ![alt](src) on one line and *Caption* on the next: one paragraph
                    image, emphasis = child[0], child[1]
                    figure = etree.Element("figure")
                    image.attrib.pop("title", None)
                    image.tail = None
                    figure.append(image)
                    caption = etree.SubElement(figure, "figcaption")
                    caption.text = emphasis.text
                    for part in list(emphasis):
                        caption.append(part)
                    figure.tail = child.tail
                    parent.remove(child)
                    parent.insert(index, figure)
                    continue
                if child.tag != "p" or len(child) != 1 or (child.text or "").strip():
                    continue
                image = child[0]
                if image.tag != "img" or (image.tail or "").strip():
                    continue
                following = self.italic_caption(parent, index)
                if not image.get("title") and following is None:
                    continue
                figure = etree.Element("figure")
                caption_text = image.attrib.pop("title", None)
                figure.append(image)
                image.tail = None
                caption = etree.SubElement(figure, "figcaption")
                if following is not None:  # the italic paragraph becomes the caption
                    emphasis = following[0]
                    caption.text = emphasis.text
                    for part in list(emphasis):
                        caption.append(part)
                    parent.remove(following)
                else:
                    caption.text = caption_text
                figure.tail = child.tail
                parent.remove(child)
                parent.insert(index, figure)

    @staticmethod
    def image_then_italics(paragraph) -> bool:
        return (
            len(paragraph) == 2
            and paragraph[0].tag == "img"
            and paragraph[1].tag == "em"
            and not (paragraph.text or "").strip()
            and not (paragraph[0].tail or "").strip()
            and not (paragraph[1].tail or "").strip()
        )

    @staticmethod
    def italic_caption(parent, index):
        """The next sibling if it is a paragraph made of one <em> and nothing else."""
        siblings = list(parent)
        if index + 1 >= len(siblings):
            return None
        candidate = siblings[index + 1]
        if (
            candidate.tag == "p"
            and len(candidate) == 1
            and candidate[0].tag == "em"
            and not (candidate.text or "").strip()
            and not (candidate[0].tail or "").strip()
        ):
            return candidate
        return None


class FigureExtension(Extension):
    def extendMarkdown(self, md):
        # after inline patterns (priority 20) have turned ![...](...) into <img>
        md.treeprocessors.register(FigureTreeprocessor(md), "figures", 5)


def add_extension(pelican):
    markdown = pelican.settings.setdefault("MARKDOWN", {})
    extensions = markdown.setdefault("extensions", [])
    if not any(isinstance(e, FigureExtension) for e in extensions):
        extensions.append(FigureExtension())


def register():
    signals.initialized.connect(add_extension)
