"""Issue 9: a rebuild reuses what did not change, and gives the same site as a clean build.

Built on a copy of the real content: a first build, a rebuild with no change, a rebuild after
editing one article's text, and a clean build of the edited content into a fresh folder.
"""

import gzip
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINIMAL_PRESS, ROOT, BuildResult, FixtureSite, run_build
from PIL import Image

EDITED = "content/news/2017-labour-migration-abroad.en.md"
ADDED = "A sentence added by the incremental-build test."
# The search index is compared by what it finds, not byte for byte: Pagefind 1.5.2 writes its
# filter files in a different order on every run, even for the same pages.
NOT_COMPARED = {".build-state.json"}


def site_files(folder: Path) -> dict:
    return {
        p.relative_to(folder).as_posix(): p
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.relative_to(folder).parts[0] != "pagefind" and p.name not in NOT_COMPARED
    }


def media_files(folder: Path) -> dict:
    """Each published image's inode and times: the change time moves when a file is linked
    again (its link count changes), even to the same place."""
    return {
        p.name: (p.stat().st_ino, p.stat().st_mtime_ns, p.stat().st_ctime_ns)
        for p in (folder / "media").iterdir()
    }


def clean_build(root: Path, fresh: bool = False):
    """The same content and settings built in a new folder: no previous output, no caches;
    with `fresh`, by a new interpreter (its own hash seed: an order that depends on it differs)."""
    clean = FixtureSite(
        root.with_name(root.name + "-clean"), content=root / "content", settings_file=root / "pelicanconf.py"
    )
    return clean.build(fresh=fresh)


def site_folders(folder: Path) -> list:
    return sorted(
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_dir() and p.relative_to(folder).parts[0] != "pagefind"
    )


def assert_same_site(incremental: BuildResult, clean: BuildResult) -> None:
    ours, fresh = site_files(incremental.folder), site_files(clean.folder)
    assert sorted(ours) == sorted(fresh)
    assert site_folders(incremental.folder) == site_folders(clean.folder)  # no folder left empty
    assert [name for name in fresh if ours[name].read_bytes() != fresh[name].read_bytes()] == []


def unchanged_sources(result: BuildResult) -> int:
    return result.figures("incremental")["sources_unchanged"]


def counts(result: BuildResult) -> tuple[int, int]:
    figures = result.figures("incremental")
    return figures["pages_rendered"], figures["pages_reused"]


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    site = FixtureSite(tmp_path_factory.mktemp("incremental") / "site", content="real")
    root, settings, output = site.root, site.settings, site.output

    first = run_build(settings, output)
    assert first.returncode == 0, first.output
    media_before = media_files(output)
    edited = root / EDITED
    edited.write_bytes(edited.read_bytes())  # saved, not changed: the build runs (tools/unchanged.py)
    unchanged = run_build(settings, output)
    assert unchanged.returncode == 0, unchanged.output
    media_after = media_files(output)

    edited.write_text(edited.read_text(encoding="utf-8") + f"\n{ADDED}\n", encoding="utf-8")
    after_edit = run_build(settings, output)
    assert after_edit.returncode == 0, after_edit.output
    clean = clean_build(root, fresh=True)
    assert clean.returncode == 0, clean.output
    return {
        "first": first,
        "unchanged": unchanged,
        "edit": after_edit,
        "clean": clean,
        "media": (media_before, media_after),
    }


def test_rebuild_without_changes_renders_no_page_and_writes_no_image(builds):
    rendered, reused = counts(builds["unchanged"])
    assert rendered == 0 and reused == sum(counts(builds["first"]))
    assert builds["unchanged"].figures("images")["processed"] == 0
    before, after = builds["media"]
    assert before and before == after  # same files, inodes and times: not even linked again


def test_edit_renders_only_the_pages_that_show_the_article(builds):
    rendered, reused = counts(builds["edit"])
    assert 1 <= rendered < reused
    assert builds["edit"].report["search_index"] == "refreshed"


def test_unchanged_files_are_not_read_again(builds):
    articles = builds["first"].report["articles"]
    assert unchanged_sources(builds["first"]) == 0
    assert unchanged_sources(builds["unchanged"]) > articles
    assert unchanged_sources(builds["edit"]) == unchanged_sources(builds["unchanged"]) - 1


