"""HTML errors from the W3C Nu HTML Checker (npm package vnu-jar, run with Java)."""

import json
import shutil
import subprocess
from pathlib import Path

from .findings import Finding, html_pages

ROOT = Path(__file__).resolve().parents[2]
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


class CheckerMissing(Exception):
    pass


def check(output: Path, sources=None) -> list[Finding]:
    if not VNU.exists() or not shutil.which("java"):
        raise CheckerMissing(
            "the Nu HTML Checker needs Java and node_modules/vnu-jar (run: sh scripts/setup-checks)"
        )
    sources = sources or {}
    proc = subprocess.run(
        [
            "java",
            "-Xss4m",
            # one short run: the JIT's first tier and the serial collector, not the server
            # tiers and threads (the real site's 225 pages: 10-11 -> 4 CPU-s, 5.6 -> 3.8 s;
            # the same report, byte for byte)
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-jar",
            str(VNU),
            "--format",
            "json",
            "--skip-non-html",
            "--also-check-css",
            "--exit-zero-always",
            *[str(p) for p in html_pages(output)],
        ],
        capture_output=True,
        text=True,
        timeout=900,
    )
    report = json.loads(proc.stderr or proc.stdout or '{"messages": []}')
    findings = []
    for message in report.get("messages", []):
        if message.get("type") != "error":
            continue
        url = message.get("url", "")
        page = url.split(str(output.resolve()) + "/", 1)[-1] if str(output.resolve()) in url else url
        line = f" (line {message['lastLine']})" if message.get("lastLine") else ""
        findings.append(
            Finding("html", page, f"{message.get('message', '').strip()}{line}", sources.get(page, ""))
        )
    return findings
