"""The search index: Pagefind, run once per language, the results merged into one bundle.

Pagefind splits its index by `<html lang>` anyway; run on the whole site it holds every page
of every language in memory at once (about 700 MB for 3,000 pages, 2 GB for 9,000 on our
benchmark corpus) and indexes on one core. Run per language, each run sees a third of the
pages (SEARCH_INDEX_JOBS runs side by side: 1 by default, to keep memory low). Each run gets a folder of hard links to its
language's pages (so URLs stay the same) and writes its own bundle; the bundles differ only in
the language entries of `pagefind-entry.json` and in their per-language files, which are merged.
"""
import json
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

LANG = re.compile(rb"<html[^>]*\slang=\"([^\"]+)\"", re.IGNORECASE)
BODY_MARKER = b"data-pagefind-body"
ENTRY = "pagefind-entry.json"


def pages_by_language(site: Path) -> dict:
    """{language: [page paths relative to the site]} of the pages Pagefind would index: those
    marked data-pagefind-body (Pagefind ignores the others once any page is marked)."""
    found: dict = {}
    for path in sorted(site.rglob("*.html")):
        relative = path.relative_to(site)
        if relative.parts[0].startswith((".", "_")):
            continue
        data = path.read_bytes()
        if BODY_MARKER not in data:
            continue
        match = LANG.search(data, 0, 2000)
        found.setdefault(match.group(1).decode() if match else "unknown", []).append(relative)
    return found


def run_pagefind(view: Path, into: Path) -> str:
    proc = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(view), "--output-path", str(into)],
                          capture_output=True, text=True)
    return "" if proc.returncode == 0 else (proc.stderr or proc.stdout).strip()[-500:]


def build_index(site: Path, into: Path, jobs: int = 1) -> str:
    """Index `site` into the folder `into` (created; must not exist), `jobs` languages at a
    time (each run takes about 100 MB per 1,000 pages of its language). "" on success, else
    the error."""
    work = into.with_name(f".{into.name}.parts-{os.getpid()}")
    shutil.rmtree(work, ignore_errors=True)
    try:
        languages = pages_by_language(site)
        if not languages:
            return run_pagefind(site, into)  # nothing marked: Pagefind's own defaults
        for lang, pages in languages.items():
            view = work / f"view-{lang}"
            for relative in pages:
                (view / relative).parent.mkdir(parents=True, exist_ok=True)
                os.link(site / relative, view / relative)
        with ThreadPoolExecutor(max_workers=jobs) as pool:  # each run is its own process
            errors = list(pool.map(lambda lang: run_pagefind(work / f"view-{lang}", work / f"index-{lang}"),
                                   sorted(languages)))
        if any(errors):
            return next(e for e in errors if e)
        merge([work / f"index-{lang}" for lang in sorted(languages)], into)
        return ""
    finally:
        shutil.rmtree(work, ignore_errors=True)


def merge(parts: list, into: Path) -> None:
    """One bundle from per-language bundles: every file (names carry the language or are the
    same in every part), and the union of the language entries."""
    entry = None
    for part in parts:
        part_entry = json.loads((part / ENTRY).read_text(encoding="utf-8"))
        if entry is None:
            entry = part_entry
        else:
            entry["languages"].update(part_entry["languages"])
        for folder, _, files in os.walk(part):
            target = into / Path(folder).relative_to(part)
            target.mkdir(parents=True, exist_ok=True)
            for name in files:
                if name != ENTRY and not (target / name).exists():
                    os.replace(Path(folder) / name, target / name)
    entry["languages"] = dict(sorted(entry["languages"].items()))
    (into / ENTRY).write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
