"""Content objects remembered between builds: a file whose bytes did not change is not read again.

Reading a file costs about half a millisecond even when its Markdown comes from the conversion
cache (front matter, Pelican's metadata processing, every plugin's `content_object_init`), so
on a large archive it was most of a rebuild. This cache keeps each article and page as Pelican
returned it from `read_file`, pickled at that moment (before later steps add translations,
issue links and the like), keyed by the file's bytes. A file with the same bytes, in a build
with the same settings, plugin code, data files and library versions, gets its object back
without being read.

Reading can do more than make the object: the image pipeline plans the pictures an article
shows, a plugin can log a mistake. Those are recorded while the file is read and redone when
the object comes from the cache: effects through `effects.py` (an effect whose replay
differs, such as a photo replaced under the same name, makes the file be read again), log
records by logging them again, so a mistake in an unchanged file still fails every build.

Only handlers known to be safe are skipped: every receiver of `content_object_init` must be
marked `effects.replayable` (it changes only the object, or notes its other effects),
and nothing may listen to the per-file reader signals; otherwise the cache stays off.

The cache file is a log: a header, then one record per file; a rebuild appends the records of
the files it read again (one write), and rewrites the file only when old records outnumber the
live ones. So an edit costs a few kilobytes written, not the whole archive. A build that
writes the file whole (the first, or after a change of code or settings) writes each record
as the file is read, into a new file that replaces the old one at the end: the objects'
bytes do not all stay in memory (a build that fails leaves a `content.PID.tmp`, deleted by
the next build after an hour).

Why not Pelican's own generator cache (`CONTENT_CACHING_LAYER = "generator"`): it keys files by
time stamp or hash alone, so a settings or plugin change brings back stale objects, and it
drops every read-time effect (the photos a cached article shows would not be published).
"""

import io
import logging
import os
import pickle
import time
import weakref
from pathlib import Path

from pelican import signals
from pelican.generators import ArticlesGenerator, PagesGenerator
from pelican.urlwrappers import URLWrapper

from . import effects, logrecords, sources
from .sources import source_key

log = logging.getLogger(__name__)

CACHE_FILE = "content.pickle"
LEFT_OUT = ("settings", "context")  # the build's own, left out of every record (_Pickler)
READ_SIGNALS = (
    "article_generator_preread",
    "article_generator_context",
    "page_generator_preread",
    "page_generator_context",
)

current: "ContentCache | None" = None  # the running build's cache (plugin.py sets it)
# Objects the preview's helper unpickled ahead of this build (preload.py sets it; in the
# helper only, where builds are forked children).
ahead = None


class _Pickler(pickle.Pickler):
    """Pickles a content object without the settings and the site's context it points to
    (through itself and its categories, tags and authors): they are the next build's."""

    def __init__(self, file, shared: dict):
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.shared = shared

    def persistent_id(self, obj):
        return self.shared.get(id(obj))


class _Unpickler(pickle.Unpickler):
    def __init__(self, file, by_token: dict):
        super().__init__(file)
        self.by_token = by_token

    def persistent_load(self, token):
        return self.by_token[token]


def unsafe_receivers() -> list[str]:
    """Receivers whose read-time effects the cache cannot replay (empty: the cache may be used)."""
    found = []
    for name in READ_SIGNALS:
        if getattr(signals, name).receivers:
            found.append(f"a receiver of {name}")
    for receiver in signals.content_object_init.receivers.values():
        function = receiver() if isinstance(receiver, weakref.ref) else receiver
        if function is not None and not effects.is_replayable(function):
            found.append(
                f"{getattr(function, '__module__', '?')}.{getattr(function, '__qualname__', function)}"
            )
    return found


def cache_file(settings) -> Path:
    """The cache's file for these settings (beside content/, like the other caches)."""
    root = Path(settings["PATH"]).resolve().parent
    return root / settings.get("MARKDOWN_CACHE_PATH", "cache") / CACHE_FILE


def file_signature(path: Path):
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)


