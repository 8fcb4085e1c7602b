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

The objects are the `content` table of the layer's store (store.py), one row per file: a
rebuild writes the rows of the files it read again, so an edit costs a few kilobytes written,
not the whole archive. A build that reads many files writes their rows in batches as it goes,
so the objects' bytes do not all stay in memory (about 80 MB at 9,000 articles, the build's
peak otherwise).

Why not Pelican's own generator cache (`CONTENT_CACHING_LAYER = "generator"`): it keys files by
time stamp or hash alone, so a settings or plugin change brings back stale objects, and it
drops every read-time effect (the photos a cached article shows would not be published).
"""

import io
import logging
import os
import pickle
import weakref
from pathlib import Path

from pelican import signals
from pelican.generators import ArticlesGenerator, PagesGenerator
from pelican.urlwrappers import URLWrapper

from . import effects, logrecords, sources, store
from .sources import source_key

log = logging.getLogger(__name__)

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
        # id of a string encoded below -> (its number in this record, the string: kept alive,
        # so that no other takes its id, as one made by a __reduce__ would)
        self.texts: dict = {}

    def persistent_id(self, obj):
        if type(obj) is str:
            # The pickler would ask the string for its UTF-8 form, which CPython then keeps
            # inside a non-ASCII string for as long as it lives: a second copy of every
            # Russian and Tajik article's HTML, to the end of the build. Encoded here, the
            # copy is the record's alone. A string met again is referred to by its number,
            # as the pickler's memo would: the object comes back with the same strings shared
            # (the site's fingerprint tells an attribute that is its metadata's value from an
            # equal one: fingerprint.content_fields).
            if len(obj) < LONG_TEXT or obj.isascii():
                return None
            met = self.texts.get(id(obj))
            if met is not None:
                return (TEXT, met[0])
            number = len(self.texts)
            self.texts[id(obj)] = (number, obj)
            return (TEXT, number, obj.encode("utf-8", "surrogatepass"))
        return self.shared.get(id(obj))


LONG_TEXT = 64  # characters: shorter strings pickled as usual (a reference costs more)
TEXT = "text"  # the tokens of strings _Pickler encoded


class _Unpickler(pickle.Unpickler):
    def __init__(self, file, by_token: dict):
        super().__init__(file)
        self.by_token = by_token
        self.texts: dict = {}  # number -> string, of the strings _Pickler encoded

    def persistent_load(self, token):
        if type(token) is not tuple:
            return self.by_token[token]
        if len(token) == 3:  # (TEXT, number, its UTF-8): the string's first place
            self.texts[token[1]] = token[2].decode("utf-8", "surrogatepass")
        return self.texts[token[1]]


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


BATCH = 64  # rows written per transaction while a build reads many files


def read_entries(connection, generation: str) -> dict:
    """{path: [source key, pickled object, pickled effects, file signature]} of a generation."""
    rows = connection.execute(
        "SELECT path, source, object, effects, signature FROM content WHERE generation = ?", (generation,)
    )
    return {
        path: [source, blob, effects, [int(part) for part in signature.split()]]
        for path, source, blob, effects, signature in rows
    }


def version(connection) -> int:
    """Changes whenever the table does (see preload.py)."""
    return connection.execute("SELECT value FROM counters WHERE name = 'content'").fetchone()[0]


def ahead_for(path: Path, generation: str, connection):
    """What the preview's helper unpickled of the store, if the table is still as it read it
    and was written with the same settings and code as this build."""
    if ahead is None or ahead.path != path or ahead.generation != generation:
        return None
    return ahead if version(connection) == ahead.version else None


class ContentCache:
    def __init__(self, settings, generation: str):
        self.path = store.store_path(settings)
        self.generation = generation
        self.connection = store.connect(self.path)
        self.entries: dict = {}  # path -> [source key, pickled object, pickled effects, signature]
        self.kept: set = set()  # what this build used or read: the next build's rows
        self.unwritten: list = []  # rows read by this build, not written yet
        self.pending: dict = {}  # id(object just read) -> (notes, logs)
        self.hits = 0
        self.hits_ahead = 0  # of which unpickled ahead, by the preview's helper
        self.ahead = None  # objects the preview's helper unpickled (preload.py)
        if settings.get("LOAD_MARKDOWN_CACHE", True):
            self.ahead = ahead_for(self.path, generation, self.connection)
            self.entries = (
                self.ahead.entries if self.ahead is not None else read_entries(self.connection, generation)
            )
        sources.remember({path: (entry[3], entry[0]) for path, entry in self.entries.items()})

    def fresh(self, path: str) -> bool:
        """True if the file's object can come from the cache (its bytes did not change)."""
        entry = self.entries.get(path)
        return entry is not None and entry[0] == source_key(path)

    def lookup(self, path: str, generator):
        if not self.fresh(path):
            return None
        key, blob, recorded, _ = self.entries[path]
        item = None
        if self.ahead is not None:
            item = self.ahead.take(path, blob, generator.settings, generator.context)
            self.hits_ahead += item is not None
        try:
            if item is None:
                item = _Unpickler(
                    io.BytesIO(blob), {"settings": generator.settings, "context": generator.context}
                ).load()
            notes, logs = pickle.loads(recorded)
        except Exception:  # a class that changed shape: read the file
            log.debug("content cache: %s is read again", path, exc_info=True)
            return None
        if not effects.replay(notes):
            return None  # e.g. a photo it shows was replaced: read it again
        logrecords.replay(logs)
        self.kept.add(path)
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
        recorded = self.pending.pop(id(item), None)
        if recorded is None:
            return
        settle_slugs(item)
        buffer = io.BytesIO()
        try:
            _Pickler(buffer, {id(generator.settings): "settings", id(generator.context): "context"}).dump(
                item
            )
            recorded = pickle.dumps(recorded, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # something in it cannot be pickled: read it every time
            log.debug("content cache: %s is not kept", path, exc_info=True)
            return
        key, signature = source_key(path), sources.signature_of(path)
        if key is not None and signature is not None:
            self.kept.add(path)
            self.unwritten.append(
                (path, self.generation, key, " ".join(map(str, signature)), buffer.getvalue(), recorded)
            )
            if len(self.unwritten) >= BATCH:
                self._write()

    def _write(self, prune: bool = False) -> None:
        """Write the rows read since the last write; with `prune`, delete those of files this
        build did not have and of other generations."""
        with store.transaction(self.connection):
            self.connection.executemany(
                "INSERT OR REPLACE INTO content VALUES (?, ?, ?, ?, ?, ?)", self.unwritten
            )
            if prune:
                store.keep_only(self.connection, "content", "path", self.kept, self.generation)
            self.connection.execute("UPDATE counters SET value = value + 1 WHERE name = 'content'")
        self.unwritten = []

    def save(self) -> None:
        """Keep the files of this build (and nothing else, so the cache does not grow)."""
        stale = any(path not in self.kept for path in self.entries)
        others = self.connection.execute(
            "SELECT 1 FROM content WHERE generation != ? LIMIT 1", (self.generation,)
        ).fetchone()
        if self.unwritten or stale or others:
            self._write(prune=bool(stale or others))
        self.connection.close()


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
