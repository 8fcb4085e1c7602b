"""Broken internal links and image references (href, src, srcset) in every HTML page."""

from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

from .findings import Finding, html_pages, page_name

SKIP = ("mailto:", "tel:", "data:", "javascript:", "#")


def target_exists(output: Path, page: Path, url: str, own_hosts) -> bool | None:
    """True/False for internal URLs, None for external ones (not checked here)."""
    parts = urlsplit(url)
    if parts.scheme in ("http", "https") or url.startswith("//"):
        if parts.hostname not in own_hosts:
            return None
        path = parts.path
    else:
        path = parts.path
    if not path:
        return True  # a pure fragment or query
    path = unquote(path)
    resolved = (output / path.lstrip("/")) if path.startswith("/") else (page.parent / path)
    if path.endswith("/") or resolved.is_dir():
        resolved = resolved / "index.html"
    return resolved.exists()


def check(output: Path, own_hosts=("www.iom.tj",), sources=None) -> list[Finding]:
    findings = []
    sources = sources or {}
    for page in html_pages(output):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        urls = []
        for tag, attribute in (
            ("a", "href"),
            ("link", "href"),
            ("img", "src"),
            ("source", "src"),
            ("script", "src"),
            ("iframe", "src"),
        ):
            for element in soup.find_all(tag):
                if tag == "link" and element.get("rel") in (["canonical"], ["alternate"]):
                    continue  # public addresses, checked by the hreflang test
                if element.get(attribute):
                    urls.append((tag, element[attribute]))
        for element in soup.find_all(["img", "source"], srcset=True):
            urls += [
                (element.name, candidate.strip().split(" ")[0]) for candidate in element["srcset"].split(",")
            ]
        name = page_name(output, page)
        for tag, url in urls:
            if url.startswith(SKIP):
                continue
            if target_exists(output, page, url, own_hosts) is False:
                kind = "image" if tag in ("img", "source") else "link"
                findings.append(Finding("links", name, f"broken {kind}: {url}", sources.get(name, "")))
    return findings
