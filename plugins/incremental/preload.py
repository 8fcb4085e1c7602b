"""Content objects unpickled ahead of the next build, by the preview's warm helper
(tools/warm_build.py), while the writer is typing.

A rebuild of a large archive takes each unchanged article from the content cache
(content_cache.py): unpickling 3,000 objects was a fifth of an edit rebuild in the preview.
The helper forks one child per build and never builds itself, so objects it unpickles stay
as the cache holds them; each child gets its own copy with the fork, for nothing. After every
build (and once when it starts) the helper reads the store's content table again if it
changed, and unpickles what is new in it; the next child takes an object instead of
unpickling its row when the row's bytes are the ones the object was made from.

A cached object points to the settings and the site's context of the build that reads it
(content_cache._Pickler leaves them out). The helper has neither, so it unpickles with
stand-ins and remembers every place a stand-in landed; the child puts its own settings and
context there. An object whose stand-ins cannot all be found again (one inside a tuple, say)
is not preloaded: the child unpickles it as usual. Either way the child's object is the one
unpickling would have given it.
"""

import io

from . import content_cache, store
from .content_cache import LEFT_OUT, read_entries, version


class _CountingUnpickler(content_cache._Unpickler):
    """The cache's unpickler, counting the references to left-out objects."""

    def __init__(self, file, stand_ins: dict):
        super().__init__(file, stand_ins)
        self.loaded = 0  # every reference to a left-out object is its own opcode

    def persistent_load(self, token):
        if type(token) is not tuple:  # not one of the cache's own encoded strings
            self.loaded += 1
        return super().persistent_load(token)


class Ahead:
    """What the helper read of the store, as content_cache.ahead_for checks it."""

    def __init__(self, path, version: int, generation: str, entries: dict):
        self.path, self.version = path, version
        self.generation, self.entries = generation, entries
        self.objects: dict = {}  # source path -> (record's bytes, object, places of stand-ins)

    def take(self, source: str, blob: bytes, settings, context):
        """The object unpickled from `blob`, with this build's settings and context in it; None
        if there is none (the caller unpickles). Each object is taken once: builds change them."""
        found = self.objects.pop(source, None)
        if found is None or found[0] != blob:
            return None
        _, item, places = found
        values = {"settings": settings, "context": context}
        for container, key, token in places:
            if isinstance(container, (dict, list)):
                container[key] = values[token]
            else:
                setattr(container, key, values[token])
        return item


def stand_in_places(item, stand_ins: dict) -> list | None:
    """Every (container, key, token) where a stand-in is referenced from `item`, through
    objects' attributes, dicts, lists and tuples; None if one is in a tuple (it cannot be
    replaced there)."""
    places, seen, pending = [], set(), [item]
    by_id = {id(value): token for token, value in stand_ins.items()}
    while pending:
        value = pending.pop()
        if id(value) in seen:
            continue
        seen.add(id(value))
        if isinstance(value, dict):
            pairs = value.items()
        elif isinstance(value, (list, tuple)):
            pairs = enumerate(value)
        elif hasattr(value, "__dict__") and not isinstance(value, type):
            pairs = vars(value).items()
        else:
            continue
        for key, inner in pairs:
            token = by_id.get(id(inner))
            if token is not None:
                if isinstance(value, tuple):
                    return None  # cannot be replaced in place
                places.append((value, key, token))
            elif not isinstance(inner, (str, bytes, int, float, bool)) and inner is not None:
                pending.append(inner)
    return places


def refresh(settings) -> None:
    """In the helper, between builds: read the content table again if it changed, and
    unpickle the rows not unpickled yet (after an edit, the few the last build wrote)."""
    current = content_cache.ahead
    path = store.store_path(settings)
    if not path.exists():
        content_cache.ahead = None
        return
    connection = store.connect(path)  # closed before the next fork: a connection must not cross one
    try:
        connection.execute("BEGIN")  # one snapshot: the counter and the rows it counts
        changes = version(connection)
        if current is not None and current.path == path and current.version == changes:
            return
        # the generation of most rows: of all of them, after a build that finished
        row = connection.execute(
            "SELECT generation FROM content GROUP BY generation ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()
        if row is None:
            content_cache.ahead = None
            return
        found = (changes, row[0], read_entries(connection, row[0]))
    finally:
        connection.close()
    previous = current.objects if current is not None and current.path == path else {}
    ahead = Ahead(path, *found)
    stand_ins = {token: {} for token in LEFT_OUT}  # where the build's own will go
    for source, entry in ahead.entries.items():
        blob = entry[1]
        kept = previous.get(source)
        if kept is not None and kept[0] == blob:
            ahead.objects[source] = kept
            continue
        unpickler = _CountingUnpickler(io.BytesIO(blob), stand_ins)
        try:
            item = unpickler.load()
        except Exception:
            continue  # the build reads it again, and says why if it must
        places = stand_in_places(item, stand_ins)
        if places is not None and len(places) == unpickler.loaded:
            ahead.objects[source] = (blob, item, places)
    content_cache.ahead = ahead


def forget() -> None:
    content_cache.ahead = None
