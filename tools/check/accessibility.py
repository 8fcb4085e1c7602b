"""Accessibility violations from axe-core (WCAG 2.2 A/AA and best practices) in headless
Chromium, on one page of every kind in every language, at phone and desktop widths."""
import json
import shutil
import subprocess
from pathlib import Path

from tools.localserver import serve

from .findings import Finding, html_pages, page_name
from .html_validator import CheckerMissing

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ("ru", "tg")


def page_kind(name: str) -> tuple:
    """('press', 2) for press/<slug>/index.html; ('press', 1) for the press list; etc."""
    parts = name.split("/")
    if parts[0] in LANGUAGES:
        parts = parts[1:]
    parts = [p for p in parts if p != "index.html"]
    if "page" in parts:  # pagination: same kind as the list
        parts = parts[: parts.index("page")]
    return (parts[0] if parts else "home", len(parts))


def sample(output: Path) -> list[str]:
    """One page of each kind per language."""
    chosen = {}
    for path in html_pages(output):
        name = page_name(output, path)
        lang = name.split("/")[0] if name.split("/")[0] in LANGUAGES else "en"
        chosen.setdefault((lang, page_kind(name)), name)
    return sorted(chosen.values())


def check(output: Path, sources=None, pages=None) -> list[Finding]:
    script = Path(__file__).with_name("axe.mjs")
    if not shutil.which("node") or not (ROOT / "node_modules" / "axe-core").exists() \
            or not Path("/usr/bin/chromium").exists():
        raise CheckerMissing("the accessibility check needs Node.js, Chromium and node_modules "
                             "(run: sh scripts/setup-checks)")
    sources = sources or {}
    pages = pages or sample(output)
    server = serve(output)
    try:
        urls = ["/" + p.removesuffix("index.html") for p in pages]
        proc = subprocess.run(["node", str(script), f"http://127.0.0.1:{server.server_port}", *urls],
                              capture_output=True, text=True, timeout=900, cwd=ROOT)
    finally:
        server.shutdown()
    if proc.returncode != 0:
        raise RuntimeError(f"axe could not run: {proc.stderr.strip()[-500:]}")
    findings = []
    for result in json.loads(proc.stdout):
        name = result["path"].lstrip("/") or ""
        name = name + "index.html" if name.endswith("/") or not name else name
        for violation in result["violations"]:
            findings.append(Finding(
                "accessibility", name,
                f"{violation['help']} ({violation['id']}, {violation['impact']}, at {result['width']} px: "
                f"{'; '.join(violation['nodes'])})", sources.get(name, "")))
    return findings
