"""The e-mail edition of a newsletter issue: one HTML file for a mailing tool (table layout at
most 600 px wide, every style inline via css-inline, absolute links and images, a preheader, an
unsubscribe placeholder, no script, no external CSS) and a plain-text version. Fluid: 100 %
wide up to 600 px (a phone shows it whole), a fixed 600 px table for Outlook only.

Written for every issue and language to `<output>/_email/<issue>.<lang>.html` and `.txt`
(`invoke newsletter-email` copies them out; the checks and `invoke publish` leave `_email/`
aside, since e-mail HTML follows e-mail rules, not the web's).
"""

import re
from functools import cache, partial
from importlib.metadata import version
from pathlib import Path

import css_inline
import lxml.html
from pelican.generators import Generator

from iomsite.core.htmlparts import absolutize

from ..incremental import api as incremental

EMAIL_DIR = "_email"
MAX_IMAGE_WIDTH = 560  # 600 px minus the padding (narrower screens: max-width 100 %)


def email_images(html: str) -> str:
    """<picture> -> a plain <img> (mail clients ignore <picture>/srcset), at most 560 px wide."""
    if "<picture" not in html:
        return html
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    for picture in list(root.iter("picture")):
        img = picture.find("img")
        for attribute in ("srcset", "sizes", "loading", "decoding", "fetchpriority"):
            img.attrib.pop(attribute, None)
        width, height = int(img.get("width", MAX_IMAGE_WIDTH)), int(img.get("height", 0) or 0)
        if width > MAX_IMAGE_WIDTH and height:
            height = round(height * MAX_IMAGE_WIDTH / width)
            width = MAX_IMAGE_WIDTH
        img.set("width", str(width))
        if height:
            img.set("height", str(height))
        img.tail = picture.tail
        picture.getparent().replace(picture, img)
    return (root.text or "") + "".join(lxml.html.tostring(c, encoding="unicode") for c in root)


def text_of(html: str) -> str:
    """Paragraph text of an HTML fragment, one blank line between blocks."""
    if not html.strip():
        return ""
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    blocks = []
    for element in root.iter("p", "li", "h2", "h3", "figcaption"):
        text = re.sub(r"\s+", " ", element.text_content()).strip()
        if text:
            blocks.append(("- " if element.tag == "li" else "") + text)
    return "\n\n".join(blocks)


class NewsletterEmailGenerator(Generator):
    def generate_context(self):
        pass

    def absolute(self, path: str) -> str:
        return f"{self.settings['SITE_PUBLIC_URL'].rstrip('/')}/{path.lstrip('/')}"

    def generate_output(self, writer):
        issues = [a for a in self.context["articles"] if getattr(a, "type", "") == "newsletter-issue"]
        for issue in issues:
            stem = f"{issue.issue_slug}.{issue.lang}"
            incremental.make_or_reuse(  # made again only if it changed
                writer,
                f"newsletter-email:{stem}",
                self.context,
                [stem, _css_inline_version()],
                [issue],
                partial(self.write_edition, issue, stem),
            )

    def write_edition(self, issue, stem: str) -> list:
        """Both formats of an issue's e-mail edition; their paths in the output."""
        target = Path(self.output_path) / EMAIL_DIR
        target.mkdir(parents=True, exist_ok=True)
        (target / f"{stem}.html").write_text(self.html(issue), encoding="utf-8")
        (target / f"{stem}.txt").write_text(self.text(issue), encoding="utf-8")
        return [f"{EMAIL_DIR}/{stem}.html", f"{EMAIL_DIR}/{stem}.txt"]

    def foreword(self, issue) -> str:
        """The foreword with absolute links; a link to a part of the issue (`#section-...`) goes
        to that part of the issue's web page."""
        page = self.absolute(issue.url)
        return email_images(absolutize(issue.content.replace('href="#', f'href="{page}#'), page))

    def html(self, issue) -> str:
        page = self.env.get_template("newsletter_email.html").render(
            self.context,
            article=issue,
            page_lang=issue.lang,
            email_foreword=self.foreword(issue),
            SITEURL=self.settings["SITE_PUBLIC_URL"].rstrip("/"),
            UNSUBSCRIBE=self.settings.get("NEWSLETTER_UNSUBSCRIBE_PLACEHOLDER", "*|UNSUB|*"),
        )
        return css_inline.inline(page)

    def text(self, issue) -> str:
        return self.env.get_template("newsletter_email.txt").render(
            self.context,
            article=issue,
            page_lang=issue.lang,
            foreword_text=text_of(issue.content),
            SITEURL=self.settings["SITE_PUBLIC_URL"].rstrip("/"),
            UNSUBSCRIBE=self.settings.get("NEWSLETTER_UNSUBSCRIBE_PLACEHOLDER", "*|UNSUB|*"),
        )


@cache
def _css_inline_version() -> str:
    """Asked for every issue of every language (90 at 9,000 articles): looked up once."""
    return version("css-inline")
