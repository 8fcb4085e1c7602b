"""`![alt](src "Caption")` alone in a paragraph becomes

    <figure><img src alt><figcaption>Caption</figcaption></figure>

The title attribute is dropped from the image (the caption shows it to everyone, not only to
mouse users). The image pipeline of issue 5 builds on this element.
"""
import xml.etree.ElementTree as etree

from markdown import Extension
from markdown.treeprocessors import Treeprocessor
from pelican import signals


class FigureTreeprocessor(Treeprocessor):
    def __init__(self, md, placeholder: str):
        super().__init__(md)
        self.placeholder = placeholder

    def run(self, root):
        for parent in root.iter():
            for index, child in enumerate(list(parent)):
                if child.tag != "p" or len(child) != 1 or (child.text or "").strip():
                    continue
                image = child[0]
                if image.tag != "img" or (image.tail or "").strip() or not image.get("title"):
                    continue
                figure = etree.Element("figure")
                if self.placeholder and image.get("src", "").endswith(self.placeholder):
                    figure.set("class", "figure--placeholder")  # shown small: there is no photo
                    image.set("class", "placeholder")  # the image pipeline sizes it small
                caption_text = image.attrib.pop("title")
                figure.append(image)
                image.tail = None
                caption = etree.SubElement(figure, "figcaption")
                caption.text = caption_text
                figure.tail = child.tail
                parent.remove(child)
                parent.insert(index, figure)


class FigureExtension(Extension):
    def __init__(self, placeholder: str = "", **kwargs):
        super().__init__(**kwargs)
        self.placeholder = placeholder

    def extendMarkdown(self, md):
        # after inline patterns (priority 20) have turned ![...](...) into <img>
        md.treeprocessors.register(FigureTreeprocessor(md, self.placeholder), "figures", 5)


def add_extension(pelican):
    markdown = pelican.settings.setdefault("MARKDOWN", {})
    extensions = markdown.setdefault("extensions", [])
    if not any(isinstance(e, FigureExtension) for e in extensions):
        extensions.append(FigureExtension(pelican.settings.get("FIGURE_PLACEHOLDER", "")))


def register():
    signals.initialized.connect(add_extension)
