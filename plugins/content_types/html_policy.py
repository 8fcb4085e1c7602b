"""What HTML a writer's text may carry, checked where it is written (the content check, with the
line) and again on what Markdown made of it (at build time): nothing a writer puts in runs,
loads from elsewhere, or sends a reader away.

An allow-list of the elements and attributes our pages use, and links only to http(s),
mailto: and tel: addresses or within the site. We refuse what falls outside it rather than
clean it silently (as a sanitizer such as nh3 would): a writer must know that the page would
not be what they wrote.
"""

import re
from html import unescape

from .markdown_lines import CODE_SPAN

ALLOWED_TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "em", "strong", "b", "i", "u", "s", "sub",
    "sup", "small", "mark", "abbr", "cite", "q", "blockquote", "code", "pre", "kbd", "samp", "ul", "ol",
    "li", "dl", "dt", "dd", "a", "img", "figure", "figcaption", "picture", "source", "table", "thead",
    "tbody", "tfoot", "tr", "th", "td", "caption", "colgroup", "col", "span", "div", "section", "aside",
    "details", "summary", "time", "address", "del", "ins",
}  # fmt: skip
GLOBAL_ATTRIBUTES = {"class", "id", "lang", "dir", "title", "role"}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "rel", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading", "decoding", "srcset", "sizes"},
    "source": {"srcset", "type", "media", "sizes"},
    "td": {"colspan", "rowspan", "headers"},
    "th": {"colspan", "rowspan", "headers", "scope"},
    "ol": {"start", "reversed", "type"},
    "col": {"span"},
    "colgroup": {"span"},
    "time": {"datetime"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"},
}
URL_ATTRIBUTES = {"href", "src", "cite"}
SAFE_SCHEMES = ("http:", "https:", "mailto:", "tel:")
SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*):")
CONTROL = re.compile(r"[\x00-\x20]+")


def url_problem(url: str) -> str:
    """Why a link or image address is refused, or ''. Character references are read as a
    browser reads them: Markdown writes `[x](&#106;avascript:…)` into the page as it is."""
    bare = CONTROL.sub("", unescape(url))  # "java\tscript:" is javascript: to a browser
    match = SCHEME.match(bare)
    if not match or bare.lower().startswith(SAFE_SCHEMES):
        return ""
    if bare.lower().startswith("data:image/"):
        return (
            f"the address '{shortened(url)}' holds a whole file (a picture pasted into the text): a "
            "page may not link to it; save the picture in content/images/ and show it with "
            "![what it shows](/images/<name>)"
        )
    return f"the address '{shortened(url)}' uses '{match.group(1)}:', which a page may not link to"


def shortened(text: str, limit: int = 80) -> str:
    """An address as a message shows it: a pasted picture's is hundreds of kilobytes."""
    return text if len(text) <= limit else f"{text[: limit - 20]}…{text[-10:]}"


def remote(url: str) -> bool:
    return CONTROL.sub("", url).lower().startswith(("http:", "https:", "//"))


def tag_problems(tag: str, attributes: list) -> list[str]:
    if tag not in ALLOWED_TAGS:
        return [f"the HTML element <{tag}> is not allowed in the text"]
    found = []
    if tag in ("img", "source"):
        for name, value in attributes:
            if (
                name in ("src", "srcset")
                and value
                and any(remote(c.split()[0]) for c in value.split(",") if c.split())
            ):
                found.append(
                    f"the image '{value}' comes from another site: every reader's browser would ask that "
                    "site for it; put the photo in content/images/ and write its name instead"
                )
    allowed = GLOBAL_ATTRIBUTES | ALLOWED_ATTRIBUTES.get(tag, set())
    for name, value in attributes:
        if name.startswith("aria-") or (name.startswith("data-") and not name.startswith("data-pagefind")):
            continue
        if name not in allowed:
            found.append(f"the attribute {name}= on <{tag}> is not allowed in the text")
        elif name in URL_ATTRIBUTES and value and url_problem(value):
            found.append(url_problem(value))
        elif name == "srcset" and value:
            found += [
                url_problem(c.split()[0]) for c in value.split(",") if c.split() and url_problem(c.split()[0])
            ]
    return found


