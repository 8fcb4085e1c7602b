"""The key of a source file: a digest of its bytes, computed once per build (the Markdown cache
and the content cache both ask for it).

A file whose inode, size, modification and change times are those recorded by the previous
build keeps its recorded key without being read: a rebuild of a large archive then reads none
of the unchanged files. The change time cannot be set back by copying or editing tools (the
modification time can), so an edited file is always read and hashed again.
"""

import hashlib
import os

_keys: dict = {}
_signatures: dict = {}
_known: dict = {}  # path -> (signature, key), recorded by the previous build


def signature(path: str):
    stat = os.stat(path)
    return [stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns]


def source_key(path: str) -> str | None:
    """None if the file cannot be read (Pelican reports that itself)."""
    if path not in _keys:
        try:
            found = signature(path)
            known = _known.get(path)
            if known is not None and known[0] == found:
                _keys[path] = known[1]
            else:
                with open(path, "rb") as handle:
                    _keys[path] = digest(handle.read())
            _signatures[path] = found
        except OSError:
            _keys[path] = None
    return _keys[path]


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=20).hexdigest()


def read_by_this_build(path: str, data: bytes) -> bool:
    """Whether `data` are the bytes this build took `path` to hold (False if it did not
    look at the file)."""
    key = _keys.get(path)
    return key is not None and key == digest(data)


def signature_of(path: str):
    """The signature the file had when its key was computed (None if it was not)."""
    return _signatures.get(path)


def remember(known: dict) -> None:
    """{path: (signature, key)} recorded by the previous build."""
    _known.update(known)


def forget() -> None:
    """At the start of a build: files may have changed since the last one in this process."""
    _keys.clear()
    _signatures.clear()
    _known.clear()
