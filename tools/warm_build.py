"""Builds for the preview from a process kept warm: `invoke livereload` rebuilds after every
save, and each rebuild spent half a second starting Python and importing Pelican, the plugins
and their libraries before doing anything.

`WarmBuilder` starts a helper process (`python -m iomsite.tools.warm_build SETTINGS`) that imports all
of that once and then, for each build asked of it, forks a child that runs exactly what
`python -m iomsite.tools.build` runs. So every build starts from the same clean state (plugins
register their handlers afresh, nothing of one build leaks into the next), and a crash cannot
take the preview server down. What builds keep between them is on disk, as for the command
line (the caches under `cache/`, the state beside the output).

When Python code changes (a plugin, a tool, the settings files), the helper would hold the old
modules: the next build starts a new helper first.

    builder = WarmBuilder(Path("pelicanconf.py"))
    status, output = builder.build(["--no-search", "--output", "output"])
"""

import contextlib
import gc
import importlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import weakref
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATUS_MARK = "\x00warm-build-status "
WATCH_MARK = "\x00warm-build-watch "
# Modules a build imports only once it runs: imported once, by the helper. The list is what
# a forked build still imported after the rest was warm (sys.modules before and after): the
# content check's schema (pydantic and the models it makes: 0.19 of the check's 0.26 CPU-s
# on a one-article site), the search index's service, and what the plugins load lazily.
LIBRARIES = (
    "markdown",
    "jinja2",
    "jinja2.ext",
    "babel.dates",
    "babel.numbers",
    "PIL.Image",
    "feedgen.feed",
    "feedgen.ext.dc",
    "lxml.html",
    "yaml",
    "phonenumbers",
    "phonenumbers.data.region_TJ",
    "_strptime",
    "asyncio",
    "uuid",
    "iomsite.plugins.content_types.schema",
    "iomsite.core.datafiles.shape",
    "iomsite.tools.search_index",
    "iomsite.tools.pagefind_service",
    "iomsite.tools.progress",
    "iomsite.tools.plain_words",
    "rich._emoji_codes",
)


def code_stamp(settings_file: Path, folders: list) -> list:
    """Names, sizes and times of the Python files a build runs (the settings files, and those
    under `folders`: the tools and every plugin folder): the helper's modules are stale when
    this changes."""
    files = {settings_file, *settings_file.parent.glob("*.py")}
    for folder in map(Path, folders):
        if folder.is_dir():
            files.update(folder.rglob("*.py"))
    stamp = []
    for path in sorted(files):
        try:
            stat = path.stat()
        except OSError:
            continue
        stamp.append([str(path), stat.st_size, stat.st_mtime_ns])
    return stamp


