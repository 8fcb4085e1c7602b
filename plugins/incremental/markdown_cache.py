"""Markdown conversion on every core, remembered between builds.

Pelican converts one file after another on one core and, unless its content cache is on,
converts every file again on every build. This reader converts all the Markdown files the
first time Pelican asks for one: files whose bytes it converted before (same bytes, same
Markdown settings, same plugin code) come from the cache; the others are converted in a pool
of processes, one per core. Pelican then reads each file's result as usual, so everything
after conversion (front matter processing, plugins' `content_object_init`) runs as before.

The cache holds only the conversion's output (HTML and raw front matter), keyed by the file's
bytes, so a cached result is exactly what converting the file again would give. It is the
`markdown` table of the layer's store (store.py): each worker writes the rows of the chunk it
converted as it finishes it, in parallel with the build, so a build that fails keeps what its
workers converted, and a rebuild after an edit reads and writes only the edited file's row.
Each successful build deletes the rows of files it no longer has, so the cache does not grow.
"""

import logging
import os
import pickle
import re
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

from markdown import Markdown
from pelican.readers import MarkdownReader
from pelican.utils import SafeDatetime, pelican_open

from . import store
from .sources import source_key

log = logging.getLogger(__name__)

CACHE_FOLDER = "markdown"
MIN_BATCH_FOR_POOL = 24  # below this, starting processes costs more than it saves
STREAM_CHUNK = 16  # files per task: small, so that the first ones are ready soon

readers: list = []  # (generator, its paths setting, its excludes setting), in reading order


def markdown_files() -> list[str]:
    """The Markdown files Pelican will read, as absolute paths, in the order its generators
    will read them (each iterates the set `get_files` returns, the same set object: see
    plugin.note_reading_order)."""
    suffixes = tuple(f".{ext}" for ext in MarkdownReader.file_extensions)
    order = []
    for generator, paths, excludes in readers:
        files = generator.get_files(generator.settings[paths], exclude=generator.settings[excludes])
        order += [
            os.path.abspath(os.path.join(generator.path, name)) for name in files if name.endswith(suffixes)
        ]
    return order


_settings: dict = {}
_instance: Markdown | None = None


def convert(path: str) -> tuple[str, dict]:
    """HTML and raw front matter of one file (in a worker process or in the build's own)."""
    global _instance
    if _instance is None:
        _instance = Markdown(**_settings["MARKDOWN"])
    _instance.reset()  # same result as a fresh instance: every extension resets its state
    with pelican_open(path) as text:
        html = _instance.convert(text)
    return html, dict(getattr(_instance, "Meta", {}))


def convert_many(pending: list[tuple[str, str]], path: Path, generation: str) -> list:
    """In a worker process: convert, and store the results (the workers write in parallel
    what the build process would otherwise write alone)."""
    results = [convert(source) for _, source in pending]
    write(_worker_connection(path), generation, [key for key, _ in pending], results)
    return results


_worker: dict = {}  # in a worker process: {database path: its connection}


def _worker_connection(path: Path):
    if path not in _worker:
        _worker[path] = store.connect(path)
    return _worker[path]


def write(connection, generation: str, keys: list, results: list) -> None:
    protocol = pickle.HIGHEST_PROTOCOL
    rows = [(key, generation, pickle.dumps(result, protocol=protocol)) for key, result in zip(keys, results)]
    with store.transaction(connection):
        connection.executemany("INSERT OR REPLACE INTO markdown VALUES (?, ?, ?)", rows)


