"""Nothing changed, nothing done: a build whose inputs are all as they were at the last
successful build with the same arguments ends at once, before Pelican and the plugins are
even imported (about 0.5 s at any size), and says so.

The inputs are everything a build reads: the settings files (every `*.py` beside the settings
file), the content folder, the theme, the plugins' and tools' code, the files plugins declare
(`incremental.depends_on_files`: catalogues, data files, the source register), the installed
libraries, the arguments, the working folder and the environment variables builds read
(`SITE_NOW`, `SITE_SHOW_EMBARGOED`, ...). Each file counts by its path, size and time, so a
file saved with the same bytes makes the build run (the incremental layer then renders
nothing). The clock counts too: a build on the live clock is skipped only until the next
moment one of its decisions changes (the next day in Dushanbe, an embargo that lifts, an
item that expires, a hotline banner that starts or stops: `core/clock.py`'s `changes_at`).

The stamp (`cache/build-stamp.json` beside the settings file) is written after a build that
succeeded, with the inputs the build itself listed in its report (`inputs`, `clock`), and
removed when a build starts, so a build that fails or is stopped never leaves one behind.
Every file of the output and of the caches (image derivatives, PDFs, the content store) is
in it too, as the build left them: a page put back by hand, a move stopped half-way, a damaged
derivative make the build run (about 0.1 s to list 14,000 files at 3,000 articles). A file
changed while a build ran (its time later than the build's start, less a margin for the file
system's clock) makes the stamp not written, so the next build runs.

Only the standard library here: this runs before anything else is imported.
"""

import hashlib
import json
import os
import sys
import time
from pathlib import Path

STAMP = Path("cache") / "build-stamp.json"  # beside the settings file
# Environment variables a build reads (the clock, the embargo preview, the incremental layer's
# switches, reproducible dates).
ENVIRONMENT = ("SITE_", "INCREMENTAL_", "SOURCE_DATE_EPOCH", "PELICAN")
# Files changed this close to a build's start may be older than the file system's clock says.
MARGIN_NS = 2_000_000_000
CODE = Path(__file__).resolve().parent.parent  # core/, plugins/, tools/ of the installed package
SKIPPED_FOLDERS = {"__pycache__", "node_modules", ".git"}
SKIPPED_FILES = ("build-stamp.json", "build-report.json")  # in cache/: written by every build


def settings_file_of(argv: list[str]) -> Path:
    for i, argument in enumerate(argv):
        if argument == "--settings" and i + 1 < len(argv):
            return Path(argv[i + 1]).resolve()
        if argument.startswith("--settings="):
            return Path(argument.split("=", 1)[1]).resolve()
    return CODE / "pelicanconf.py"


def report_of(argv: list[str], settings_file: Path) -> Path:
    for i, argument in enumerate(argv):
        if argument == "--report" and i + 1 < len(argv):
            return Path(argv[i + 1])
        if argument.startswith("--report="):
            return Path(argument.split("=", 1)[1])
    return settings_file.parent / "cache" / "build-report.json"


def _files_under(root: Path, listing: list) -> None:
    try:
        stat = root.stat()
    except OSError:
        listing.append((str(root), None))
        return
    if not os.path.isdir(root):
        listing.append((str(root), stat.st_size, stat.st_mtime_ns))
        return
    for folder, folders, files in os.walk(root, followlinks=True):
        folders[:] = sorted(name for name in folders if name not in SKIPPED_FOLDERS)
        for name in sorted(files):
            if name.startswith(SKIPPED_FILES):
                continue
            path = os.path.join(folder, name)
            try:
                stat = os.stat(path)
            except OSError:  # a link to nothing
                continue
            listing.append((path, stat.st_size, stat.st_mtime_ns))


def _library_folders() -> list:
    """Installing, upgrading or removing a library changes its folder's entries."""
    return [
        (path, os.stat(path).st_mtime_ns)
        for path in sys.path
        if path.endswith("-packages") and os.path.isdir(path)
    ]


def _output_state(output: Path | None, caches: list[str]) -> list:
    """Every file of the output and the caches as the last build left them (a page put back by
    hand, a move stopped half-way, a damaged derivative: built again)."""
    state: list = []
    for folder in [*([output] if output is not None and output.is_dir() else []), *map(Path, caches)]:
        _files_under(folder, state)
    return state


def fingerprint(
    settings_file: Path, argv: list[str], inputs: list[str], output: Path | None, caches: list[str]
) -> tuple[str, int]:
    """A digest of the inputs as they are now, and the latest time of any input file."""
    listing: list = []
    for settings in sorted(settings_file.parent.glob("*.py")):
        _files_under(settings, listing)
    for root in sorted(set(inputs)):
        _files_under(Path(root), listing)
    newest = max((entry[2] for entry in listing if len(entry) == 3), default=0)
    environment = sorted((k, v) for k, v in os.environ.items() if k.startswith(ENVIRONMENT))
    what = [
        argv,
        os.getcwd(),
        sys.executable,
        sys.version,
        _library_folders(),
        environment,
        listing,
        _output_state(output, caches),
    ]
    return hashlib.sha256(json.dumps(what, default=str).encode()).hexdigest(), newest


