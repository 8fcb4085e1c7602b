"""Feeds that a feed reader would reject: not well-formed XML, feedparser 'bozo', or entries
whose dates, links or ids a reader cannot use."""

from pathlib import Path

import feedparser
from lxml import etree

from .findings import Finding


def check(output: Path) -> list[Finding]:
    findings = []
    for path in sorted(output.rglob("*.xml")):
        if path.name == "sitemap.xml":
            continue
        name = path.relative_to(output).as_posix()
        try:
            etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
        except etree.XMLSyntaxError as exc:
            findings.append(Finding("feeds", name, f"not well-formed XML: {exc}"))
            continue
        parsed = feedparser.parse(path.read_bytes())
        if parsed.bozo:
            findings.append(Finding("feeds", name, f"feed readers reject it: {parsed.bozo_exception}"))
        if not parsed.feed.get("language"):
            findings.append(Finding("feeds", name, "the feed has no language"))
        for entry in parsed.entries:
            title = entry.get("title", "(no title)")
            # a publication date is optional (plugins/feeds gives it only when the day is known),
            # but one that is there must be readable; Atom requires when the entry last changed
            if "published" in entry and not entry.get("published_parsed"):
                findings.append(
                    Finding("feeds", name, f"entry '{title}' has a publication date feed readers cannot read")
                )
            if parsed.version.startswith("atom") and not entry.get("updated_parsed"):
                findings.append(Finding("feeds", name, f"entry '{title}' has no readable updated date"))
            if not str(entry.get("link", "")).startswith(("http://", "https://")):
                findings.append(Finding("feeds", name, f"entry '{title}' has no absolute link"))
            if not entry.get("id"):
                findings.append(Finding("feeds", name, f"entry '{title}' has no id"))
    return findings
