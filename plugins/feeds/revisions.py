"""When each content file last changed, for the feeds' `updated` dates.

Committed files: the date of the last commit that touched them (the same in every clone, so
an unchanged site rebuilds to byte-identical feeds). Files with uncommitted changes, or a
content folder outside git: the file's modification time.
"""

import datetime
import subprocess
from pathlib import Path


def _git(args, cwd):
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout


def last_changes(content_dir: Path) -> dict:
    """{absolute source path: aware datetime of its last change}. A file renamed keeps its
    history. Commits listed in the repository's `.git-blame-ignore-revs` (git's convention for
    changes of form only, e.g. the move to YAML front matter) do not count as changes."""
    content_dir = Path(content_dir).resolve()
    changes = {}
    try:
        top = Path(_git(["rev-parse", "--show-toplevel"], content_dir).strip())
        log = _git(["log", "--format=%x00%H %cI", "--name-status", "-M", "--", "."], content_dir)
        dirty = _git(["status", "--porcelain", "--no-renames", "-uall", "--", "."], content_dir)
    except (OSError, subprocess.CalledProcessError):
        return changes  # not a git checkout: callers fall back to the files' times
    ignored = _ignored_revisions(top)
    when, counts = None, False
    now_named = {}  # an older name -> the file's name today (renames, newest commit first)
    for line in log.splitlines():
        if line.startswith("\x00"):
            commit, stamp = line[1:].split(" ", 1)
            when, counts = datetime.datetime.fromisoformat(stamp), commit not in ignored
            continue
        parts = line.split("\t")
        if len(parts) < 2 or when is None:
            continue
        path = parts[-1]
        current = now_named.get(path, path)
        if parts[0].startswith("R") and len(parts) == 3:
            now_named[parts[1]] = current
        if counts:
            changes.setdefault(str(top / current), when)  # newest commit comes first
    for line in dirty.splitlines():
        path = top / line[3:].strip().strip('"')
        if path.exists():
            changes[str(path)] = mtime(path)
    return changes


def _ignored_revisions(top: Path) -> set:
    try:
        text = (top / ".git-blame-ignore-revs").read_text(encoding="utf-8")
    except OSError:
        return set()
    return {line.split("#")[0].strip() for line in text.splitlines() if line.split("#")[0].strip()}


def mtime(path: Path) -> datetime.datetime:
    stamp = datetime.datetime.fromtimestamp(Path(path).stat().st_mtime, datetime.UTC)
    return stamp.replace(microsecond=0)