def test_incremental_rebuild_is_identical_to_a_clean_build(builds):
    assert_same_site(builds["edit"], builds["clean"])
    page = (
        builds["edit"].folder / "news" / "over-half-a-million-tajiks-left-home-to-work-abroad" / "index.html"
    )
    assert ADDED in page.read_text(encoding="utf-8")  # the edit is there, not an old copy


def test_search_index_finds_the_edited_text(builds):
    fragments = (builds["edit"].folder / "pagefind" / "fragment").glob("en_*.pf_fragment")
    texts = [gzip.decompress(path.read_bytes()).decode("utf-8", "replace") for path in fragments]
    assert any(ADDED.rstrip(".") in text for text in texts)


def test_a_theme_problem_found_while_rendering_on_other_cores_fails_the_build_once(fixture_site):
    """Pages are rendered in forked processes: what they log must still stop the build, be
    printed once (not once per page), and leave the previous site in place."""
    for n in range(30):  # enough pages for more than one rendering process
        fixture_site.write(
            f"news/item-{n:02d}.md", f"title: News {n}\ndate: 2020-01-{n % 28 + 1:02d}\n\nText {n}.\n"
        )
    first = fixture_site.build()
    assert first.returncode == 0, first.output
    home = (fixture_site.output / "index.html").read_bytes()
    settings = fixture_site.root / "pelicanconf.py"
    settings.write_text(
        settings.read_text(encoding="utf-8") + '\nSHARE_IMAGE = "images/no-such-file.png"\n', encoding="utf-8"
    )
    result = fixture_site.build()
    assert result.returncode == 1
    problem_lines = [line for line in result.output.splitlines() if "no-such-file.png" in line]
    assert len(problem_lines) == 1 and "(on " in problem_lines[0], result.output
    assert "Traceback" not in result.output
    assert (fixture_site.output / "index.html").read_bytes() == home


def test_a_new_day_renders_every_page_again(fixture_site):
    """Banners and donor lists depend on the date, so a page is never reused across days."""
    fixture_site.write("news/one.md", "title: One\ndate: 2020-01-01\n\nText.\n")
    settings = fixture_site.root / "pelicanconf.py"
    original = settings.read_text(encoding="utf-8")
    settings.write_text(original + '\nSITE_TODAY = "2026-11-25"\n', encoding="utf-8")
    assert fixture_site.build().returncode == 0
    same_day = fixture_site.build()
    assert counts(same_day)[0] == 0
    settings.write_text(original + '\nSITE_TODAY = "2026-11-26"\n', encoding="utf-8")
    next_day = fixture_site.build()
    assert counts(next_day)[1] == 0


def test_after_deleting_and_retitling_articles_the_rebuild_equals_a_clean_build(fixture_site):
    for n in range(6):
        fixture_site.write(
            f"news/item-{n}.md", f"title: News {n}\ndate: 2020-02-0{n + 1}\ntags: training\n\nText {n}.\n"
        )
    assert fixture_site.build().returncode == 0
    (fixture_site.root / "content" / "news" / "item-2.md").unlink()
    fixture_site.write("news/item-4.md", "title: A new title\ndate: 2020-02-05\ntags: training\n\nText 4.\n")
    rebuilt = fixture_site.build()
    assert rebuilt.returncode == 0, rebuilt.output
    assert_same_site(rebuilt, clean_build(fixture_site.root))
    assert not any(
        "news-2" in name for name in site_files(rebuilt.folder)
    )  # the deleted article's page is gone


