"""The search index: Pagefind, in shards of a few hundred pages of one language, each shard
made again only when one of its pages changed.

Pagefind splits its index by `<html lang>` anyway, and cannot update an index (its issue 256):
a page changed means indexing again every page of its index, and it holds about 300 KB per
page meanwhile. So each language's pages are split into shards of at most about
SEARCH_INDEX_PAGES_PER_RUN pages, each indexed by itself (tools/pagefind_service.py, one
Pagefind service per job, SEARCH_INDEX_JOBS side by side). A page's shard is fixed by a hash
of its path (and the number of shards of its language, which changes only when the
language grows past a multiple of the limit), so an edit reaches one shard and a new page
one shard; the other shards are linked from the previous index. Pages are added in the order
of their paths, so a shard made again from the same pages has the same fragments and word
index as a full build's (Pagefind orders its filter files differently on every run: their
bytes differ, not what they hold).

Layout (what the search page reads): shard 1 of every language goes into the main bundle,
shard N of language L into `pagefind/shard-L-N/`, and `pagefind/shards.json`
({language: ["shard-ru-2/", ...]}) tells the search page which bundles to merge in the
browser (Pagefind's `mergeIndex`; results of all shards are ranked together). A shard bundle
holds its own language only: Pagefind, asked for a language a bundle does not have, would
search another one. `pagefind/.pages.json` (not published) records each page's language,
size, time and digest and each shard's key: what the next build compares with.
"""

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import zlib
from concurrent.futures import ThreadPoolExecutor
from importlib.metadata import version
from pathlib import Path

from iomsite.core import buildreport
from iomsite.tools.pagefind_service import PagefindError, PagefindService

LANG = re.compile(rb"<html[^>]*\slang=\"([^\"]+)\"", re.IGNORECASE)
BODY_MARKER = b"data-pagefind-body"
ENTRY = "pagefind-entry.json"
SHARDS = "shards.json"
MANIFEST = ".pages.json"
MANIFEST_VERSION = 1
INDEX_FOLDER = "pagefind"  # where tools/build.py puts the index: not walked for pages
PAGES_PER_RUN = 400  # about 120 MB of Pagefind's memory; an edit re-indexes one shard


def site_pages(site: Path) -> dict:
    """{path relative to the site: (size, mtime_ns)} of every page Pagefind may index (not in
    `_email/`, `.something/` or the index itself). Strings and scandir: a site of 3,000
    articles is 3,700 folders, and pathlib took half a second to walk them."""
    found = {}
    pending = [(str(site), "")]
    while pending:
        folder, prefix = pending.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    if prefix or not (entry.name.startswith((".", "_")) or entry.name == INDEX_FOLDER):
                        pending.append((entry.path, f"{prefix}{entry.name}/"))
                elif entry.name.endswith(".html"):
                    stat = entry.stat()
                    found[prefix + entry.name] = (stat.st_size, stat.st_mtime_ns)
    return dict(sorted(found.items()))


def read_pages(site: Path, known: dict) -> dict:
    """{path: [language or None, size, mtime_ns, digest]} of every page; the language is None
    for a page not marked data-pagefind-body (Pagefind ignores those once any page is marked).
    A page with the size and time `known` records is not read again."""
    pages = {}
    for page, (size, mtime) in site_pages(site).items():
        record = known.get(page)
        if record and record[1] == size and record[2] == mtime:
            pages[page] = record
            continue
        with open(os.path.join(site, page), "rb") as handle:
            data = handle.read()
        lang = None
        if BODY_MARKER in data:
            match = LANG.search(data, 0, 2000)
            lang = match.group(1).decode() if match else "unknown"
        pages[page] = [lang, size, mtime, hashlib.sha1(data).hexdigest()]
    return pages


READ_ANYWHERE = re.compile(r"data-pagefind-(?:body|meta|default-meta|filter|sort)")


def what_pagefind_reads(html: str) -> str:
    """The parts of a page that Pagefind reads when it is marked data-pagefind-body inside its
    <main>: the <html> tag (the language), the <title> (the result's title if the body has no
    <h1>) and the <main> element. Pagefind would parse the head, header and footer only to
    skip them: half the bytes to send, a tenth of its work, and the same bundle
    (tests/plugins/search/test_what_pagefind_reads.py). A page with a data-pagefind-
    attribute outside its <main>, or any other page, goes whole."""
    html_end = html.find(">", html.find("<html")) + 1
    title, title_end = html.find("<title"), html.find("</title>") + len("</title>")
    start, end = html.find("<main"), html.rfind("</main>")
    if not 0 < html_end <= title < title_end < start < end or "data-pagefind-body" not in html[start:end]:
        return html
    if READ_ANYWHERE.search(html, 0, start) or READ_ANYWHERE.search(html, end):
        return html  # a filter or meta Pagefind reads wherever it is (a theme may put one in <head>)
    return (
        f"{html[:html_end]}<head>{html[title:title_end]}</head>"
        f"<body>{html[start : end + len('</main>')]}</body></html>"
    )


