"""The search index: Pagefind, run once per language (and per shard of a large language), the
results merged into one bundle.

Pagefind splits its index by `<html lang>` anyway; run on the whole site it holds every page
of every language in memory at once (about 700 MB for 3,000 pages, 2 GB for 9,000 on our
benchmark corpus) and indexes on one core. Run per language, each run sees a third of the
pages (SEARCH_INDEX_JOBS runs side by side: 1 by default, to keep memory low). Each run gets a
folder of hard links to its language's pages (so URLs stay the same) and writes its own bundle;
the bundles differ only in the language entries of `pagefind-entry.json` and in their
per-language files, which are merged.

Pagefind still holds about 300 KB per page it indexes (measured on 600-word pages; it grows
with the text, not with the HTML around it). A language with more pages than
SEARCH_INDEX_PAGES_PER_RUN is indexed in shards of at most that many pages: shard 1 of every
language goes into the main bundle, shard N of language L into `pagefind/shard-L-N/`, and
`pagefind/shards.json` ({language: ["shard-ru-2/", ...]}) tells the search page which bundles
to merge in the browser (Pagefind's `mergeIndex`; results of all shards are ranked together).
A shard bundle holds its own language only: Pagefind, asked for a language a bundle does not
have, would search another one.
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
SHARDS = "shards.json"
PAGES_PER_RUN = 1200  # about 360 MB of Pagefind's memory


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
    proc = subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(view), "--output-path", str(into)],
        capture_output=True,
        text=True,
    )
    return "" if proc.returncode == 0 else (proc.stderr or proc.stdout).strip()[-500:]


def shards_of(pages: list, pages_per_run: int) -> list[list]:
    """The pages of one language in runs of at most `pages_per_run`, of even sizes."""
    count = max(1, -(-len(pages) // max(1, pages_per_run)))
    return [pages[i::count] for i in range(count)]


def build_index(site: Path, into: Path, jobs: int = 1, pages_per_run: int = PAGES_PER_RUN) -> str:
    """Index `site` into the folder `into` (created; must not exist), `jobs` runs at a time
    (each run takes about 300 MB per 1,000 pages). "" on success, else the error."""
    work = into.with_name(f".{into.name}.parts-{os.getpid()}")
    shutil.rmtree(work, ignore_errors=True)
    try:
        languages = pages_by_language(site)
        if not languages:
            return run_pagefind(site, into)  # nothing marked: Pagefind's own defaults
        runs = []  # (language, shard number)
        for lang in sorted(languages):
            for number, pages in enumerate(shards_of(languages[lang], pages_per_run), start=1):
                runs.append((lang, number))
                for relative in pages:
                    view = work / f"view-{lang}-{number}" / relative
                    view.parent.mkdir(parents=True, exist_ok=True)
                    os.link(site / relative, view)
        with ThreadPoolExecutor(max_workers=jobs) as pool:  # each run is its own process
            errors = list(
                pool.map(
                    lambda run: run_pagefind(
                        work / "view-{}-{}".format(*run), work / "index-{}-{}".format(*run)
                    ),
                    runs,
                )
            )
        if any(errors):
            return next(e for e in errors if e)
        merge([work / f"index-{lang}-1" for lang, number in runs if number == 1], into)
        shards: dict = {}
        for lang, number in runs:
            if number > 1:  # pagefind/shard-en-2/: that language only
                merge([work / f"index-{lang}-{number}"], into / f"shard-{lang}-{number}")
                shards.setdefault(lang, []).append(f"shard-{lang}-{number}/")
        (into / SHARDS).write_text(json.dumps(shards, sort_keys=True), encoding="utf-8")
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
