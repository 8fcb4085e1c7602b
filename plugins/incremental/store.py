"""What the incremental layer keeps between builds, in one SQLite database: `cache/incremental.sqlite`.

Two tables, both keyed by a source file's bytes (sources.py) and the generation (a digest of
the settings and code their rows were made with):

- `markdown`: a Markdown file's conversion (markdown_cache.py), written by the converting
  workers as they finish each chunk, so that a build that fails keeps what they converted;
- `content`: a file's content object as Pelican read it, with what reading it did besides
  (content_cache.py).

SQLite's transactions replace the two hand-made formats this layer had (a log of pickled
records that a stopped build could cut, and packs found through an index file), with their
own recovery code: a row is written whole or not at all, and an edit writes one row. The
database is in write-ahead mode, so a build that writes never blocks the preview's helper
reading (preload.py), and without a sync at each commit: a cache may lose its last rows when
the machine loses power, never its consistency. A database that cannot be read (cut, or not
a database) is deleted and built again, which costs one full build's work.
"""

import logging
import shutil
import sqlite3
from pathlib import Path

log = logging.getLogger(__name__)

STORE_FILE = "incremental.sqlite"
SCHEMA = (
    "CREATE TABLE IF NOT EXISTS markdown"
    " (key TEXT PRIMARY KEY, generation TEXT NOT NULL, result BLOB NOT NULL)",
    "CREATE TABLE IF NOT EXISTS content"
    " (path TEXT PRIMARY KEY, generation TEXT NOT NULL, source TEXT NOT NULL,"
    " signature TEXT NOT NULL, object BLOB NOT NULL, effects BLOB NOT NULL)",
    # `version` counts the transactions that changed `content` (the preview's helper asks it
    # whether what it read ahead is still what the table holds)
    "CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL)",
    "INSERT OR IGNORE INTO counters VALUES ('content', 0)",
)


def store_path(settings) -> Path:
    """The database for these settings (beside content/, like the image cache)."""
    root = Path(settings["PATH"]).resolve().parent
    return root / settings.get("MARKDOWN_CACHE_PATH", "cache") / STORE_FILE


def _open(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, timeout=60, isolation_level=None)  # transactions made explicit
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = NORMAL")
    for statement in SCHEMA:
        connection.execute(statement)
    return connection


# What this layer kept before the store (a checkout updated from then would keep them forever)
EARLIER_FILES = ("content.pickle", "markdown")


def connect(path: Path) -> sqlite3.Connection:
    """A connection to the store, made anew if the file is damaged. Each process opens its own
    (a connection must not cross a fork)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        for name in EARLIER_FILES:
            earlier = path.parent / name
            if earlier.is_dir():
                shutil.rmtree(earlier, ignore_errors=True)
            else:
                earlier.unlink(missing_ok=True)
    try:
        connection = _open(path)
        connection.execute("SELECT 1 FROM content LIMIT 1").fetchall()
        return connection
    except sqlite3.DatabaseError:
        log.debug("%s cannot be read: made anew", path, exc_info=True)
        delete(path)
        return _open(path)


def delete(path: Path) -> None:
    """The store and its write-ahead files."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


class transaction:
    """`with transaction(connection):` commits at the end, rolls back on an error."""

    def __init__(self, connection: sqlite3.Connection):
        self.connection = connection

    def __enter__(self):
        self.connection.execute("BEGIN IMMEDIATE")  # the write lock now: no upgrade to deadlock on
        return self.connection

    def __exit__(self, kind, value, traceback):
        self.connection.execute("COMMIT" if kind is None else "ROLLBACK")
        return False


def keep_only(connection: sqlite3.Connection, table: str, column: str, values, generation: str) -> None:
    """Delete the rows of other generations and those whose `column` is not in `values`."""
    connection.execute("CREATE TEMP TABLE IF NOT EXISTS live (value TEXT PRIMARY KEY)")
    connection.execute("DELETE FROM live")
    connection.executemany("INSERT OR IGNORE INTO live VALUES (?)", ((value,) for value in values))
    connection.execute(
        f"DELETE FROM {table} WHERE generation != ? OR {column} NOT IN (SELECT value FROM live)",
        (generation,),
    )
    connection.execute("DELETE FROM live")
