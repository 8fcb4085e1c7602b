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
    """{absolute source path: aware datetime of its last change}."""
    content_dir = Path(content_dir).resolve()
    changes = {}
    try:
        top = Path(_git(["rev-parse", "--show-toplevel"], content_dir).strip())
        log = _git(["log", "--format=%x00%cI", "--name-only", "--no-renames", "--", "."], content_dir)
        dirty = _git(["status", "--porcelain", "--no-renames", "-uall", "--", "."], content_dir)
    except (OSError, subprocess.CalledProcessError):
        return changes  # not a git checkout: callers fall back to the files' times
    when = None
    for line in log.splitlines():
        if line.startswith("\x00"):
            when = datetime.datetime.fromisoformat(line[1:])
        elif line.strip() and when is not None:
            changes.setdefault(str(top / line.strip()), when)  # newest commit comes first
    for line in dirty.splitlines():
        path = top / line[3:].strip().strip('"')
        if path.exists():
            changes[str(path)] = mtime(path)
    return changes


def mtime(path: Path) -> datetime.datetime:
    stamp = datetime.datetime.fromtimestamp(Path(path).stat().st_mtime, datetime.UTC)
    return stamp.replace(microsecond=0)
