"""Stable fingerprints of the values a page is rendered from.

`digest(value)` walks strings, numbers, dates, lists, dicts, sets, dataclasses and plain
objects and hashes what they hold, so two builds that see the same values give the same
digest. A content object inside another value counts as a reference (its source path): its
own fields enter once, through the site fingerprint. A value whose state cannot be read
stably (an object that only has a memory address as its identity) raises `Unstable`; the
writer then renders everything, which is always correct.
"""

import dataclasses
import datetime
import decimal
import hashlib
import io
import os
import pickle
import types
from pathlib import Path, PurePath

from pelican.contents import Content
from pelican.urlwrappers import URLWrapper

from iomsite.core.declarations import body_attributes

# Attributes of content objects that are not inputs of other pages: the body (followed per
# page, see tracing.py) and back-references to the whole site. (`_summary` is front matter,
# hashed with `metadata`.)
SKIPPED_CONTENT_FIELDS = {"_content", "settings", "_context", "_summary"}
MAX_DEPTH = 12


class Unstable(Exception):
    pass


def digest(value) -> str:
    """The pickle path is several times faster than walking values in Python (thousands of
    items are fingerprinted on every build); the walk is the fallback for what pickle refuses
    (a cycle, a lambda). Either path gives the same digest for the same value every build."""
    try:
        return _fast_digest(value)
    except Exception:
        hasher = hashlib.blake2b(digest_size=16)
        _feed(hasher, value, 0, set())
        return hasher.hexdigest()


class _StablePickler(pickle.Pickler):
    """Pickles values by what they hold: without memo ("fast" mode: the output does not depend
    on which equal values happen to be the same object), dicts with sorted keys, sets sorted,
    content items and taxonomy entries as references."""

    def __init__(self, file):
        super().__init__(file, protocol=4)
        self.fast = True

    def persistent_id(self, value):
        kind = type(value)
        if kind is list:
            # Lists of content items (every listing's arguments, the context's `articles`,
            # `dates`, each tag's list...) as one tuple of references: several times faster
            # than a call of this method per item, and as stable.
            if value and isinstance(value[0], Content):
                references = [content_ref(item) if isinstance(item, Content) else None for item in value]
                if None not in references:
                    return ("contents", tuple(references))
            return None
        if kind is str or kind is int or kind is tuple or value is None:
            return None  # the common cases first: this runs for every value
        if isinstance(value, dict):
            if all(type(key) is str for key in value):
                return ("dict", sorted(value.items(), key=_first))
            return ("dict", sorted(value.items(), key=_repr_of_first))
        reference = reference_of(value)
        if reference is not None:
            return reference
        if isinstance(value, (set, frozenset)):
            return ("set", sorted(_fast_digest(element) for element in value))
        if isinstance(value, (types.FunctionType, type, types.ModuleType)) or (
            isinstance(value, types.BuiltinFunctionType) and value.__module__
        ):
            return f"code:{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', value.__name__)}"
        return None


def _first(pair):
    return pair[0]


def _repr_of_first(pair):
    return repr(pair[0])


def _fast_digest(value) -> str:
    buffer = io.BytesIO()
    _StablePickler(buffer).dump(value)
    return hashlib.blake2b(buffer.getbuffer(), digest_size=16).hexdigest()


class _FieldsPickler(pickle.Pickler):
    """For the fields of content items (every item, every build): the C pickler handles
    strings, numbers, lists, tuples and dicts itself and asks only about other objects, where
    _StablePickler is asked about every value (a third less time for the site's fingerprint).
    The price: dicts are taken in their order (fields_digest sorts the two that matter, the
    item's attributes and its metadata; the others are made by code, in a fixed order) and a
    set in the order Python holds it, which changes between runs: a plugin that keeps a set
    in an item's fields makes every page render again (correct, slower; keep lists)."""

    def __init__(self, file):
        super().__init__(file, protocol=4)
        self.fast = True

    def reducer_override(self, value):
        reference = reference_of(value)
        if reference is not None:
            return _reference, (reference,)
        return NotImplemented  # functions and classes: by name, as pickle does