def _read(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def unchanged_since(argv: list[str]) -> dict | None:
    """The stamp of the last build, if nothing it depends on changed since; else None."""
    settings_file = settings_file_of(argv)
    stamp = _read(settings_file.parent / STAMP)
    if not isinstance(stamp, dict) or stamp.get("argv") != argv or "--full" in argv:
        return None
    if stamp.get("valid_until") is not None and not (stamp["built_at"] <= time.time() < stamp["valid_until"]):
        return None  # the live clock passed a moment at which a page changes (or went back)
    output = Path(stamp["output"])
    digest, _ = fingerprint(settings_file, argv, stamp["inputs"], output, stamp.get("caches", []))
    return stamp if digest == stamp["digest"] else None


# When this module was imported: for the command line, the build's start (tools/build.py
# imports it first thing); a warm preview's build gives its own start.
IMPORTED_NS = time.time_ns()


def skip_if_unchanged(argv: list[str], out=None) -> int | None:
    """0 when nothing changed since the last build (said, and the report written); otherwise
    None, and the stamp is removed: the build about to run may change the output."""
    started = time.perf_counter()
    out = out or sys.stdout
    settings_file = settings_file_of(argv)
    stamp = unchanged_since(argv)
    if stamp is None:
        try:
            (settings_file.parent / STAMP).unlink()
        except OSError:
            pass
        return None
    for notice in stamp.get("notices", []):
        print(f"Notice: {notice}", file=out)
    seconds = time.perf_counter() - started
    print(
        f"Nothing changed since the last build (content, data, theme, settings, code, the clock's "
        f"decisions): {stamp['output']} is as it was ({seconds:.2f} s).",
        file=out,
    )
    report = {
        "status": 0,
        "outcome": "unchanged",
        "problems": [],
        "notices": stamp.get("notices", []),
        "output": stamp["output"],
        "pages": stamp.get("pages", 0),
        "search_index": "kept",
        "seconds": round(seconds, 2),
    }
    target = report_of(argv, settings_file)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    except OSError:
        return None  # cannot say what happened: build instead
    return 0


def inputs(settings_file: Path, settings: dict) -> list[str]:
    """What a build with these settings reads, for its report (and the next build's stamp):
    content, theme, plugin folders, the package's code and the files plugins declared."""
    from iomsite.core.declarations import declared_files

    base = settings_file.parent
    folders = [
        base / settings["PATH"],
        base / settings["THEME"],
        *(base / p for p in settings.get("PLUGIN_PATHS", [])),
    ]
    # not resolved: a link replaced by a folder (a theme copied to change it) is a change
    found = {os.path.abspath(folder) for folder in folders}
    found.update(str(CODE / part) for part in ("core", "plugins", "tools"))
    found.update(os.path.abspath(path) for path in declared_files(settings))
    return sorted(found)


def caches(settings_file: Path, settings: dict) -> list[str]:
    """The caches a build reuses (image derivatives, PDFs, the content store): written by the
    build itself, so not inputs, but as the last build left them or built again (a damaged
    derivative is made again)."""
    content = settings_file.parent / settings["PATH"]
    return [os.path.abspath(content.parent / settings.get("MARKDOWN_CACHE_PATH", "cache"))]


def record(argv: list[str], started_ns: int) -> None:
    """After a build that succeeded: the stamp, from its report (its inputs, the clock's next
    change). Not written if an input changed while the build ran, or the report lacks them."""
    settings_file = settings_file_of(argv)
    report = _read(report_of(argv, settings_file))
    if not isinstance(report, dict) or report.get("status") != 0 or "inputs" not in report:
        return
    output = Path(report["output"])
    digest, newest = fingerprint(settings_file, argv, report["inputs"], output, report.get("caches", []))
    if newest >= started_ns - MARGIN_NS:
        return
    clock = report.get("clock") or {}
    stamp = {
        "argv": argv,
        "digest": digest,
        "output": str(output),
        "inputs": report["inputs"],
        "caches": report.get("caches", []),
        "built_at": started_ns / 1e9,
        "valid_until": clock.get("next_change") if clock.get("live", True) else None,
        "notices": report.get("notices", []),
        "pages": report.get("pages", 0),
    }
    if clock.get("live", True) and stamp["valid_until"] is None:
        return  # a live clock without its next change: never skip
    path = settings_file.parent / STAMP
    temporary = path.with_name(f"{path.name}.{os.getpid()}")
    try:
        temporary.write_text(json.dumps(stamp) + "\n", encoding="utf-8")
        os.replace(temporary, path)
    except OSError:
        temporary.unlink(missing_ok=True)
