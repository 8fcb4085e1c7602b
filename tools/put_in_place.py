"""Putting a finished build in place of the published output, never a half-built one.

Two ways, both run only after the build succeeded (a failed build deletes its staging folder
and leaves the output untouched):

- `swap_into_place`: the staging folder holds the whole site; two renames swap it in (a first
  build, `--full`, `invoke publish`).
- `apply_changes`: the staging folder holds only the files this build wrote; the files it kept
  from the previous output are listed by the incremental layer (`incremental.api.kept_files`).
  The written files are moved into the output one rename each and the files the site no
  longer has are deleted. A rebuild after one edit then costs what changed, where a whole
  tree of thousands of folders and links was made, swapped in and deleted on every build
  (about 1.3 s of disk work at 3,000 articles). If the process is killed while moving, the
  next build is still right: the writer's state records each file's size and time and makes
  again any file that differs, and a file no build lists any more is deleted then.
"""

import os
import shutil
import subprocess
import time
from pathlib import Path

from iomsite.plugins.incremental.api import kept_files


def swap_into_place(staging: Path, output: Path) -> None:
    """Replace `output` by `staging` with renames; the old site is deleted in the background."""
    if output.exists():
        trash = output.with_name(f".{output.name}.deleting-{os.getpid()}-{time.monotonic_ns()}")
        os.rename(output, trash)
        os.rename(staging, output)
        remove_in_background(trash)
    else:
        os.rename(staging, output)


def remove_in_background(folder: Path) -> None:
    """Deleting thousands of files takes a second on a large site; nobody needs to wait. At the
    lowest priority: the next build (a writer saving again) must not wait for it either."""
    command = ["rm", "-rf", "--", str(folder)]
    if shutil.which("nice"):
        command = ["nice", "-n", "19", *command]
    try:
        subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
        )
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)


def files_under(folder: Path, skip_top=()) -> dict:
    """{relative path: inode} of every file (directory entries carry their inode: no file is
    opened or stat'ed). Top-level entries starting with one of `skip_top` are left out."""
    found = {}
    pending = [(str(folder), "")]
    while pending:
        directory, prefix = pending.pop()
        with os.scandir(directory) as entries:
            for entry in entries:
                if not prefix and entry.name.startswith(skip_top):
                    continue
                if entry.is_dir(follow_symlinks=False):
                    pending.append((entry.path, f"{prefix}{entry.name}/"))
                else:
                    found[prefix + entry.name] = entry.inode()
    return found


def html_files(folder: Path) -> dict:
    """{page: inode} of every page. A page hard-linked from the previous build keeps its inode."""
    return {path: inode for path, inode in files_under(folder).items() if path.endswith(".html")}


def public(pages: dict) -> dict:
    """The pages the search index covers: not those in `_email/`, `.something/` and the like."""
    return {page: inode for page, inode in pages.items() if is_public_page(page)}


def is_public_page(path: str) -> bool:
    return path.endswith(".html") and not path.startswith(("_", "."))


def link_tree(source: Path, target: Path) -> None:
    """Copy a folder as hard links (no file data is written)."""
    for folder, _, files in os.walk(source):
        destination = target / Path(folder).relative_to(source)
        destination.mkdir(parents=True, exist_ok=True)
        for name in files:
            try:
                os.link(Path(folder) / name, destination / name)
            except OSError:
                shutil.copy2(Path(folder) / name, destination / name)


class Changes:
    def __init__(self, pages: int, pages_changed: bool, moved: int, deleted: int):
        self.pages = pages  # pages of the site now in place
        self.pages_changed = pages_changed  # a public page was added, changed or deleted
        self.moved, self.deleted = moved, deleted


def apply_changes(staging: Path, output: Path, leave=()) -> Changes:
    """Move what `staging` holds into `output` and delete what the new site no longer has (see
    the module's docstring); `staging` is removed. Top-level entries of `output` whose names
    start with one of `leave` are not touched (the search index, refreshed in place after)."""
    kept = kept_files(staging)  # none: the writer reused nothing, staging holds the whole site
    written = files_under(staging)
    previous = files_under(output, skip_top=tuple(leave))
    moved = [path for path, inode in written.items() if previous.get(path) != inode]
    deleted = [path for path in previous if path not in written and path not in kept]
    # Deleted first: a file the new site has a folder in place of (or the reverse) is gone then.
    for path in deleted:
        os.unlink(output / path)
    _remove_empty_folders(output, {str(Path(path).parent) for path in deleted})
    made = set()
    for path in moved:
        target = output / path
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        os.replace(staging / path, target)
    shutil.rmtree(staging)
    site = (previous.keys() - set(deleted)) | written.keys()
    return Changes(
        pages=sum(1 for path in site if path.endswith(".html")),
        pages_changed=any(map(is_public_page, moved + deleted)),
        moved=len(moved),
        deleted=len(deleted),
    )


def _remove_empty_folders(root: Path, folders: set) -> None:
    """The folders of deleted files, and their parents, if nothing is left in them."""
    for folder in sorted(folders, key=len, reverse=True):
        path = root / folder
        while path != root and root in path.parents:
            try:
                path.rmdir()
            except OSError:
                break  # not empty (or already gone with a child's removal)
            path = path.parent