def _reference(reference):
    return reference


def reference_of(value):
    """How a value that stands for something fingerprinted elsewhere enters a digest: a content
    item by its source (its fields enter once, through the site fingerprint), a tag, category
    or author by its name and slug. None for any other value."""
    if isinstance(value, Content):
        return content_ref(value)
    if isinstance(value, URLWrapper):
        return (type(value).__name__, value.name, value.slug)
    return None


def fields_digest(fields: dict) -> str:
    """The digest of a content item's fields (content_fields), as stable as `digest` for the
    values content items hold (see _FieldsPickler)."""
    ordered = dict(fields)
    if isinstance(ordered.get("metadata"), dict):
        ordered["metadata"] = sorted(ordered["metadata"].items(), key=_first)
    buffer = io.BytesIO()
    try:
        _FieldsPickler(buffer).dump(sorted(ordered.items(), key=_first))
    except Exception:
        return digest(fields)
    return hashlib.blake2b(buffer.getbuffer(), digest_size=16).hexdigest()


def call_digest(values: list) -> str:
    """`digest` of a writer call's arguments. Most calls (an article's page) pass only strings,
    flags, a content item and its category: those are keyed from their text directly, several
    times faster than pickling; anything else goes through `digest`."""
    parts = ["call"]
    for value in values:
        kind = type(value)
        if kind is dict:
            for key in value:
                parts.append(repr(key))
                if not _simple(parts, value[key]):
                    return digest(values)
        elif not _simple(parts, value):
            return digest(values)
    return hashlib.blake2b("\x1f".join(parts).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def _simple(parts: list, value) -> bool:
    kind = type(value)
    if kind is str or kind is bool or kind is int or value is None:
        parts.append(f"{kind.__name__}:{value!r}")
        return True
    reference = reference_of(value)
    if reference is None:
        return False
    parts.append(repr(reference))
    return True


def content_fields(item) -> dict:
    """The fields of a content item that other pages may show. Attributes Pelican copied from
    the front matter are the same objects as in `metadata`, which is hashed whole: skipped."""
    metadata = getattr(item, "metadata", {})
    skipped = SKIPPED_CONTENT_FIELDS | body_attributes()  # those count with the body (writer.py)
    return {
        k: v for k, v in vars(item).items() if k not in skipped and not (k in metadata and metadata[k] is v)
    }


def content_ref(item) -> str:
    """One content item per source file; its URL and the rest are among its fields."""
    return f"content:{item.source_path}"


def _feed(hasher, value, depth, seen):
    write = hasher.update
    kind = type(value)
    if kind is str:  # the common cases first: this runs for every field of every item
        encoded = value.encode("utf-8", "surrogatepass")
        write(b"s%d:" % len(encoded) + encoded)
        return
    if (kind is list or kind is tuple) and depth <= MAX_DEPTH:
        write(b"[")
        for element in value:
            _feed(hasher, element, depth + 1, seen)
        write(b"]")
        return
    if value is None or kind is bool or kind is int:
        write(f"{kind.__name__}:{value!r};".encode())
        return
    if not _feed_scalar(write, value):
        if depth > MAX_DEPTH:
            raise Unstable(f"nested deeper than {MAX_DEPTH}: {type(value).__name__}")
        if id(value) in seen:
            write(b"cycle;")
        elif not _feed_container(hasher, value, depth, seen):
            _feed_object(hasher, value, depth, seen)


def _feed_scalar(write, value) -> bool:
    """A value without parts (a number, text, a date, a path, a reference, code); False if
    `value` is none of these."""
    if isinstance(value, (bool, int, float, decimal.Decimal)):
        write(f"{type(value).__name__}:{value!r};".encode())
    elif isinstance(value, str):  # str and Markup
        encoded = value.encode("utf-8", "surrogatepass")
        write(b"s%d:" % len(encoded) + encoded)
    elif isinstance(value, bytes):
        write(b"b%d:" % len(value) + value)
    elif isinstance(value, (datetime.date, datetime.time, datetime.timedelta)):
        write(
            f"{type(value).__name__}:{value.isoformat() if hasattr(value, 'isoformat') else value}"
            f":{getattr(value, 'tzinfo', None)};".encode()
        )
    elif isinstance(value, PurePath):
        write(f"path:{os.fspath(value)};".encode())
    elif isinstance(value, (Content, URLWrapper)):
        write(f"ref:{reference_of(value)!r};".encode())
    elif isinstance(value, (types.FunctionType, types.BuiltinFunctionType, type, types.ModuleType)):
        write(
            f"code:{getattr(value, '__module__', '')}."
            f"{getattr(value, '__qualname__', value.__name__)};".encode()
        )
    else:
        return False
    return True


def _feed_container(hasher, value, depth, seen) -> bool:
    """A dict, list, tuple or set, element by element; False if `value` is none of these."""
    write = hasher.update
    if isinstance(value, dict):
        seen.add(id(value))
        write(b"{")
        for key in sorted(value, key=repr):
            _feed(hasher, key, depth + 1, seen)
            _feed(hasher, value[key], depth + 1, seen)
        write(b"}")
        seen.discard(id(value))
    elif isinstance(value, (list, tuple)):
        seen.add(id(value))
        write(b"[")
        for element in value:
            _feed(hasher, element, depth + 1, seen)
        write(b"]")
        seen.discard(id(value))
    elif isinstance(value, (set, frozenset)):
        write(b"set" + digest_many(sorted(digest(element) for element in value)).encode())
    else:
        return False
    return True


def _feed_object(hasher, value, depth, seen):
    """A dataclass, a bound method or an object, by its state; refused when it has none that
    can be read (its digest would change from one process to the next)."""
    write = hasher.update
    if dataclasses.is_dataclass(value):
        write(type(value).__qualname__.encode())
        _feed(hasher, {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}, depth + 1, seen)
    elif isinstance(value, types.MethodType):
        write(f"method:{value.__func__.__qualname__};".encode())
        _feed(hasher, value.__self__, depth + 1, seen)
    elif hasattr(value, "__dict__") or hasattr(value, "__slots__"):
        state = dict(getattr(value, "__dict__", {}))
        for slot in getattr(type(value), "__slots__", ()):
            if hasattr(value, slot):
                state[slot] = getattr(value, slot)
        if not state and " at 0x" in repr(value):
            raise Unstable(f"no readable state: {type(value).__qualname__}")
        write(f"obj:{type(value).__module__}.{type(value).__qualname__}".encode())
        seen.add(id(value))
        _feed(hasher, state, depth + 1, seen)
        seen.discard(id(value))
    else:
        text = repr(value)
        if " at 0x" in text:
            raise Unstable(f"no readable state: {type(value).__qualname__}")
        write(f"{type(value).__qualname__}:{text};".encode())


def digest_many(parts) -> str:
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        hasher.update(part.encode() + b"\n")
    return hasher.hexdigest()


_folder_digests: dict = {}  # (folder, suffixes) -> digest, for the running build


def files_digest(*roots: Path, suffixes: tuple = ()) -> str:
    """Digest of every file under the roots (names and bytes): theme, plugins, catalogs, data.
    Each folder is read once per build (the caches and the page keys ask for the same ones)."""
    return digest_many(_folder_digest(Path(root), suffixes) for root in roots)


def _folder_digest(root: Path, suffixes: tuple) -> str:
    if (root, suffixes) in _folder_digests:
        return _folder_digests[root, suffixes]
    hasher = hashlib.blake2b(digest_size=16)
    if not root.exists():
        hasher.update(f"missing:{root};".encode())
    else:
        paths = (
            [root]
            if root.is_file()
            else sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
        )
        for path in paths:
            if suffixes and path.suffix not in suffixes:
                continue
            hasher.update(f"{path.relative_to(root.parent).as_posix()}:".encode())
            hasher.update(hashlib.blake2b(path.read_bytes(), digest_size=16).digest())
    _folder_digests[root, suffixes] = hasher.hexdigest()
    return _folder_digests[root, suffixes]


def forget() -> None:
    """At the start of a build: files may have changed since the last one in this process."""
    _folder_digests.clear()