class ConversionCache:
    def __init__(self, settings, generation: str):
        self.generation = generation
        self.path = store.store_path(settings)
        self.prepared = False
        self.used: dict = {}  # key -> (html, meta) of this build's files
        self.new: dict = {}  # key -> (html, meta) converted by this build, not stored yet
        self.by_path: dict = {}
        self.converted = 0
        self.served = lambda path: False  # the content cache's `fresh`, when it is on
        self._pool = None
        self._stream = None
        self.load = settings.get("LOAD_MARKDOWN_CACHE", True)
        self._connection = None

    def connection(self):
        """Opened when first needed (a rebuild whose files all come from the content cache does not)."""
        if self._connection is None:
            self._connection = store.connect(self.path)
        return self._connection

    def _stored(self, key: str):
        if not self.load:
            return None
        row = (
            self.connection()
            .execute("SELECT result FROM markdown WHERE key = ? AND generation = ?", (key, self.generation))
            .fetchone()
        )
        if row is None:
            return None
        try:
            return pickle.loads(row[0])
        except Exception:  # a class that changed shape: convert again
            return None

    def prepare(self, paths: list[str]) -> None:
        """Convert, on every core, each file whose bytes are not in the cache, unless the
        content cache has its whole object (then it is not needed). `paths` in the order
        Pelican reads them: it reads each file as soon as its chunk is converted, while the
        workers go on with the next ones."""
        self.prepared = True
        missing = {}
        for path in paths:
            key = source_key(path)
            if key is None:
                continue  # Pelican reports unreadable files itself
            self.by_path[path] = key
            if self.served(path) or key in self.used:
                continue
            stored = self._stored(key)
            if stored is not None:
                self.used[key] = stored
            else:
                missing.setdefault(key, path)
        if not missing:
            return
        pending = list(missing.items())
        self.converted += len(pending)
        workers = min(os.cpu_count() or 1, max(1, len(pending) // MIN_BATCH_FOR_POOL))
        if workers > 1:
            chunks = [pending[i : i + STREAM_CHUNK] for i in range(0, len(pending), STREAM_CHUNK)]
            self.connection()  # the tables exist before the workers write
            self._pool = ProcessPoolExecutor(max_workers=workers, mp_context=get_context("fork"))
            self._stream = zip(
                chunks,
                self._pool.map(
                    convert_many, chunks, [self.path] * len(chunks), [self.generation] * len(chunks)
                ),
            )
        else:
            for key, path in pending:
                self.new[key] = self.used[key] = convert(path)

    def _advance(self) -> None:
        """Take the next converted chunk (waiting for it)."""
        try:
            chunk, converted = next(self._stream)
            self.used.update((key, result) for (key, _), result in zip(chunk, converted))
        except StopIteration:
            self._close()
        except Exception:  # a broken file: the rest is converted here, where Pelican reports it
            log.debug("parallel conversion failed; converting one by one", exc_info=True)
            self._close()

    def _close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=False)
        self._pool = self._stream = None

    def get(self, path: str):
        key = self.by_path.get(path)
        if key is None:  # a file Pelican reads that was not prepared (or changed since)
            return None
        while key not in self.used and self._stream is not None:
            self._advance()
        return self.used.get(key)

    def remember(self, path: str, result) -> None:
        """A conversion made outside prepare() (a file that was to come from the content cache)."""
        key = self.by_path.get(path) or source_key(path)
        if key is not None:
            self.new[key] = self.used[key] = result

    def save(self) -> None:
        """Store the conversions made here; keep only the rows of this build's files (so the
        cache does not grow forever)."""
        self._close()  # conversions nobody asked for are stored by the workers all the same
        if not self.converted and not self.new:
            return
        connection = self.connection()
        if self.new:
            write(connection, self.generation, list(self.new), list(self.new.values()))
        current = set(self.by_path.values())
        if current:  # else Pelican's file list was not known: nothing to tell stale from current
            with store.transaction(connection):
                store.keep_only(connection, "markdown", "key", current, self.generation)
        connection.close()
        self._connection = None


class CachedMarkdownReader(MarkdownReader):
    """Pelican's Markdown reader, fed from the conversion cache."""

    cache: ConversionCache | None = None  # set by the plugin at start-up

    def read(self, source_path):
        self._source_path = source_path
        cache = type(self).cache
        if cache is not None and not cache.prepared:
            _settings.update(self.settings)
            cache.prepare(markdown_files())
        found = cache.get(os.path.abspath(source_path)) if cache is not None else None
        if found is None:
            _settings.update(self.settings)
            found = convert(source_path)
            if cache is not None:
                cache.remember(os.path.abspath(source_path), found)
        html, meta = found
        # Only formatted fields (the summary) need a Markdown instance of their own here.
        self._md = (
            Markdown(**self.settings["MARKDOWN"])
            if set(meta) & set(self.settings["FORMATTED_FIELDS"])
            else _NoMeta()
        )
        return html, self._parse_metadata(meta)

    def process_metadata(self, name, value):
        # Dates as the writers type them ("2006-02-15", "2006-02-15 10:30") are read directly:
        # Pelican's general date parser (dateutil) is the slowest step of reading a cached file.
        # The result is the same (naive SafeDatetime); Pelican applies the time zone afterwards.
        if name in ("date", "modified") and isinstance(value, str) and ISO_DATE.fullmatch(value.strip()):
            return SafeDatetime.fromisoformat(value.strip())
        return super().process_metadata(name, value)


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?: \d{2}:\d{2}(?::\d{2})?)?")


class _NoMeta:
    """Stands in for the Markdown instance when no field needs converting."""

    class preprocessors:  # noqa: N801 - mimics Markdown's attribute
        @staticmethod
        def deregister(name):
            pass