def pages_by_language(site: Path) -> dict:
    """{language: [page paths relative to the site]} of the pages Pagefind would index."""
    found: dict = {}
    for path, (lang, *_) in read_pages(site, {}).items():
        if lang:
            found.setdefault(lang, []).append(Path(path))
    return found


def shard_count(pages: int, pages_per_run: int) -> int:
    # A fifth more shards than the limit strictly needs: shards are filled by a hash, not evenly.
    return max(1, -(-pages * 6 // (max(1, pages_per_run) * 5)))


def shards_of(pages: list, pages_per_run: int) -> list[list]:
    """The pages of one language in shards of about `pages_per_run` at most; a page's shard
    depends only on its path and the number of shards (each shard in path order)."""
    count = shard_count(len(pages), pages_per_run)
    shards: list[list] = [[] for _ in range(count)]
    for page in sorted(pages, key=str):
        shards[zlib.crc32(str(page).encode("utf-8")) % count].append(page)
    return shards


def shard_key(lang: str, number: int, pages: list, records: dict) -> str:
    """What a shard's bundle is made from: Pagefind's version and the pages' digests."""
    made_of = [version("pagefind_bin"), lang, number, [(page, records[page][3]) for page in pages]]
    return hashlib.sha1(json.dumps(made_of).encode("utf-8")).hexdigest()


def folder_of(lang: str, number: int) -> str:
    return "" if number == 1 else f"shard-{lang}-{number}/"


def load_manifest(index: Path | None) -> dict:
    try:
        manifest = json.loads((index / MANIFEST).read_text(encoding="utf-8"))
    except (TypeError, OSError, ValueError):
        return {"pages": {}, "shards": {}}
    if manifest.get("version") != MANIFEST_VERSION:
        return {"pages": {}, "shards": {}}
    return manifest


def build_index(
    site: Path,
    into: Path,
    jobs: int = 1,
    pages_per_run: int = PAGES_PER_RUN,
    previous: Path | None = None,
) -> str:
    """Index `site` into the folder `into` (created; must not exist), `jobs` shards at a time
    (each takes about 300 MB per 1,000 pages). Shards whose pages are unchanged since the
    index `previous` (a folder this function wrote) are linked from it. "" on success, else
    the error."""
    old = load_manifest(previous)
    records = read_pages(site, old["pages"])
    plan = shard_plan(records, pages_per_run)
    if not plan:
        return run_pagefind(site, into)  # nothing marked: Pagefind's own defaults
    keys = {name(shard): shard_key(*shard, pages, records) for shard, pages in plan.items()}
    reused = {
        shard
        for shard in plan
        if previous and old["shards"].get(name(shard)) == keys[name(shard)] and bundle_in(previous, *shard)
    }
    work = into.with_name(f".{into.name}.parts-{os.getpid()}")
    shutil.rmtree(work, ignore_errors=True)
    try:
        error = index_shards(
            site, work, [(shard, pages) for shard, pages in plan.items() if shard not in reused], jobs
        )
        if error:
            return error
        assemble(into, work, previous, plan, reused)
        buildreport.add(
            "search",
            shards=len(plan),
            shards_indexed=len(plan) - len(reused),
            pages_indexed=sum(len(pages) for shard, pages in plan.items() if shard not in reused),
        )
        manifest = {"version": MANIFEST_VERSION, "pages": records, "shards": keys}
        (into / MANIFEST).write_text(json.dumps(manifest, separators=(",", ":")), encoding="utf-8")
        return ""
    finally:
        shutil.rmtree(work, ignore_errors=True)


def shard_plan(records: dict, pages_per_run: int) -> dict:
    """{(language, shard number): [pages]} of the indexed pages."""
    languages: dict = {}
    for page, (lang, *_) in records.items():
        if lang:
            languages.setdefault(lang, []).append(page)
    return {
        (lang, number): pages
        for lang in sorted(languages)
        # an empty shard (a hash can leave one with few pages) has no bundle: shard 1, in the
        # main bundle, must hold the language
        for number, pages in enumerate(filter(None, shards_of(languages[lang], pages_per_run)), start=1)
    }


def bundle_in(index: Path, lang: str, number: int) -> bool:
    """Whether the index still has the bundle of that shard (its entry and meta file): one
    damaged or cut short is made again."""
    try:
        entry = json.loads((index / folder_of(lang, number) / ENTRY).read_text(encoding="utf-8"))
        meta = f"pagefind.{entry['languages'][lang]['hash']}.pf_meta"
    except (OSError, ValueError, KeyError, TypeError):
        return False
    return (index / folder_of(lang, number) / meta).is_file()


def name(shard: tuple) -> str:
    return "{}-{}".format(*shard)


def index_shards(site: Path, work: Path, shards: list, jobs: int) -> str:
    """Each shard ((language, number), pages) into work/index-L-N, by a Pagefind service of its
    own (its memory is returned when it ends), `jobs` side by side. "" or the first error."""

    def index_one(shard) -> str:
        (lang, number), pages = shard
        try:
            with PagefindService() as service:
                read = (what_pagefind_reads((site / page).read_text(encoding="utf-8")) for page in pages)
                service.index(
                    zip(pages, read),
                    work / f"index-{lang}-{number}",
                )
        except (PagefindError, OSError) as exc:
            return str(exc)
        return ""

    # The largest first, so that the services finish together.
    shards = sorted(shards, key=lambda shard: -len(shard[1]))
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:  # each service is its own process
        errors = list(pool.map(index_one, shards))
    return next((e for e in errors if e), "")


def assemble(into: Path, work: Path, previous: Path | None, plan: dict, reused: set) -> None:
    """The index folder: the main bundle (shard 1 of each language: made now, or its files
    linked from `previous`), the other shards in their folders, and shards.json."""
    into.mkdir(parents=True)
    entry = {"languages": {}}
    if previous and any(number == 1 for _, number in reused):
        entry = json.loads((previous / ENTRY).read_text(encoding="utf-8"))
        kept = {lang for lang, number in reused if number == 1}
        entry["languages"] = {lang: data for lang, data in entry["languages"].items() if lang in kept}
        link_files(
            previous, into, lambda name: language_of(name) in kept or language_of(name) is None, main=True
        )
    fresh = [work / f"index-{lang}-1" for lang, number in plan if number == 1 and (lang, 1) not in reused]
    entry = merge(fresh, into, entry)
    shards: dict = {}
    for lang, number in plan:
        if number == 1:
            continue
        folder = folder_of(lang, number)
        if (lang, number) in reused:
            link_files(previous / folder, into / folder, lambda name: True, main=False)
        else:
            merge([work / f"index-{lang}-{number}"], into / folder, {"languages": {}})
        shards.setdefault(lang, []).append(folder)
    (into / SHARDS).write_text(json.dumps(shards, sort_keys=True), encoding="utf-8")


def language_of(name: str) -> str | None:
    """The language of a language's own file of a bundle (`en_3f8add2.pf_index`,
    `pagefind.en_c177e19146.pf_meta`); None for the files every language shares."""
    match = re.match(r"(?:pagefind\.)?([A-Za-z0-9-]+)_[0-9a-f]+\.pf_", name)
    return match.group(1) if match else None


def link_files(source: Path, target: Path, wanted, main: bool) -> None:
    """Hard links of the files of the bundle `source` whose names `wanted` accepts; of the
    `main` bundle, not its entry (written anew), the shards and what describes the index."""
    pending = [(str(source), str(target), main)]
    while pending:
        folder, into, top = pending.pop()
        os.makedirs(into, exist_ok=True)
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    if not (top and entry.name.startswith("shard-")):
                        pending.append((entry.path, os.path.join(into, entry.name), False))
                elif not (top and entry.name in (ENTRY, MANIFEST, SHARDS, ".stale")) and wanted(entry.name):
                    try:
                        os.link(entry.path, os.path.join(into, entry.name))
                    except FileExistsError:
                        pass


def run_pagefind(view: Path, into: Path) -> str:
    proc = subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(view), "--output-path", str(into)],
        capture_output=True,
        text=True,
    )
    return "" if proc.returncode == 0 else (proc.stderr or proc.stdout).strip()[-500:]


def merge(parts: list, into: Path, entry: dict) -> dict:
    """One bundle from bundles of one language each, added to `into` (its language entries
    in `entry`): every file (names carry the language or are the same in every part), and
    the union of the language entries. Returns the entry written."""
    for part in parts:
        part_entry = json.loads((part / ENTRY).read_text(encoding="utf-8"))
        entry = {**part_entry, "languages": {**entry["languages"], **part_entry["languages"]}}
        for folder, _, files in os.walk(part):
            target = into / Path(folder).relative_to(part)
            target.mkdir(parents=True, exist_ok=True)
            for name in files:
                if name != ENTRY and not (target / name).exists():
                    os.replace(Path(folder) / name, target / name)
    entry["languages"] = dict(sorted(entry["languages"].items()))
    into.mkdir(parents=True, exist_ok=True)
    (into / ENTRY).write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return entry