def test_a_rebuild_stopped_while_moving_files_is_repaired_by_the_next(fixture_site):
    """A rebuild moves the files it wrote into the output one by one (tools/put_in_place.py).
    Stopped half-way, the output holds old files under the new state, or new files under the
    old state; either way the next build makes the site a clean build would."""
    for n in range(6):
        fixture_site.write(
            f"news/item-{n}.md", f"title: News {n}\ndate: 2020-02-0{n + 1}\ntags: training\n\nText {n}.\n"
        )
    assert fixture_site.build().returncode == 0
    output = fixture_site.output
    page = output / "news" / "news-1" / "index.html"
    old_page, old_state = page.read_bytes(), (output / ".build-state.json").read_bytes()
    shutil.copy2(page, fixture_site.root / "old-page.html")

    fixture_site.write(
        "news/item-1.md", "title: News 1\ndate: 2020-02-02\ntags: training\n\nText 1, longer.\n"
    )
    assert fixture_site.build().returncode == 0
    shutil.copy2(fixture_site.root / "old-page.html", page)  # the new state, an old page
    repaired = fixture_site.build()
    assert repaired.returncode == 0, repaired.output
    assert counts(repaired)[0] >= 1 and page.read_bytes() != old_page
    assert_same_site(repaired, clean_build(fixture_site.root))

    fixture_site.write("news/item-1.md", "title: News 1\ndate: 2020-02-02\ntags: training\n\nText 1.\n")
    assert fixture_site.build().returncode == 0
    (output / ".build-state.json").write_bytes(old_state)  # new pages, the state of two builds ago
    repaired = fixture_site.build()
    assert repaired.returncode == 0, repaired.output
    shutil.rmtree(fixture_site.root.with_name(fixture_site.root.name + "-clean"))
    assert_same_site(repaired, clean_build(fixture_site.root))


def test_an_e_mail_edition_is_made_again_only_when_what_it_shows_changed(fixture_site):
    """The e-mail edition of an issue shows each story's summary, cut from its text: editing a
    story's text makes the edition again; a rebuild with no change leaves it as it was."""
    fixture_site.write(
        "newsletters/2013-q1/issue.md",
        "title: Newsletter Q1\ndate: 2013-03-20\n"
        "issue_label: January–March 2013\nsignatory: A. Signatory\n"
        "signatory_role: Chief of Mission\n\nDear readers.\n",
    )
    story = "title: Health story\ndate: 2013-01-15\nsection: migration-health\n\n{}\n"
    fixture_site.write("newsletters/2013-q1/a.md", story.format("Mobile clinics reached two villages."))
    assert fixture_site.build().returncode == 0
    edition = fixture_site.output / "_email" / "2013-q1.en.html"
    before = edition.stat().st_ino
    unchanged = fixture_site.build()
    assert unchanged.returncode == 0 and edition.stat().st_ino == before
    fixture_site.write("newsletters/2013-q1/a.md", story.format("Mobile clinics reached nine villages."))
    edited = fixture_site.build()
    assert edited.returncode == 0, edited.output
    assert "nine villages" in edition.read_text(encoding="utf-8")
    assert_same_site(edited, clean_build(fixture_site.root))


def test_a_photo_replaced_under_the_same_name_is_published_anew(fixture_site):
    """An unchanged article kept from the previous build still shows the new photo: the
    pictures planned while it was read are checked again, and it is read again if they differ."""
    photo = fixture_site.root / "content" / "images" / "field-visit.jpg"
    Image.new("RGB", (1200, 800), (200, 120, 40)).save(photo, quality=80)
    fixture_site.write(
        "news/visit.md",
        "title: A field visit\ndate: 2020-03-01\n\n"
        "![Staff at the border post]({static}/images/field-visit.jpg)\n",
    )
    assert fixture_site.build().returncode == 0
    Image.new("RGB", (1000, 400), (40, 120, 200)).save(photo, quality=80)  # same name, new photo
    rebuilt = fixture_site.build()
    assert rebuilt.returncode == 0, rebuilt.output
    assert_same_site(rebuilt, clean_build(fixture_site.root))
    page = (rebuilt.folder / "news" / "a-field-visit" / "index.html").read_text(encoding="utf-8")
    assert 'width="1000" height="400"' in page


READ_TIME_PLUGIN = """\
import logging
import sys
from pathlib import Path

from pelican import signals

from iomsite.plugins.incremental import api as incremental

MARKED = {marked}


def complain(content):
    if "Awkward" in getattr(content, "title", ""):
        logging.getLogger(__name__).warning("%s: the title is awkward", content.relative_source_path)


if MARKED:
    complain = incremental.replayable(complain)


def register():
    signals.content_object_init.connect(complain)
"""


def add_read_time_plugin(site, marked: bool) -> None:
    folder = site.root / "test_plugins" / "complainer"
    folder.mkdir(parents=True)
    (folder / "__init__.py").write_text(READ_TIME_PLUGIN.format(marked=marked), encoding="utf-8")
    settings = site.root / "pelicanconf.py"
    settings.write_text(
        settings.read_text(encoding="utf-8") + '\nPLUGIN_PATHS = ["plugins", "test_plugins"]\n'
        'PLUGINS = ["complainer"] + PLUGINS\n',
        encoding="utf-8",
    )