def read_records(path: Path):
    """(generation, {path: entry}, records) of a cache file, None if it cannot be read. records
    is the number of records in the file, 0 when one was cut short (the file is then written
    whole at the next save)."""
    try:
        handle = path.open("rb")
    except OSError:
        return None
    entries = {}
    with handle:
        try:
            header = pickle.load(handle)
        except Exception:
            return None
        if not isinstance(header, dict):
            return None
        records = 1
        while True:
            try:
                source, entry = pickle.load(handle)
            except EOFError:
                break
            except Exception:  # a record cut short (a build stopped while writing)
                records = 0
                break
            if records:
                records += 1
            if entry is None:
                entries.pop(source, None)
            elif len(entry) == 5:
                entries[source] = entry
    return header.get("generation"), entries, records


def ahead_for(path: Path, generation: str):
    """What the preview's helper unpickled of this cache file, if the file is still as it read
    it and was written with the same settings and code as this build."""
    if ahead is None or ahead.path != path or ahead.generation != generation:
        return None
    return ahead if file_signature(path) == ahead.signature else None


class ContentCache:
    def __init__(self, settings, generation: str):
        self.path = cache_file(settings)
        self.generation = generation
        self.entries: dict = {}  # path -> [source key, pickled object, notes, logs, file signature]
        self.kept: dict = {}  # what this build used or read: the next build's entries
        self.pending: dict = {}  # id(object just read) -> (notes, logs)
        self.hits = 0
        self.hits_ahead = 0  # of which unpickled ahead, by the preview's helper
        self.records = 0  # records in the file (appending is possible when > 0)
        self.ahead = None  # objects the preview's helper unpickled (preload.py)
        if settings.get("LOAD_MARKDOWN_CACHE", True):
            self.ahead = ahead_for(self.path, generation)
            if self.ahead is not None:
                self.entries, self.records = self.ahead.entries, self.ahead.records
            else:
                self._load()
        sources.remember({path: (entry[4], entry[0]) for path, entry in self.entries.items()})
        self._stream = None  # the new file, when it is rewritten whole (see store)
        self._remove_stale_partials()

    def _remove_stale_partials(self) -> None:
        """New files of builds that failed (an hour old: not those of a build running now)."""
        for partial in self.path.parent.glob(f"{self.path.stem}.*.tmp"):
            try:
                if time.time() - partial.stat().st_mtime > 3600:
                    partial.unlink()
            except OSError:
                pass

    def _load(self) -> None:
        found = read_records(self.path)
        if found is not None and found[0] == self.generation:
            _, self.entries, self.records = found

    def fresh(self, path: str) -> bool:
        """True if the file's object can come from the cache (its bytes did not change)."""
        entry = self.entries.get(path)
        return entry is not None and entry[0] == source_key(path)

    def lookup(self, path: str, generator):
        if not self.fresh(path):
            return None
        key, blob, notes, logs, _ = self.entries[path]
        item = None
        if self.ahead is not None:
            item = self.ahead.take(path, blob, generator.settings, generator.context)
            self.hits_ahead += item is not None
        if item is None:
            try:
                item = _Unpickler(
                    io.BytesIO(blob), {"settings": generator.settings, "context": generator.context}
                ).load()
            except Exception:  # a class that changed shape: read the file
                log.debug("content cache: %s is read again", path, exc_info=True)
                return None
        if not effects.replay(notes):
            return None  # e.g. a photo it shows was replaced: read it again
        logrecords.replay(logs)
        self.kept[path] = self.entries[path]
        self.hits += 1
        return item

    def read(self, read_file, args, kwargs):
        """Pelican's read_file, recording what reading did besides making the object."""
        capture = logrecords.Recorder()
        root = logging.getLogger()
        root.addHandler(capture)
        try:
            with effects.capture() as notes:
                item = read_file(*args, **kwargs)
        finally:
            root.removeHandler(capture)
        self.pending[id(item)] = ([n for n in notes if n[0] != "body"], capture.records)
        return item

    def store(self, path: str, item, generator) -> None:
        notes, logs = self.pending.pop(id(item), (None, None))
        if notes is None:
            return
        settle_slugs(item)
        buffer = io.BytesIO()
        try:
            _Pickler(buffer, {id(generator.settings): "settings", id(generator.context): "context"}).dump(
                item
            )
        except Exception:  # something in it cannot be pickled: read it every time
            log.debug("content cache: %s is not kept", path, exc_info=True)
            return
        key, signature = source_key(path), sources.signature_of(path)
        if key is not None and signature is not None:
            entry = [key, buffer.getvalue(), notes, logs, signature]
            if not self.records:
                # The file will be written whole (a first or full build): each record goes
                # out now instead of every object's bytes staying in memory to the end (about
                # 80 MB at 9,000 articles, the build's peak).
                self._write_now(path, entry)
            else:
                self.kept[path] = entry

    def _partial(self) -> Path:
        return self.path.with_suffix(f".{os.getpid()}.tmp")

    def _new_file(self):
        """The file that replaces the cache at save(), opened with its header when first asked."""
        if self._stream is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._stream = self._partial().open("wb")
            pickle.dump({"generation": self.generation}, self._stream, protocol=pickle.HIGHEST_PROTOCOL)
        return self._stream

    def _write_now(self, path: str, entry: list) -> None:
        pickle.dump((path, entry), self._new_file(), protocol=pickle.HIGHEST_PROTOCOL)
        self.kept[path] = None  # kept, already written

    def _rewrite(self) -> None:
        """The new file: the records not written yet, then it replaces the old one."""
        for path, entry in list(self.kept.items()):
            if entry is not None:
                self._write_now(path, entry)
        self._new_file().close()
        os.replace(self._partial(), self.path)

    def save(self) -> None:
        """Keep the files of this build (and nothing else, so the cache does not grow)."""
        if self._stream is not None:
            self._rewrite()
            return
        changed = {path: entry for path, entry in self.kept.items() if self.entries.get(path) is not entry}
        removed = [path for path in self.entries if path not in self.kept]
        if not changed and not removed:
            return
        protocol = pickle.HIGHEST_PROTOCOL
        records = [pickle.dumps((path, entry), protocol=protocol) for path, entry in changed.items()]
        records += [pickle.dumps((path, None), protocol=protocol) for path in removed]
        if self.records and self.records + len(records) <= 2 * len(self.kept) + 100:
            descriptor = os.open(self.path, os.O_WRONLY | os.O_APPEND)
            try:
                os.write(descriptor, b"".join(records))  # one write: never mixed with another build's
            finally:
                os.close(descriptor)
            return
        self._rewrite()


def settle_slugs(item) -> None:
    """Tags, categories and authors work out their slug when first asked; asked before the
    item is pickled, they come back with it. (Otherwise every rebuild slugifies every tag of
    every article again, each object being its own: a sixth of reading the archive.) An empty
    slug is not kept: Pelican warns about it when it is asked for, in every build."""
    for value in vars(item).values():
        for wrapper in value if isinstance(value, list) else (value,):
            if isinstance(wrapper, URLWrapper) and wrapper._slug is None:
                if not wrapper.slug:
                    wrapper._slug = None


def attach(generator) -> None:
    """At generator_init: articles and pages come from the cache when they can."""
    cache = current
    if cache is None or type(generator) not in (ArticlesGenerator, PagesGenerator):
        return
    read_file = generator.readers.read_file

    def get_cached_data(filename, default=None):
        item = cache.lookup(os.path.abspath(os.path.join(generator.path, filename)), generator)
        return default if item is None else item

    def cache_data(filename, data):
        cache.store(os.path.abspath(os.path.join(generator.path, filename)), data, generator)

    generator.get_cached_data = get_cached_data
    generator.cache_data = cache_data
    generator.readers.read_file = lambda *args, **kwargs: cache.read(read_file, args, kwargs)
