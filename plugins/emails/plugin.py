"""Every e-mail address in content HTML and in templates is written with HTML character
references (`&#100;&#x75;...`): browsers show and link it normally, with JavaScript off too,
and copying it gives the real address, but the page source holds no `name@host` text for
simple harvesters to match. (A determined harvester decodes entities; this is the common,
accessible trade-off, unlike images of addresses or JavaScript-only links.)"""

import re
from functools import lru_cache

from markupsafe import Markup, escape
from pelican import signals
from pelican.contents import Article, Page

from ..incremental import api as incremental

ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
MAILTO = re.compile(r'href="mailto:([^"]+)"')


def encode(text: str) -> str:
    """Alternate decimal and hexadecimal references, so no fixed pattern is left either."""
    return "".join(f"&#{ord(c)};" if i % 2 == 0 else f"&#x{ord(c):x};" for i, c in enumerate(text))


def protect_html(html: str) -> str:
    html = MAILTO.sub(lambda m: f'href="{encode("mailto:" + m.group(1))}"', html)
    # addresses in text (not inside tags, where an href was already handled)
    parts = re.split(r"(<[^>]*>)", html)
    return "".join(
        part if part.startswith("<") else ADDRESS.sub(lambda m: encode(m.group(0)), part) for part in parts
    )


@incremental.replayable  # changes only the object
def protect_content(content):
    if isinstance(content, (Article, Page)) and content._content and "@" in content._content:
        content._content = protect_html(content._content)


def may_hold_address(html) -> bool:
    return bool(html) and ("@" in html or "&#64;" in html or "&#x40;" in html)


def protect_summaries(generators):
    """Pelican's automatic summary re-decodes character references (its truncation parses the
    HTML), so summaries are protected again once every content is read."""
    for generator in generators:
        for name in ("articles", "translations", "pages", "hidden_pages"):
            for content in getattr(generator, name, []):
                if "summary" not in content.metadata and not may_hold_address(content._content):
                    continue  # an automatic summary is cut from the body: nothing to protect
                summary = content.summary
                if summary and "@" in summary:
                    content.metadata["summary"] = protect_html(summary)


def email_link(address: str) -> Markup:
    """For templates: `{{ item.contact_email|email_link }}` gives a protected mailto link."""
    address = str(address).strip()
    return Markup(f'<a href="{encode("mailto:" + address)}">{encode(address)}</a>')


def protect_emails(text) -> Markup:
    """For plain text in templates (after `striptags`, which decodes references again)."""
    return _protected_text(str(text))


@lru_cache(maxsize=8192)  # a summary is shown on many list pages
def _protected_text(text: str) -> Markup:
    escaped = str(escape(text))
    return Markup(ADDRESS.sub(lambda m: encode(m.group(0)), escaped))


def add_filter(generator):
    generator.env.filters["email_link"] = email_link
    generator.env.filters["protect_emails"] = protect_emails


def register():
    signals.content_object_init.connect(protect_content)
    signals.generator_init.connect(add_filter)
    signals.all_generators_finalized.connect(protect_summaries)
