"""Shared library (not a Pelican plugin): side effects of rendering a page, recorded so that a
page reused from the previous build (plugins/incremental) can replay them.

A template helper that does more than return text — the image pipeline plans the files it
must publish when a template calls `picture()` — notes the effect and what the page got:

    render_effects.note("image", [path, widths, file_names])   # in the helper, while rendering

and registers how to redo it:

    render_effects.on_replay("image", plan_again)   # once; plan_again(value) -> bool

The incremental writer wraps each page it renders in `capture()` and stores the notes with the
page. Before reusing a page instead of rendering it, it calls `replay(notes)`: each handler
redoes its effect and returns False if the result differs from what the page was made with
(then the page is rendered again). Notes must be JSON values; outside a capture, `note()` does
nothing.
"""
from contextlib import contextmanager

_stack: list[list] = []
_handlers: dict = {}


def note(kind: str, value) -> None:
    if _stack:
        _stack[-1].append([kind, value])


@contextmanager
def capture():
    """Collects the notes made inside the block (nested captures see their own notes, and
    pass them on to the enclosing one)."""
    notes: list = []
    _stack.append(notes)
    try:
        yield notes
    finally:
        _stack.pop()
        if _stack:
            _stack[-1].extend(notes)


def on_replay(kind: str, handler) -> None:
    _handlers[kind] = handler


def replay(notes) -> bool:
    """Redo every noted effect; True if each gave what the page was made with."""
    same = True
    for kind, value in notes:
        handler = _handlers.get(kind)
        if handler is not None and handler(value) is False:
            same = False
    return same
