"""Make every link and image in an HTML fragment absolute, for feed readers and e-mail."""

from urllib.parse import urljoin

import lxml.html

URL_ATTRIBUTES = (
    ("a", "href"),
    ("img", "src"),
    ("img", "srcset"),
    ("source", "srcset"),
    ("source", "src"),
    ("video", "src"),
    ("audio", "src"),
    ("video", "poster"),
)


def absolutize(html: str, page_url: str) -> str:
    """`page_url` is the absolute URL of the page the fragment comes from."""
    if not html.strip():
        return html
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    for tag, attribute in URL_ATTRIBUTES:
        for element in root.iter(tag):
            value = element.get(attribute)
            if not value or value.startswith(("mailto:", "tel:", "data:", "#")):
                continue
            if attribute == "srcset":
                parts = []
                for candidate in value.split(","):
                    url, _, size = candidate.strip().partition(" ")
                    parts.append(f"{urljoin(page_url, url)} {size}".strip())
                element.set(attribute, ", ".join(parts))
            else:
                element.set(attribute, urljoin(page_url, value))
    inner = (root.text or "") + "".join(lxml.html.tostring(child, encoding="unicode") for child in root)
    return inner
