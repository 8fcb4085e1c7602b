"""The key of a source file: a digest of its bytes, computed once per build (the Markdown cache
and the content cache both ask for it)."""
import hashlib
from pathlib import Path

_keys: dict = {}


def source_key(path: str) -> str | None:
    """None if the file cannot be read (Pelican reports that itself)."""
    if path not in _keys:
        try:
            _keys[path] = hashlib.blake2b(Path(path).read_bytes(), digest_size=20).hexdigest()
        except OSError:
            _keys[path] = None
    return _keys[path]


def forget() -> None:
    """At the start of a build: files may have changed since the last one in this process."""
    _keys.clear()
