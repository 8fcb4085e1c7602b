"""After an edit, the search index is made again only for the shard of the edited page, and
finds what a clean index finds: the new words on that page, the removed ones no longer.

A copy of the real content, indexed in shards of a few pages (SEARCH_INDEX_PAGES_PER_RUN), so
that English has several: built, then one article edited (a word added, another removed) and
built again (an incremental rebuild, which refreshes the index in place).
"""

import gzip
import json
import shutil
from pathlib import Path

import pytest
from conftest import FixtureSite, run_build
from test_search_sharing import searches_in_chromium

from iomsite.tools.localserver import serve
from iomsite.tools.search_index import ENTRY, MANIFEST, SHARDS, build_index, shard_plan

EDITED = "content/news/2017-labour-migration-abroad.en.md"
PAGE = "/news/over-half-a-million-tajiks-left-home-to-work-abroad/"
REMOVED = "familiarity"  # in no other English page of the real content
ADDED = "quokkaberry"
PAGES_PER_SHARD = 8


def bundles(index: Path) -> dict:
    """{file of the index: inode}, of every bundle (the main one and the shards')."""
    return {p.relative_to(index).as_posix(): p.stat().st_ino for p in index.rglob("*") if p.is_file()}


def made_from_pages(index: Path) -> dict:
    """What searches depend on, per bundle: the fragments and word index files (named by
    their contents) and each language's page count. (Pagefind 1.5.2 writes its filter files,
    and so the names of the meta files, in a different order on every run.)"""
    made = {}
    for entry in [index / ENTRY, *index.glob(f"shard-*/{ENTRY}")]:
        bundle = entry.parent
        languages = json.loads(entry.read_text(encoding="utf-8"))["languages"]
        made[bundle.relative_to(index).as_posix()] = {
            "pages": {lang: data["page_count"] for lang, data in languages.items()},
            "files": sorted(p.name for folder in ("fragment", "index") for p in (bundle / folder).iterdir()),
        }
    return made


@pytest.fixture(scope="module")
def edited(tmp_path_factory):
    site = FixtureSite(
        tmp_path_factory.mktemp("search-refresh") / "site",
        content="real",
        settings=f"SEARCH_INDEX_PAGES_PER_RUN = {PAGES_PER_SHARD}",
    )
    first = run_build(site.settings, site.output)
    assert first.returncode == 0, first.output
    server = serve(site.output)
    base = f"http://127.0.0.1:{server.server_port}"

    def state(result) -> dict:
        """What the searches find, the index's files and pages, and the build's report."""
        removed, added = searches_in_chromium([(base + "/search/", REMOVED), (base + "/search/", ADDED)])
        return {
            "removed": removed,
            "added": added,
            "index": bundles(site.output / "pagefind"),
            "pages": json.loads((site.output / "pagefind" / MANIFEST).read_text())["pages"],
            "report": result.report,
        }

    before = state(first)
    source = site.root / EDITED
    text = source.read_text(encoding="utf-8")
    assert text.count(REMOVED) == 1
    source.write_text(
        text.replace(f"and {REMOVED} with", "and") + f"\nA {ADDED} grows in the test's garden.\n",
        encoding="utf-8",
    )
    rebuilt = run_build(site.settings, site.output)
    assert rebuilt.returncode == 0, rebuilt.output
    after = state(rebuilt)
    yield site, before, after
    server.shutdown()


def test_the_added_word_is_found_on_the_edited_page_and_the_removed_one_no_longer(edited):
    _, before, after = edited
    assert PAGE in before["removed"]["links"] and PAGE not in before["added"]["links"]
    assert PAGE in after["added"]["links"] and PAGE not in after["removed"]["links"]
    for searches in (before, after):
        assert not searches["removed"]["errors"] and not searches["added"]["errors"]


def test_only_the_shards_of_changed_pages_are_indexed_again(edited):
    """The edited page's shard, and those of the pages that show its change (its translations'
    notice that the English changed); the other shards' files are the previous build's."""
    _, before, after = edited
    figures = before["report"]["search"]
    assert figures["shards"] == figures["shards_indexed"] > 3  # the first build: every shard
    changed = {page for page, record in after["pages"].items() if before["pages"].get(page) != record}
    assert f"{PAGE.strip('/')}/index.html" in changed
    plan = shard_plan(after["pages"], PAGES_PER_SHARD)
    reached = {shard for shard, pages in plan.items() if changed & set(pages)}
    assert after["report"]["search_index"] == "refreshed"
    assert after["report"]["search"]["shards_indexed"] == len(reached) < len(plan)
    unchanged_shards = [shard for shard in plan if shard not in reached and shard[1] > 1]
    for lang, number in unchanged_shards:  # hard links to the previous build's files
        folder = f"shard-{lang}-{number}/"
        files = [path for path in after["index"] if path.startswith(folder)]
        assert files and all(after["index"][path] == before["index"].get(path) for path in files)


def test_the_refreshed_index_is_what_a_clean_index_of_the_same_pages_is(edited, tmp_path):
    site, _, _ = edited
    output = site.output
    clean = tmp_path / "pagefind"
    assert build_index(output, clean, jobs=2, pages_per_run=PAGES_PER_SHARD) == ""
    refreshed = output / "pagefind"
    assert json.loads((refreshed / SHARDS).read_text()) == json.loads((clean / SHARDS).read_text())
    assert made_from_pages(refreshed) == made_from_pages(clean)
    fragments = [gzip.decompress(p.read_bytes()).decode("utf-8") for p in refreshed.rglob("en_*.pf_fragment")]
    assert sum(ADDED in text for text in fragments) == 1 and not any(REMOVED in text for text in fragments)


def test_a_page_deleted_and_one_added_reach_the_index(edited, tmp_path):
    """The shard of a deleted page and that of a new one are made again; a page gone is no
    longer found (the refresh from the previous index and a clean index agree)."""
    site, _, _ = edited
    copy = tmp_path / "site"
    shutil.copytree(site.output, copy)
    gone = copy / PAGE.strip("/") / "index.html"
    gone.unlink()
    new = copy / "news" / "a-new-page" / "index.html"
    new.parent.mkdir(parents=True)
    html = (copy / "about" / "index.html").read_text(encoding="utf-8")
    new.write_text(html.replace("<h1", f"<p>{ADDED}garden</p><h1", 1), encoding="utf-8")
    assert (
        build_index(
            copy, tmp_path / "refreshed", jobs=1, pages_per_run=PAGES_PER_SHARD, previous=copy / "pagefind"
        )
        == ""
    )
    assert build_index(copy, tmp_path / "clean", jobs=1, pages_per_run=PAGES_PER_SHARD) == ""
    assert made_from_pages(tmp_path / "refreshed") == made_from_pages(tmp_path / "clean")
    urls = [
        json.loads(gzip.decompress(p.read_bytes())[len(b"pagefind_dcd") :])["url"]
        for p in (tmp_path / "refreshed").rglob("en_*.pf_fragment")
    ]
    assert "/news/a-new-page/" in urls and PAGE not in urls


def test_without_a_working_pagefind_the_build_says_so_and_changes_nothing(tmp_path):
    site = FixtureSite(tmp_path / "site")
    site.write("news/2020-a.en.md", "title: A\ndate: 2020-01-02\n\nSome text.\n")
    result = site.build(env={"PAGEFIND_BINARY_PATH": str(tmp_path / "no-pagefind")})
    assert result.returncode == 1 and result.report["outcome"] == "search-index-failed"
    assert "could not be started" in result.output and "scripts/setup" in result.output
    assert "Traceback" not in result.output and not site.output.exists()
