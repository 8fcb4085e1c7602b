"""Page budgets: HTML plus the CSS it needs fits in 14 KiB gzipped (one round trip on a slow
mobile network); no page needs JavaScript to show its content; no request leaves the site."""

import gzip
from pathlib import Path
from urllib.parse import urlsplit

from bs4 import BeautifulSoup

from .findings import Finding, html_pages, page_name

BUDGET = 14 * 1024
RESOURCE_TAGS = (
    ("img", "src"),
    ("source", "src"),
    ("script", "src"),
    ("iframe", "src"),
    ("video", "src"),
    ("audio", "src"),
    ("embed", "src"),
    ("object", "data"),
)


def gzipped(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def local_file(output: Path, page: Path, url: str) -> Path:
    path = urlsplit(url).path
    return (output / path.lstrip("/")) if path.startswith("/") else (page.parent / path)


def sizes(output: Path, page: Path, soup) -> tuple[int, int]:
    html = gzipped(page.read_bytes())
    css = 0
    for link in soup.find_all("link", rel="stylesheet"):
        css_file = local_file(output, page, link["href"])
        if css_file.exists():
            css += gzipped(css_file.read_bytes())
    return html, css


def check(output: Path, own_hosts=("www.iom.tj",), script_pages=(), allowed_hosts=(), sources=None):
    findings, measured = [], {}
    sources = sources or {}
    for page in html_pages(output):
        name = page_name(output, page)
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        html, css = sizes(output, page, soup)
        measured[name] = (html, css)
        if html + css > BUDGET:
            findings.append(
                Finding(
                    "budget",
                    name,
                    f"HTML + CSS is {(html + css) / 1024:.1f} KiB gzipped, "
                    f"over the {BUDGET // 1024} KiB budget",
                    sources.get(name, ""),
                )
            )
        executable = [s for s in soup.find_all("script") if s.get("type") != "application/ld+json"]
        if executable and name not in script_pages:
            findings.append(
                Finding(
                    "budget",
                    name,
                    "the page has a script; pages must show their content without JavaScript",
                    sources.get(name, ""),
                )
            )
        requests = [
            (tag, el.get(attr)) for tag, attr in RESOURCE_TAGS for el in soup.find_all(tag) if el.get(attr)
        ]
        requests += [
            ("link", el.get("href"))
            for el in soup.find_all("link")
            if el.get("href") and not set(el.get("rel", [])) & {"canonical", "alternate"}
        ]
        for element in soup.find_all(["img", "source"], srcset=True):
            requests += [(element.name, c.strip().split(" ")[0]) for c in element["srcset"].split(",")]
        for tag, url in requests:
            host = urlsplit(url).hostname if url.startswith(("http:", "https:", "//")) else None
            if host and host not in own_hosts and host not in allowed_hosts:
                findings.append(
                    Finding(
                        "budget",
                        name,
                        f"requests a file from another host ({tag}: {url})",
                        sources.get(name, ""),
                    )
                )
    return findings, measured