def test_a_warning_logged_while_reading_an_unchanged_file_fails_every_build(fixture_site):
    add_read_time_plugin(fixture_site, marked=True)
    fixture_site.write("news/one.md", "title: An Awkward title\ndate: 2020-01-01\n\nText.\n")
    fixture_site.write("news/two.md", "title: Two\ndate: 2020-01-02\n\nText.\n")
    for attempt in range(2):
        result = fixture_site.build()
        assert result.returncode == 1, result.output
        assert "news/one.md: the title is awkward" in result.output
        assert unchanged_sources(result) == 2 * attempt  # the second time, from the cache
    fixture_site.write("news/one.md", "title: A plain title\ndate: 2020-01-01\n\nText.\n")
    fixed = fixture_site.build()
    assert fixed.returncode == 0, fixed.output
    assert unchanged_sources(fixed) >= 1  # two.md came from the cache


def test_a_read_time_handler_not_marked_replayable_turns_the_content_cache_off(fixture_site):
    add_read_time_plugin(fixture_site, marked=False)
    one = fixture_site.write("news/one.md", "title: One\ndate: 2020-01-01\n\nText.\n")
    assert fixture_site.build().returncode == 0
    one.write_bytes(one.read_bytes())  # saved, not changed: the build runs (tools/unchanged.py)
    again = fixture_site.build()
    assert again.returncode == 0 and unchanged_sources(again) == 0


def files_written(result: BuildResult) -> int:
    return result.figures("incremental")["files_written"]


def test_an_edit_renders_only_the_listing_pages_that_show_the_article(fixture_site):
    """A tag or section list of many pages is one call to the writer; after an edit to one
    article's text only its pages that show that article's summary are made again."""
    for n in range(45):
        fixture_site.write(
            f"news/item-{n:02d}.md",
            f"title: News {n}\ndate: 2020-01-{n % 28 + 1:02d} 10:{n:02d}\n"
            f"tags: training\n\nText of news {n}.\n",
        )
    first = fixture_site.build()
    assert first.returncode == 0, first.output
    tag_list = fixture_site.output / "tags" / "training"
    inodes = {p.relative_to(tag_list).as_posix(): p.stat().st_ino for p in tag_list.rglob("index.html")}
    assert len(inodes) == 3  # three pages of 20
    fixture_site.write(
        "news/item-20.md",
        "title: News 20\ndate: 2020-01-21 10:20\ntags: training\n\nText of news 20, corrected.\n",
    )
    rebuilt = fixture_site.build()
    assert rebuilt.returncode == 0, rebuilt.output
    after = {p.relative_to(tag_list).as_posix(): p.stat().st_ino for p in tag_list.rglob("index.html")}
    changed = sorted(page for page in inodes if after[page] != inodes[page])
    assert len(changed) == 1, changed  # the one page of the tag list that shows news 20
    assert files_written(rebuilt) <= 4  # that page, the article, and its news list page
    assert_same_site(rebuilt, clean_build(fixture_site.root))


def stored(root: Path, query: str) -> list:
    """Rows of the incremental layer's store (plugins/incremental/store.py)."""
    connection = sqlite3.connect(root / "cache" / "incremental.sqlite")
    try:
        return connection.execute(query).fetchall()
    finally:
        connection.close()


def converted(result: BuildResult) -> int:
    return result.figures("incremental")["markdown_converted"]


