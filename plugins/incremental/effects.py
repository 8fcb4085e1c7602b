"""Side effects of rendering a page, recorded so that a
page reused from the previous build (plugins/incremental) can replay them.

A template helper that does more than return text — the image pipeline plans the files it
must publish when a template calls `picture()` — notes the effect and what the page got:

    incremental.note("image", [path, widths, file_names])   # in the helper, while rendering

and registers how to redo it:

    incremental.on_replay("image", plan_again)   # once; plan_again(value) -> bool

The incremental writer wraps each page it renders in `capture()` and stores the notes with the
page. Before reusing a page instead of rendering it, it calls `replay(notes)`: each handler
redoes its effect and returns False if the result differs from what the page was made with
(then the page is rendered again). Notes must be JSON values; outside a capture, `note()` does
nothing.

Reading content works the same way: the incremental plugin keeps each article as it was read
and, for an unchanged file, skips reading it and replays the notes made while it was read. A
`content_object_init` handler declares that this is safe with `@incremental.replayable`
(`from ..incremental import api as incremental`):
it changes only the content object, or notes any other effect (the image pipeline notes the
pictures it plans). An undeclared handler turns that cache off, so a new plugin is never
silently skipped.
"""

from contextlib import contextmanager

_stack: list[list] = []
_handlers: dict = {}


def note(kind: str, value) -> None:
    if _stack:
        _stack[-1].append([kind, value])


def capturing() -> bool:
    """True inside a capture (a helper can skip preparing a note nobody keeps)."""
    return bool(_stack)


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


def replayable(handler):
    """Marks a `content_object_init` handler whose effects are all on the content object, or
    noted: safe to skip for an object kept from the previous build."""
    handler.replayable = True
    return handler


def is_replayable(handler) -> bool:
    return getattr(handler, "replayable", False) is True
