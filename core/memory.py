"""The build's process handing memory back to the system between its phases (glibc's malloc).

The benchmark's peak memory is the build's own process, which lives on after rendering to make
the search index. Two calls of the C library, which Python does not offer (hence ctypes):

- `malloc_trim(0)`: glibc keeps freed memory for later allocations and gives back on its own
  only what lies at the top of its heap; this also returns the whole free pages inside it.
- `mallopt(M_MMAP_THRESHOLD, 128 KiB)`: glibc raises that threshold each time a large block
  is freed, so that later ones come from the heap, where they stay after they are freed.
  Fixed, every block of 128 KiB or more is mapped on its own and returned when freed.

Both are called before the search index is made (pages read, sent to Pagefind, its bundles
received: large blocks, few of them), the trim also before the renderers are forked; the
figures are in bench/README.md. Where the C library is not glibc (musl, macOS) these do
nothing.
"""

import ctypes

M_MMAP_THRESHOLD = -3  # glibc's malloc.h
LARGE_BLOCK = 128 * 1024  # glibc's own starting threshold


def _libc_function(name: str):
    try:
        return getattr(ctypes.CDLL(None), name)
    except (OSError, AttributeError):
        return None


_TRIM = _libc_function("malloc_trim")
_MALLOPT = _libc_function("mallopt")


def give_back_free_memory() -> None:
    """Before a phase that forks, or that adds to the process's memory: what is free goes back."""
    if _TRIM is not None:
        _TRIM(0)


def map_large_blocks() -> None:
    """From now on in this process, every large block its own mapping (see above); for a phase
    of few large allocations, such as the search index's pages and bundles."""
    if _MALLOPT is not None:
        _MALLOPT(M_MMAP_THRESHOLD, LARGE_BLOCK)