def test_an_edit_changes_one_row_of_the_store_and_a_damaged_store_is_made_anew(fixture_site):
    for n in range(6):
        fixture_site.write(f"news/item-{n}.md", f"title: News {n}\ndate: 2020-02-0{n + 1}\n\nText {n}.\n")
    assert fixture_site.build().returncode == 0
    objects = "SELECT path, object FROM content ORDER BY path"
    before = stored(fixture_site.root, objects)
    conversions = stored(fixture_site.root, "SELECT key FROM markdown")
    assert len(before) == 6 and len(conversions) == 6

    fixture_site.write("news/item-3.md", "title: News 3\ndate: 2020-02-04\n\nText 3, edited.\n")
    edited = fixture_site.build()
    assert edited.returncode == 0, edited.output
    assert unchanged_sources(edited) == 5 and converted(edited) == 1
    after = stored(fixture_site.root, objects)
    assert [path for (path, blob), (_, old) in zip(after, before) if blob != old] == [
        str(fixture_site.root / "content" / "news" / "item-3.md")
    ]
    keys = stored(fixture_site.root, "SELECT key FROM markdown")
    assert len(keys) == 6 and len(set(keys) - set(conversions)) == 1  # the old conversion deleted

    store = fixture_site.root / "cache" / "incremental.sqlite"
    for suffix in ("-wal", "-shm"):
        Path(f"{store}{suffix}").unlink(missing_ok=True)
    store.write_bytes(b"not a database, or one cut short by a full disk")
    fixture_site.write("news/item-4.md", "title: News 4\ndate: 2020-02-05\n\nText 4, edited.\n")
    rebuilt = fixture_site.build()
    assert rebuilt.returncode == 0, rebuilt.output
    assert unchanged_sources(rebuilt) == 0 and converted(rebuilt) == 6  # all read and converted again
    assert len(stored(fixture_site.root, objects)) == 6
    assert_same_site(rebuilt, clean_build(fixture_site.root))


def test_conversions_made_by_a_build_that_failed_are_kept(fixture_site):
    for n in range(60):  # enough for the pool of converting processes
        fixture_site.write(
            f"news/item-{n}.md", f"title: News {n}\ndate: 2020-02-{n % 28 + 1:02d}\n\nText {n}.\n"
        )
    settings = fixture_site.root / "pelicanconf.py"
    good = settings.read_text(encoding="utf-8")
    settings.write_text(good + '\nSHARE_IMAGE = "images/no-such-file.png"\n', encoding="utf-8")
    failed = fixture_site.build()
    assert failed.returncode == 1  # while rendering, after every file was converted
    assert len(stored(fixture_site.root, "SELECT key FROM markdown")) == 60

    settings.write_text(good, encoding="utf-8")
    fixed = fixture_site.build()
    assert fixed.returncode == 0, fixed.output
    assert unchanged_sources(fixed) == 0  # the settings changed: every file read again
    assert converted(fixed) == 0  # but none converted again
    assert_same_site(fixed, clean_build(fixture_site.root))


def test_relative_source_paths_by_string_slicing_equal_pelicans(monkeypatch):
    """plugins/incremental/sourcepaths.py answers like Pelican's own method, for the paths
    Pelican's generators give and for the odd ones it hands back to Pelican."""
    monkeypatch.syspath_prepend(str(ROOT / "plugins"))
    from pelican.contents import Content

    original = Content.get_relative_source_path
    from iomsite.plugins.incremental import sourcepaths

    sourcepaths.install()
    paths = [
        "/site/content/news/a.md",
        "/site/content/../x.md",
        "/site/contentx/a.md",
        "/site/content",
        "/other/a.md",
        "news/a.md",
        "/site/content//news/a.md",
        "/site/content/./news/a.md",
        "",
    ]
    for root in ("/site/content", "/site/content/", "content"):
        for path in paths:
            item = Content.__new__(Content)
            item.settings, item.source_path = {"PATH": root}, path or None
            assert Content.get_relative_source_path(item) == original(item), (root, path)


GUARDED_BUILD = """
import importlib.metadata, sys
real = importlib.metadata.version
importlib.metadata.version = lambda name: "4.13.0" if name == "pelican" else real(name)
from iomsite.tools.build import main
sys.exit(main(sys.argv[1:]))
"""


def test_on_a_pelican_it_was_not_made_for_the_incremental_layer_steps_aside_and_the_site_is_the_same(
    fixture_site, tmp_path
):
    fixture_site.write("press/ok.md", MINIMAL_PRESS)
    normal = fixture_site.build()
    assert normal.returncode == 0, normal.output
    other = tmp_path / "other"
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            GUARDED_BUILD,
            "--settings",
            str(fixture_site.root / "pelicanconf.py"),
            "--output",
            str(other),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "made for Pelican 4.12.x and this is Pelican 4.13.0: every page is built in full" in proc.stdout
    assert "reused from the previous build" not in proc.stdout  # the layer did not run
    pages = sorted(p.relative_to(normal.folder) for p in normal.folder.rglob("*.html"))
    assert pages == sorted(p.relative_to(other) for p in other.rglob("*.html"))
    for page in pages:
        assert (other / page).read_bytes() == (normal.folder / page).read_bytes(), page
