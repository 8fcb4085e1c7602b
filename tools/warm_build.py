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

import gc
import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATUS_MARK = "\x00warm-build-status "
WATCH_MARK = "\x00warm-build-watch "
# Libraries the plugins import while building: imported once, by the helper.
LIBRARIES = (
    "markdown",
    "jinja2",
    "babel.dates",
    "babel.numbers",
    "PIL.Image",
    "feedgen.feed",
    "lxml.html",
    "yaml",
    "phonenumbers",
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
    def __init__(self, settings_file: Path):
        self.settings_file = Path(settings_file).resolve()
        self.helper: subprocess.Popen | None = None
        self.stamp: list | None = None
        self.watched: list = []
        self.restarts = 0

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
        try:
            self.helper.stdin.write(json.dumps(arguments) + "\n")
            self.helper.stdin.flush()
            lines = []
            for line in self.helper.stdout:
                if line.startswith(STATUS_MARK):  # after a newline of its own: drop it
                    output = "".join(lines)
                    return int(line[len(STATUS_MARK) :]), output[:-1] if output.endswith("\n") else output
                lines.append(line)
        except (BrokenPipeError, ValueError):
            pass
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

    def close(self) -> None:
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
    """The helper: one JSON list of arguments per line in, the build's output and a status
    line out."""
    settings = warm_up(settings_file)
    from iomsite.tools.build import main

    plugin_folders = [
        str((settings_file.parent / folder).resolve()) for folder in settings.get("PLUGIN_PATHS", [])
    ]
    print(WATCH_MARK + json.dumps([str(ROOT / "tools"), str(ROOT / "plugins"), *plugin_folders]), flush=True)

    ahead = preloader(settings)
    ahead()
    for line in sys.stdin:
        arguments = json.loads(line)
        sys.stdout.flush()
        pid = os.fork()
        if pid == 0:  # one build, then exit without the helper's clean-ups
            status = 2
            try:
                status = main(["--settings", str(settings_file), *arguments])
            except BaseException:
                import traceback

                traceback.print_exc(file=sys.stdout)
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(status if isinstance(status, int) else 2)
        _, wait_status = os.waitpid(pid, 0)
        print(f"\n{STATUS_MARK}{os.waitstatus_to_exitcode(wait_status)}", flush=True)
        ahead()  # while the writer reads the page and types on


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
