"""Markdown conversion on every core, remembered between builds.

Pelican converts one file after another on one core and, unless its content cache is on,
converts every file again on every build. This reader converts all the Markdown files the
first time Pelican asks for one: files whose bytes it converted before (same bytes, same
Markdown settings, same plugin code) come from the cache; the others are converted in a pool
of processes, one per core. Pelican then reads each file's result as usual, so everything
after conversion (front matter processing, plugins' `content_object_init`) runs as before.

The cache holds only the conversion's output (HTML and raw front matter), keyed by the file's
bytes, so a cached result is exactly what converting the file again would give. It is a
folder (`cache/markdown/<generation>/`) of packs, one per chunk of conversions (each worker
writes its chunk's pack), and `index.log`, where the build appends each pack's keys and
places as the chunk arrives. A rebuild after an edit reads and writes only the edited file's
conversion, where one big file had to be read and written whole (a fifth of a second on a
large archive); and a first build makes one file per chunk, not one per conversion (every new
file costs the file system, up to 0.7 ms on this machine's disk on a bad day: 3,000 of them
were a second of a full build). A build that fails keeps what its workers converted. Each
successful build rewrites the index with its own files' keys only and deletes the packs no
key points to, so the cache does not grow.
"""

import logging
import os
import pickle
import re
import shutil
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

from markdown import Markdown
from pelican.readers import MarkdownReader
from pelican.utils import SafeDatetime, pelican_open

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


def convert_many(pending: list[tuple[str, str]], folder: Path) -> tuple[list, tuple]:
    """In a worker process: convert, and store the results in one pack (the workers write in
    parallel what the build process would otherwise write alone). Returns the results and
    where the pack holds them."""
    results = [convert(path) for _, path in pending]
    return results, store(folder, [key for key, _ in pending], results)


INDEX_FILE = "index.log"


def store(folder: Path, keys: list, results: list) -> tuple[str, list]:
    """A pack of results: (its name, [(key, offset, length)])."""
    folder.mkdir(parents=True, exist_ok=True)
    blobs = [
        pickle.dumps((key, result), protocol=pickle.HIGHEST_PROTOCOL) for key, result in zip(keys, results)
    ]
    name = f"{keys[0][:16]}-{os.getpid()}-{time.monotonic_ns()}.pack"  # never replaces a pack in use
    partial = folder / f".{name}.{os.getpid()}.tmp"
    partial.write_bytes(b"".join(blobs))
    os.replace(partial, folder / name)  # whole or absent, never half written
    places, offset = [], 0
    for key, blob in zip(keys, blobs):
        places.append((key, offset, len(blob)))
        offset += len(blob)
    return name, places


def index_lines(index: dict) -> str:
    """{key: (pack, offset, length)} as the lines of index.log."""
    return "".join(f"{key}\t{name}\t{offset}\t{length}\n" for key, (name, offset, length) in index.items())


def read_index(folder: Path) -> tuple[dict, int]:
    """{key: (pack, offset, length)} and the number of lines (later lines win; a line cut
    short by a stopped build is skipped)."""
    index, lines = {}, 0
    try:
        text = (folder / INDEX_FILE).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return index, 0
    for line in text.split("\n"):
        parts = line.split("\t")
        if len(parts) == 4 and parts[2].isdigit() and parts[3].isdigit():
            index[parts[0]] = (parts[1], int(parts[2]), int(parts[3]))
            lines += 1
    return index, lines


class ConversionCache:
    def __init__(self, settings, generation: str):
        root = Path(settings["PATH"]).resolve().parent  # like the image cache: beside content/
        self.root = root / settings.get("MARKDOWN_CACHE_PATH", "cache") / CACHE_FOLDER
        self.folder = self.root / generation[:20]
        self.prepared = False
        self.used: dict = {}  # key -> (html, meta) of this build's files
        self.new: dict = {}  # key -> (html, meta) converted by this build
        self.by_path: dict = {}
        self.converted = 0
        self.served = lambda path: False  # the content cache's `fresh`, when it is on
        self._pool = None
        self._stream = None
        self.load = settings.get("LOAD_MARKDOWN_CACHE", True)
        self._index: dict | None = None  # read when first needed (a rebuild mostly does not)
        self._index_lines = 0

    def index(self) -> dict:
        if self._index is None:
            self._index, self._index_lines = read_index(self.folder) if self.load else ({}, 0)
        return self._index

    def _note(self, name: str, places: list) -> None:
        """Append a pack's places to the index at once: a build that fails keeps them."""
        added = {key: (name, offset, length) for key, offset, length in places}
        self.index().update(added)
        self._index_lines += len(added)
        descriptor = os.open(self.folder / INDEX_FILE, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(descriptor, index_lines(added).encode("utf-8"))
        finally:
            os.close(descriptor)

    def _stored(self, key: str):
        place = self.index().get(key)
        if place is None:
            return None
        name, offset, length = place
        try:
            with open(self.folder / name, "rb") as handle:
                handle.seek(offset)
                stored_key, result = pickle.loads(handle.read(length))
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, TypeError, ValueError):
            return None
        return result if stored_key == key else None

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
            self._pool = ProcessPoolExecutor(max_workers=workers, mp_context=get_context("fork"))
            self._stream = zip(chunks, self._pool.map(convert_many, chunks, [self.folder] * len(chunks)))
        else:
            for key, path in pending:
                self.new[key] = self.used[key] = convert(path)

    def _advance(self) -> None:
        """Take the next converted chunk (waiting for it)."""
        try:
            chunk, (converted, (name, places)) = next(self._stream)
            self.used.update((key, result) for (key, _), result in zip(chunk, converted))
            self._note(name, places)
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
        """Store this build's own conversions; keep in the index only the keys of this build's
        files, and drop the packs no key points to and the folders of other generations (so
        the cache does not grow forever)."""
        self._close()  # conversions nobody asked for are stored by the workers all the same
        if not self.converted and not self.new:
            return
        pending = [key for key in self.new if key not in self.index()]
        if pending:
            self._note(*store(self.folder, pending, [self.new[key] for key in pending]))
        current = set(self.by_path.values())
        if not current:
            return  # Pelican's file list was not known: nothing to tell stale from current
        live = {key: place for key, place in self.index().items() if key in current}
        if len(live) != self._index_lines:
            partial = self.folder / f".{INDEX_FILE}.{os.getpid()}.tmp"
            partial.write_text(index_lines(live), encoding="utf-8")
            os.replace(partial, self.folder / INDEX_FILE)
            packs = {name for name, _, _ in live.values()}
            with os.scandir(self.folder) as entries:
                for entry in entries:
                    if entry.name.endswith(".pack") and entry.name not in packs:
                        os.unlink(entry.path)
        for other in self.root.iterdir():
            if other.is_dir() and other != self.folder:
                shutil.rmtree(other, ignore_errors=True)


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
