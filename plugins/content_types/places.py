"""Where a Markdown file is, and whether the build reads it: the content check reads exactly
the files Pelican reads, and names those a writer would expect on the site that the build
would not publish, or would publish from elsewhere.

- A name Pelican ignores (IGNORE_FILES: hidden names starting with '.', editors' backups,
  README.md), or one inside such a folder, is not content: neither reads it.
- A link (symbolic link) that leaves the content folder is refused: Pelican follows it, so a
  link to a folder of drafts, or to any file of the machine, would be published. A link to a
  folder is refused too: Pelican would read its files twice, or endlessly if it holds itself.
- A Markdown file outside the content folders (in content/ itself, in images/ or data/, in a
  folder named like no kind of content) is never published: the check says where it belongs.
"""

import fnmatch
import os
from pathlib import Path

from iomsite.core import model


def content_folders_hint() -> str:
    return f"move it into content/{model.folders_listed()}"


def ignored(name: str, settings: dict) -> bool:
    """Whether Pelican skips a file or folder of this name (IGNORE_FILES; hidden names)."""
    return name.startswith(".") or any(
        fnmatch.fnmatch(name, pattern) for pattern in settings.get("IGNORE_FILES", [])
    )


def inside(path: Path, folder: Path) -> bool:
    """Whether `path` is within `folder` once '..' and links are resolved."""
    try:
        Path(path).resolve().relative_to(Path(folder).resolve())
    except (ValueError, RuntimeError, OSError):  # RuntimeError: a link loop
        return False
    return True


def read_by_the_build(path: Path, folder: Path, content_dir: Path, settings: dict) -> bool:
    """Whether Pelican reads `path`, a Markdown file found under the content folder `folder`."""
    if any(ignored(part, settings) for part in path.relative_to(folder).parts):
        return False
    return not path.is_symlink() or inside(path, content_dir)


def link_problem(path: str, content_dir: Path) -> tuple[str, str] | None:
    """(problem, fix) for a symbolic link in the content folders the build must not follow."""
    if not os.path.exists(path):
        return (
            "this is a link to a file that does not exist",
            "delete the link, or put the file itself here",
        )
    if not inside(Path(path), content_dir):
        return (
            "this is a link to something outside the content folder: the site would publish it from there",
            "put a copy of the file itself here, or delete the link",
        )
    if os.path.isdir(path):
        return (
            "this is a link to a folder: the site would read its files a second time (or endlessly, "
            "if it leads back here)",
            "delete the link; move or copy the files themselves here",
        )
    return None


def stray_markdown(content_dir: Path, settings: dict) -> list[Path]:
    """Markdown files in the content folder but outside the folders the build reads."""
    read = set(settings["ARTICLE_PATHS"] + settings["PAGE_PATHS"])
    found = []

    def walk(folder: str) -> None:
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            return
        for entry in entries:
            if ignored(entry.name, settings) or (folder == str(content_dir) and entry.name in read):
                continue
            if entry.is_dir(follow_symlinks=False):
                walk(entry.path)
            elif entry.name.endswith(".md"):
                found.append(Path(entry.path))

    walk(str(content_dir))
    return found
