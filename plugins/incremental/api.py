"""The incremental layer's public interface: all that feature plugins and `tools/` may use of it.

Everything else in `plugins/incremental` (its settings, its files in the output, the writer's
attributes) is private to it and may change without notice.

For feature plugins:

- `depends_on_files(find)`: rendering reads files besides the content (data files, catalogues):
  `find(settings)` gives their paths (files or folders); a page made with other bytes in them
  is not reused.
- `depends_on_value(key, value)`: a decision besides the content (the clock's: an embargo
  lifted, a banner shown); a page made with another value is not reused.
- `shown_with_body(attribute)`: an attribute a plugin gives items that is shown only where the
  item's text is (an outdated translation's notice): it counts with the item's body, not with
  the site's state, so a change makes again only the pages that show that item's text.
- `make_or_reuse(writer, name, context, inputs, shows, make)`: for a plugin that writes files
  itself (feeds, e-mail editions): `make()` runs only if something it depends on changed.
- `note`, `capturing`, `on_replay`, `replayable`: side effects of rendering and reading, for a
  reused page to replay (see effects.py).
- `previous_output(settings)` and `keep(output, owner, paths)`: a plugin that publishes files
  itself (the image pipeline) may leave the previous output's copies where they are on a
  rebuild that writes only what changed, and list them.

For `tools/`:

- `build_settings(previous, sparse)`: the settings a build passes to turn reuse on;
- `kept_files(staging)`: what a sparse build left in the previous output (tools/put_in_place.py);
- `STATE_FILES`: files in an output that describe the build, never published;
- `delete_store(cache_folder)`: forget what earlier builds kept, so the next build is a full
  one (`invoke clean`, the benchmark);
- `read_by_this_build(path, data)` and `read_afresh()`: after a build, in its process,
  whether `data` are the bytes the build took a content file to hold; then files are read
  from disk again, not from what the build remembered of them (the preview's quick pages,
  tools/quick_page.py);
- `rendering_started`: a signal for progress lines, sent with the number of pages to render,
  the processes and whether they render in the background.

What a build reused goes to the build report (`core/buildreport.py`, section `incremental`).
"""

import os
from pathlib import Path

from blinker import signal

# kept in core: the clock (core/clock.py) declares its decisions too
from iomsite.core.declarations import depends_on_files, depends_on_value, shown_with_body

from . import store
from .effects import capturing, note, on_replay, replayable

__all__ = [
    "STATE_FILES",
    "build_settings",
    "capturing",
    "delete_store",
    "depends_on_files",
    "depends_on_value",
    "keep",
    "kept_files",
    "make_or_reuse",
    "note",
    "on_replay",
    "previous_output",
    "rendering_started",
    "replayable",
    "shown_with_body",
]

STATE_FILE = ".build-state.json"
STATE_FILES = (STATE_FILE,)
# A sparse build lists the files it kept from the previous output, one path per line, in
# KEPT_LIST (the writer) and KEPT_LIST + ".<owner>" (a plugin, through keep()).
KEPT_LIST = ".incremental-kept"

rendering_started = signal("incremental-rendering-started")


def switched_off(part: str) -> bool:
    """For measuring what each part saves (bench/mechanisms.py), never for a real build:
    INCREMENTAL_OFF=markdown,content,parallel,sparse,taxonomy turns those parts off. Each
    part only makes builds faster: the output is the same with any of them off."""
    return part in os.environ.get("INCREMENTAL_OFF", "").split(",")


def make_or_reuse(writer, name: str, context, inputs, shows, make) -> None:
    """`make()` writes files and returns their paths relative to the output. With the reusing
    writer, it runs only if `inputs` (any value that can be fingerprinted), the site's state,
    or the body of an item in `shows` or one `make()` read changed since the previous build;
    otherwise the previous files are reused. With any other writer it always runs."""
    from .writer import ReusingWriter

    if isinstance(writer, ReusingWriter):
        writer.reuse_or_make(name, context, inputs, shows, make)
    else:
        make()


def build_settings(previous: Path | None, sparse: bool) -> dict:
    """Settings for a build into a fresh folder: reuse pages of `previous` (an output with its
    state), and, when `sparse`, write only what changed and list the rest (see kept_files)."""
    return {
        "INCREMENTAL_PREVIOUS_OUTPUT": str(previous) if previous else None,
        "INCREMENTAL_SPARSE_OUTPUT": KEPT_LIST if previous and sparse else None,
    }


def previous_output(settings) -> Path | None:
    """The previous output, if this build writes only what changed (else None: write all)."""
    previous = settings.get("INCREMENTAL_PREVIOUS_OUTPUT")
    return Path(previous) if previous and settings.get("INCREMENTAL_SPARSE_OUTPUT") else None


def keep(output: Path, owner: str, paths: list[str]) -> None:
    """List files (relative to the output) this build left in the previous output."""
    if paths:
        (Path(output) / f"{KEPT_LIST}.{owner}").write_text("\n".join(paths), encoding="utf-8")


def read_by_this_build(path: str, data: bytes) -> bool:
    """Whether `data` are the bytes this build (in this process) took the content file
    `path` (absolute) to hold: False if they changed since, or it did not read the file."""
    from . import sources

    return sources.read_by_this_build(path, data)


def read_afresh() -> None:
    """Files read after this build (in its process) are read from disk and converted again:
    the keys of their bytes and the conversion cache were the build's."""
    from . import markdown_cache, sources

    sources.forget()
    markdown_cache.CachedMarkdownReader.cache = None


def delete_store(cache_folder: Path) -> None:
    store.delete(Path(cache_folder) / store.STORE_FILE)


def kept_files(staging: Path) -> set[str]:
    """What a sparse build kept from the previous output, relative paths (the lists are
    removed from the staging folder); empty: the staging folder holds the whole site."""
    kept: set[str] = set()
    for path in [staging / KEPT_LIST, *staging.glob(f"{KEPT_LIST}.*")]:
        try:
            kept.update(path.read_text(encoding="utf-8").splitlines())
            path.unlink()
        except FileNotFoundError:
            pass
    return kept
