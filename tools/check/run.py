"""Check a built site, as a careful publisher would, and report in plain words:

    python -m iomsite.tools.check.run OUTPUT_DIR [--only links,html,accessibility,feeds,budget]

Exit status 0 when nothing is found, 1 when something is (every finding is printed, naming the
page and, where known, the content file), 2 when a checker cannot run here.
"""

import argparse
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

from . import accessibility, budgets, feeds, html_validator, links
from .findings import sources
from .html_validator import CheckerMissing

CHECKS = ("links", "html", "accessibility", "feeds", "budget")


def project_settings(settings_file: Path | None = None) -> dict:
    from pelican.settings import read_settings

    return read_settings(str(settings_file or Path(__file__).resolve().parents[2] / "pelicanconf.py"))


CHECK_NAMES = {
    "links": "links and images",
    "feeds": "feeds",
    "budget": "page budgets",
    "html": "HTML (W3C Nu checker)",
    "accessibility": "accessibility (axe-core in Chromium)",
}


def run_checks(output: Path, only=CHECKS, settings=None, out=None) -> list:
    """Every finding of the checks in `only`; with `out`, each check is announced as it starts
    and its count and time said when it ends (the whole takes about a minute on the real site)."""
    settings = settings if settings is not None else project_settings()
    site_url = settings["SITE_PUBLIC_URL"]
    # the public address is the site's own, whatever the settings (the release is served there)
    hosts = (urlsplit(site_url).hostname, *settings.get("CHECK_OWN_HOSTS", ()))
    known = sources(output)
    checks = {
        "links": lambda: links.check(output, hosts, known),
        "feeds": lambda: feeds.check(output),
        "budget": lambda: budgets.check(
            output,
            hosts,
            tuple(settings.get("CHECK_SCRIPT_PAGES", ())),
            tuple(settings.get("CHECK_ALLOWED_HOSTS", ())),
            known,
        )[0],
        "html": lambda: html_validator.check(output, known),
        "accessibility": lambda: accessibility.check(output, known, site_url=site_url),
    }
    found = []
    for name, check in checks.items():
        if name not in only:
            continue
        if out:
            print(f"  Checking {CHECK_NAMES[name]}...", end="", file=out, flush=True)
        started = time.monotonic()
        findings = check()
        found += findings
        if out:
            print(f" {len(findings)} finding(s), {time.monotonic() - started:.0f} s.", file=out, flush=True)
    return found


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output")
    parser.add_argument("--only", default=",".join(CHECKS))
    parser.add_argument("--settings", help="the settings the site was built with (default: pelicanconf.py)")
    args = parser.parse_args(argv)
    only = tuple(args.only.split(","))
    output = Path(args.output)
    try:
        found = run_checks(
            output, only, project_settings(args.settings and Path(args.settings)), out=sys.stdout
        )
    except CheckerMissing as exc:
        print(f"A check could not run: {exc}")
        return 2
    for finding in found:
        print(finding)
    counts = Counter(f.check for f in found)
    summary = ", ".join(f"{counts.get(name, 0)} {name}" for name in only)
    print(f"Checked {output}: {len(found)} finding(s) ({summary}).")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
