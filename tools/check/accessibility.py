"""Accessibility violations from axe-core (WCAG 2.2 A/AA and best practices) in headless
Chromium, on one page of every kind in every language, at phone and desktop widths.

Each page is opened at the site's public address and served from the release being checked
(release_browser.mjs): a page checked with another site's stylesheet, or with none, would be
a different page. A request to any other host is refused and reported, and so is a file of
the site that the release lacks (a missing stylesheet, image or script)."""

import json
import shutil
import subprocess
from pathlib import Path

from iomsite.core import model
from iomsite.plugins.redirects.rules import redirect_pages
from iomsite.tools.browser import chromium_path
from iomsite.tools.localserver import serve

from .findings import Finding, html_pages, page_name
from .html_validator import CheckerMissing

ROOT = Path(__file__).resolve().parents[2]


def page_kind(name: str) -> tuple:
    """('press', 2) for press/<slug>/index.html; ('press', 1) for the press list; etc."""
    parts = name.split("/")
    if parts[0] in model.TRANSLATED_LANGUAGES:  # under /ru/, /tg/
        parts = parts[1:]
    parts = [p for p in parts if p != "index.html"]
    if "page" in parts:  # pagination: same kind as the list
        parts = parts[: parts.index("page")]
    return (parts[0] if parts else "home", len(parts))


def sample(output: Path) -> list[str]:
    """One page of each kind per language."""
    chosen = {}
    moved = redirect_pages(output)  # old addresses that send the reader on (plugins/redirects)
    for path in html_pages(output):
        name = page_name(output, path)
        if name in moved:
            continue
        lang = (
            name.split("/")[0] if name.split("/")[0] in model.TRANSLATED_LANGUAGES else model.DEFAULT_LANGUAGE
        )
        chosen.setdefault((lang, page_kind(name)), name)
    return sorted(chosen.values())


def check(output: Path, sources=None, pages=None, site_url="https://www.iom.tj") -> list[Finding]:
    script = Path(__file__).with_name("axe.mjs")
    if not shutil.which("node") or not (ROOT / "node_modules" / "axe-core").exists() or not chromium_path():
        raise CheckerMissing(
            "the accessibility check needs Node.js, headless Chromium and node_modules "
            "(run: sh scripts/setup-checks)"
        )
    sources = sources or {}
    pages = pages or sample(output)
    server = serve(output)
    try:
        urls = ["/" + p.removesuffix("index.html") for p in pages]
        proc = subprocess.run(
            [
                "node",
                str(script),
                site_url.rstrip("/") + "/",
                f"http://127.0.0.1:{server.server_port}",
                *urls,
            ],
            capture_output=True,
            text=True,
            timeout=900,
            cwd=ROOT,
        )
    finally:
        server.shutdown()
    if proc.returncode != 0:
        raise RuntimeError(f"axe could not run: {proc.stderr.strip()[-500:]}")
    report = json.loads(proc.stdout)
    findings = [
        Finding(
            "accessibility",
            page_of(problem["page"]),
            problem_message(problem),
            sources.get(page_of(problem["page"]), ""),
        )
        for problem in unique(report["problems"])
    ]
    seen = set()  # a page's policy findings once, not at each width
    for result in report["results"]:
        name = page_of(result["path"])
        if result.get("error"):
            findings.append(
                Finding(
                    "accessibility",
                    name,
                    f"the page could not be checked at {result['width']} px: {result['error']}",
                    sources.get(name, ""),
                )
            )
        elif result["status"] != 200:
            findings.append(
                Finding(
                    "accessibility",
                    name,
                    f"the page answered {result['status']}, not 200",
                    sources.get(name, ""),
                )
            )
        for message in dict.fromkeys(result["csp"]):
            if (name, message) not in seen:
                seen.add((name, message))
                findings.append(
                    Finding(
                        "accessibility",
                        name,
                        f"the page's Content-Security-Policy blocks something it uses: {message}",
                        sources.get(name, ""),
                    )
                )
        for violation in result["violations"]:
            findings.append(
                Finding(
                    "accessibility",
                    name,
                    f"{violation['help']} ({violation['id']}, {violation['impact']}, "
                    f"at {result['width']} px: "
                    f"{'; '.join(violation['nodes'])})",
                    sources.get(name, ""),
                )
            )
    return findings


def page_of(path: str) -> str:
    """The output file name of a URL path: '/ru/' -> 'ru/index.html'."""
    name = path.lstrip("/")
    return name + "index.html" if name.endswith("/") or not name else name


def unique(problems: list) -> list:
    """Each (page, kind, address) once: a page is opened at two widths."""
    first = {}
    for problem in problems:
        first.setdefault((problem["page"], problem["kind"], problem["url"]), problem)
    return list(first.values())


def problem_message(problem: dict) -> str:
    if problem["kind"] == "refused":
        return (
            f"the page asks for {problem['url']} ({problem['detail']}), which is not part of the site: "
            "a reader's browser would fetch it from another host; the check refused it"
        )
    if problem["kind"] == "missing":
        return (
            f"the page needs {problem['url']}, which the release does not have "
            f"({problem['detail']}); it would be missing for readers too"
        )
    return f"the page's request for {problem['url']} failed: {problem['detail']}"
