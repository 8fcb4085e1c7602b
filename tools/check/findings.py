"""A finding: what is wrong, on which page, and (where known) in which content file."""

import json
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Finding:
    check: str  # links, html, accessibility, feeds, budget
    page: str  # path inside the output folder
    message: str
    source: str = ""  # the content file behind the page, if any

    def __str__(self) -> str:
        where = f"{self.page} (from {self.source})" if self.source else self.page
        return f"[{self.check}] {where}: {self.message}"


def sources(output: Path) -> dict:
    manifest = output / ".sources.json"
    return json.loads(manifest.read_text(encoding="utf-8")) if manifest.exists() else {}


NOT_WEB = ("_email",)  # e-mail editions follow e-mail rules (inline styles, tables), not the web's


def html_pages(output: Path):
    return sorted(p for p in output.rglob("*.html") if p.relative_to(output).parts[0] not in NOT_WEB)


def page_name(output: Path, path: Path) -> str:
    return path.relative_to(output).as_posix()
