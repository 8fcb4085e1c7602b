"""A rebuild's files moved into the output (tools/put_in_place.py), on small folders."""

import os
from pathlib import Path

from iomsite.plugins.incremental.api import KEPT_LIST
from iomsite.tools.put_in_place import apply_changes


def tree(folder: Path) -> dict:
    return {p.relative_to(folder).as_posix(): p.read_text() for p in sorted(folder.rglob("*")) if p.is_file()}


def folders(folder: Path) -> list:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_dir())


def write(folder: Path, files: dict) -> None:
    for relative, text in files.items():
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_text(text)


def test_written_files_replace_kept_files_stay_the_rest_goes(tmp_path):
    output, staging = tmp_path / "output", tmp_path / ".output.building"
    write(
        output,
        {
            "index.html": "old home",
            "news/a/index.html": "a",
            "news/b/index.html": "b",
            "gone/deep/index.html": "deleted article",
            "feeds/all.xml": "old feed",
            "pagefind/index.js": "search index",
            "media/photo.jpg": "photo",
        },
    )
    photo_inode = (output / "media/photo.jpg").stat().st_ino
    write(
        staging,
        {
            "index.html": "new home",
            "news/c/index.html": "new article",
            KEPT_LIST: "news/a/index.html\nnews/b/index.html",
        },
    )
    (staging / "media").mkdir()
    os.link(output / "media/photo.jpg", staging / "media/photo.jpg")  # the same file, linked
    (staging / "feeds").mkdir()  # a folder Pelican made for a kept file

    changes = apply_changes(staging, output, leave=("pagefind",))

    assert tree(output) == {
        "index.html": "new home",
        "news/a/index.html": "a",
        "news/b/index.html": "b",
        "news/c/index.html": "new article",
        "pagefind/index.js": "search index",
        "media/photo.jpg": "photo",
    }
    assert "gone" not in folders(output) and "feeds" not in folders(output)  # no empty folder left
    assert (output / "media/photo.jpg").stat().st_ino == photo_inode  # not moved: the same file
    assert not staging.exists()
    assert (changes.pages, changes.pages_changed, changes.moved, changes.deleted) == (4, True, 2, 2)


def test_nothing_changed_moves_nothing(tmp_path):
    output, staging = tmp_path / "output", tmp_path / ".output.building"
    write(output, {"index.html": "home", "_email/issue.html": "e-mail"})
    write(staging, {KEPT_LIST: "index.html\n_email/issue.html"})
    changes = apply_changes(staging, output)
    assert tree(output) == {"index.html": "home", "_email/issue.html": "e-mail"}
    assert (changes.pages, changes.pages_changed, changes.moved, changes.deleted) == (2, False, 0, 0)


def test_files_kept_by_other_plugins_stay(tmp_path):
    """The image pipeline lists the images it kept in a list of its own (.incremental-kept.images)."""
    output, staging = tmp_path / "output", tmp_path / ".output.building"
    write(output, {"index.html": "home", "media/a.jpg": "a", "media/b.jpg": "b", "media/old.jpg": "old"})
    write(
        staging,
        {
            KEPT_LIST: "index.html",
            f"{KEPT_LIST}.images": "media/a.jpg\nmedia/b.jpg",
            "media/c.jpg": "new photo",
        },
    )
    changes = apply_changes(staging, output)
    assert tree(output) == {
        "index.html": "home",
        "media/a.jpg": "a",
        "media/b.jpg": "b",
        "media/c.jpg": "new photo",
    }
    assert (changes.moved, changes.deleted) == (1, 1)


def test_only_a_private_page_changed_leaves_the_search_index_alone(tmp_path):
    output, staging = tmp_path / "output", tmp_path / ".output.building"
    write(output, {"index.html": "home", "_email/issue.html": "old e-mail"})
    write(staging, {"_email/issue.html": "new e-mail", KEPT_LIST: "index.html"})
    assert apply_changes(staging, output).pages_changed is False


def test_a_page_that_becomes_a_folder_and_a_folder_that_becomes_a_file(tmp_path):
    output, staging = tmp_path / "output", tmp_path / ".output.building"
    write(output, {"about": "a file", "media/x/old.jpg": "old"})
    write(staging, {"about/index.html": "a page", "media/x": "now a file"})
    apply_changes(staging, output)
    assert tree(output) == {"about/index.html": "a page", "media/x": "now a file"}


def test_without_a_kept_list_the_staging_folder_is_the_whole_site(tmp_path):
    output, staging = tmp_path / "output", tmp_path / ".output.building"
    write(output, {"index.html": "old", "old/index.html": "old page"})
    write(staging, {"index.html": "new"})
    apply_changes(staging, output)
    assert tree(output) == {"index.html": "new"}