class WarmBuilder:
    """`quick`: after each successful build, its child stays to render quick pages
    (`quick_page`), until the next build is in."""

    def __init__(self, settings_file: Path, quick: bool = False):
        self.settings_file = Path(settings_file).resolve()
        self.helper: subprocess.Popen | None = None
        self.stamp: list | None = None
        self.watched: list = []
        self.restarts = 0
        self.sockets = Path(tempfile.mkdtemp(prefix="iomsite-preview-")) if quick else None
        if self.sockets is not None:
            weakref.finalize(self, shutil.rmtree, self.sockets, True)
        self.builds = 0
        self.renderer: str | None = None  # the socket of the child rendering quick pages

    def _start(self) -> None:
        self.close()
        self.helper = subprocess.Popen(
            [sys.executable, "-m", "iomsite.tools.warm_build", str(self.settings_file)],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
            errors="replace",
        )
        self.restarts += 1
        first = self.helper.stdout.readline()  # once warm, the helper names the code it runs
        self.watched = json.loads(first[len(WATCH_MARK) :]) if first.startswith(WATCH_MARK) else []
        self.stamp = code_stamp(self.settings_file, self.watched)

    def build(self, arguments: list[str]) -> tuple[int, str]:
        """What `python -m iomsite.tools.build --settings SETTINGS ARGUMENTS` would return and print."""
        if (
            self.helper is None
            or self.helper.poll() is not None
            or code_stamp(self.settings_file, self.watched) != self.stamp
        ):
            self._start()
        self.builds += 1
        request: dict = {"arguments": arguments}
        if self.sockets is not None:
            request["quick_pages"] = str(self.sockets / f"build-{self.builds}.sock")
        try:
            self.helper.stdin.write(json.dumps(request) + "\n")
            self.helper.stdin.flush()
            lines = []
            for line in self.helper.stdout:
                if line.startswith(STATUS_MARK):  # after a newline of its own: drop it
                    output = "".join(lines)
                    status = int(line[len(STATUS_MARK) :])
                    socket_path = request.get("quick_pages")
                    rendering = status == 0 and socket_path and os.path.exists(socket_path)
                    self.renderer = socket_path if rendering else None
                    return status, output[:-1] if output.endswith("\n") else output
                lines.append(line)
        except (BrokenPipeError, ValueError):
            pass
        self.renderer = None
        # The helper itself failed (it cannot import a plugin, say): build the ordinary way,
        # which reports the problem in the usual words.
        self.close()
        result = subprocess.run(
            [sys.executable, "-m", "iomsite.tools.build", "--settings", str(self.settings_file), *arguments],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        return result.returncode, result.stdout + result.stderr

    def quick_page(self, source: Path, timeout: float = 5.0) -> dict[str, bytes] | None:
        """{output path: bytes} of the page `source` makes, rendered by the last build's child
        when only its text changed (tools/quick_page.py); None when it cannot be."""
        if self.renderer is None:
            return None
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
                connection.settimeout(timeout)
                connection.connect(self.renderer)
                with connection.makefile("rwb") as stream:
                    stream.write(json.dumps({"source": str(source)}).encode() + b"\n")
                    stream.flush()
                    pages = json.loads(stream.readline() or b"{}").get("pages")
        except (OSError, ValueError):
            return None
        return None if pages is None else {name: html.encode() for name, html in pages.items()}

    def close(self) -> None:
        self.renderer = None
        if self.helper is not None:
            try:
                self.helper.stdin.close()
                self.helper.wait(timeout=5)
            except (OSError, subprocess.TimeoutExpired):
                self.helper.kill()
            self.helper = None


def warm_up(settings_file: Path) -> dict:
    """Import what every build imports: Pelican, the plugins' modules (registering them is
    left to each build), their libraries and the Markdown extensions."""
    from pelican.plugins._utils import load_plugins
    from pelican.settings import read_settings

    import iomsite.tools.build  # noqa: F401

    settings = read_settings(str(settings_file))
    load_plugins(settings)
    from iomsite.tools.check_content import plugin_checks

    plugin_checks(settings)  # the content check's modules of every plugin, imported once
    markdown = settings.get("MARKDOWN", {})
    extensions = [*markdown.get("extension_configs", {}), *markdown.get("extensions", [])]
    for name in LIBRARIES + tuple(e for e in extensions if isinstance(e, str)):
        try:
            importlib.import_module(name)
        except ImportError:
            pass  # an extension given by a short name: the build imports it itself
    return settings


def serve(settings_file: Path) -> None:
    """The helper: one JSON line per build in ({"arguments": [...], "quick_pages": SOCKET or
    absent}), the build's output and a status line out."""
    settings = warm_up(settings_file)

    plugin_folders = [
        str((settings_file.parent / folder).resolve()) for folder in settings.get("PLUGIN_PATHS", [])
    ]
    print(WATCH_MARK + json.dumps([str(ROOT / "tools"), str(ROOT / "plugins"), *plugin_folders]), flush=True)

    ahead = preloader(settings)
    ahead()
    renderer = None  # the child of the last build, rendering quick pages until the next is in
    for line in sys.stdin:
        request = json.loads(line)
        sys.stdout.flush()
        status_in, status_out = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(status_in)
            build_in_child(settings_file, request, status_out)
        os.close(status_out)
        status = child_status(pid, status_in)
        end_child(renderer)
        renderer = pid if status == RENDERING else None
        print(f"\n{STATUS_MARK}{0 if status == RENDERING else status}", flush=True)
        ahead()  # while the writer reads the page and types on
    end_child(renderer)


RENDERING = -1000  # a child's status: built, and rendering quick pages now


def child_status(pid: int, status_in: int) -> int:
    """The build's status, as its child writes it on the pipe (or as it exits)."""
    with os.fdopen(status_in, "rb") as pipe:
        said = pipe.readline().strip()
    if said:
        return int(said)
    _, wait_status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(wait_status)


def end_child(pid: int | None) -> None:
    if pid is None:
        return
    try:
        os.kill(pid, signal.SIGTERM)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass


def build_in_child(settings_file: Path, request: dict, status_out: int) -> None:
    """One build, then exit without the helper's clean-ups; or, when asked and the build
    succeeded, stay to render quick pages (tools/quick_page.py) until the helper ends it."""
    from pelican import signals

    from iomsite.tools.build import main

    status = 2
    try:
        signals.all_generators_finalized.connect(_keep_generators)
        status = main(["--settings", str(settings_file), *request["arguments"]])
    except BaseException:
        import traceback

        traceback.print_exc(file=sys.stdout)
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
    status = status if isinstance(status, int) else 2
    if status == 0 and request.get("quick_pages") and _kept:
        try:
            listener = quick_listener(request["quick_pages"])
        except OSError:
            listener = None
        if listener is not None:
            os.write(status_out, f"{RENDERING}\n".encode())
            os.close(status_out)
            render_quick_pages(listener, _kept)
            os._exit(0)
    os.write(status_out, f"{status}\n".encode())
    os._exit(status)


_kept: list = []  # the generators of the build in this child


def _keep_generators(generators) -> None:  # a named function: blinker keeps weak references
    _kept[:] = generators


def quick_listener(path: str) -> socket.socket:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(4)
    listener.settimeout(1.0)
    return listener


def render_quick_pages(listener: socket.socket, generators: list) -> None:
    """Answer each connection's one line {"source": PATH} with {"pages": {save_as: html} or
    null}, until the helper ends this child (or dies: then this ends too)."""
    from iomsite.tools.quick_page import QuickPages

    parent = os.getppid()
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)  # nothing more of this child in the next build's output
    os.dup2(devnull, 2)
    quick = QuickPages(generators)
    quick.remember_texts()
    while os.getppid() == parent:
        try:
            connection, _ = listener.accept()
        except TimeoutError:
            continue
        with connection, connection.makefile("rwb") as stream:
            try:
                source = json.loads(stream.readline())["source"]
                pages = quick.render(source)
                answer = {"pages": None if pages is None else {k: v.decode() for k, v in pages.items()}}
                stream.write(json.dumps(answer).encode() + b"\n")
                stream.flush()
            except (OSError, ValueError, KeyError):
                pass


def preloader(settings: dict):
    """What the helper prepares for the next build between builds: the content cache's objects
    unpickled (plugins/incremental/preload.py), when the site uses that plugin."""
    try:
        from iomsite.plugins.incremental import preload
    except ImportError:
        return lambda: None

    def refresh():
        gc.unfreeze()
        try:
            preload.refresh(settings)
        except Exception:  # never worth failing the preview: the build unpickles itself
            preload.forget()
        # Each build starts with a full collection (tools/build.py): frozen, the helper's
        # objects are not scanned again by it (80 ms for 3,000 preloaded articles).
        gc.collect()
        gc.freeze()

    return refresh


if __name__ == "__main__":
    serve(Path(sys.argv[1]).resolve())