START_TAG = re.compile(r"<([a-zA-Z][^\s/>]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
COMMENT = re.compile(r"<!--(.*?)-->", re.S)


def html_problems(html: str) -> list[tuple[int, str]]:
    """(line in `html`, problem) for everything the policy refuses in a piece of HTML.

    A scan with regular expressions, not an HTML parser: it runs on every file at every build
    (a parser in Python cost about a second per build at 3,000 articles). Attribute values are
    unescaped as a browser would (`java&#115;cript:` is javascript:)."""
    if "<" not in html:
        return []
    found = []
    for match in START_TAG.finditer(html):
        attributes = [
            (m.group(1).lower(), unescape(next((g for g in m.group(2, 3, 4) if g is not None), "")))
            for m in ATTRIBUTE.finditer(match.group(2))
        ]
        line = html.count("\n", 0, match.start()) + 1
        found += [(line, problem) for problem in tag_problems(match.group(1).lower(), attributes)]
    for match in COMMENT.finditer(html):
        if "[if" in match.group(1) or "<" in match.group(1):  # conditional comments, hidden markup
            found.append(
                (html.count("\n", 0, match.start()) + 1, "an HTML comment with markup in it is not allowed")
            )
    return sorted(found)


NOT_HTML = re.compile(
    r"<(?:https?://|mailto:|tel:)[^>\s]*>"  # Markdown's autolinks
    r"|<[^@<>\s]+@[^<>\s]+>"  # and e-mail autolinks
    r"|(?<=\]\()\s*<[^<>\n]*>"  # a link's address in angle brackets: [a](<address with spaces>)
    r"|^ {0,3}\[[^\]\n]+\]:[ \t]*<[^<>\n]*>"  # and a reference's: [r]: <address>
    r"|^(?:```|~~~).*?^(?:```|~~~)"  # fenced code: shown as text
    r"|`[^`\n]+`",  # code spans
    re.M | re.S,
)


def markdown_html_problems(text: str) -> list[tuple[int, str]]:
    """html_problems of the raw HTML in Markdown source (line numbers kept), and of what
    Markdown itself turns into attributes: link reference definitions (`[r]: address`) and
    attribute lists (`{: onclick=...}`, Python-Markdown's attr_list)."""
    if "<" not in text and "]:" not in text and "{" not in text:  # most files
        return []
    blanked = NOT_HTML.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
    found = html_problems(blanked) if "<" in text else []
    for match in REFERENCE.finditer(blanked):
        if url_problem(match.group(1)):
            found.append((blanked.count("\n", 0, match.start()) + 1, url_problem(match.group(1))))
    for match in ATTRIBUTE_LIST.finditer(blanked):
        line = blanked.count("\n", 0, match.start()) + 1
        for attribute in ATTRIBUTE.finditer(match.group(1)):
            name = attribute.group(1).lower()
            value = unescape(next((g for g in attribute.group(2, 3, 4) if g is not None), ""))
            if "=" not in attribute.group(0) or name.startswith("aria-"):
                continue  # #id and .class
            if name not in ANY_ELEMENT_ATTRIBUTES and not (
                name.startswith("data-") and not name.startswith("data-pagefind")
            ):
                found.append((line, f"the attribute {name}= is not allowed in the text"))
            elif name in URL_ATTRIBUTES and url_problem(value):
                found.append((line, url_problem(value)))
    return sorted(found)


def misquoted_values(text: str) -> list[tuple[int, str, str, str]]:
    """(line, element, attribute, quote) of each attribute value in a tag of the Markdown
    source written in backticks (`<a href=`https://…`>`: Markdown makes them a code span, so
    the tag the page gets is broken, and the check above, which reads code spans as text, sees
    an empty value) or in curly quotes pasted from a word processor (a browser reads them as
    part of the value). A tag inside a code span is text, and is left alone."""
    if "<" not in text or not ("`" in text or any(q in text for q in CURLY_QUOTES)):
        return []
    found = []
    for number, line in enumerate(text.split("\n"), start=1):
        spans = [m.span() for m in CODE_SPAN.finditer(line)] if "`" in line else []
        for match in MISQUOTED_VALUE.finditer(line):
            if not any(a <= match.start() < b for a, b in spans):
                found.append((number, match.group(1).lower(), match.group(2).lower(), match.group(3)))
    return found


CURLY_QUOTES = "“”„«»‘’"
# a tag that closes on its line ("a <b and c = «yes»" in a sentence is no tag)
MISQUOTED_VALUE = re.compile(
    r"<([a-zA-Z][^\s/>]*)\s[^<>`\n]*?([^\s\"'<>/=`]+)\s*=\s*([`“”„«»‘’])(?=[^<\n]*>)"
)


# What Python-Markdown turns into attributes besides raw HTML.
REFERENCE = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*<?([^\s>]+)", re.M)
ATTRIBUTE_LIST = re.compile(r"\{:?[ \t]*([^{}\n]*=[^{}\n]*)\}")
ANY_ELEMENT_ATTRIBUTES = GLOBAL_ATTRIBUTES.union(*ALLOWED_ATTRIBUTES.values())


MARKDOWN_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)")
FIX = (
    "remove it: the text may carry plain formatting, links to http(s), mailto: or tel: addresses and "
    "images from content/images; ask the web team if you need an embed"
)
