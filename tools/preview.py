"""The preview behind `invoke livereload`: builds the site, serves it at http://localhost:8000/
and, on every save, shows the new page first and the whole rebuilt site a few seconds later.

- **Watching**: `watchfiles` (inotify) tells of a save within a few tens of milliseconds.
- **The edited page at once**: a save that changed only the text of one article or page gets
  that page rendered again by the last build's process, which kept the site in memory
  (`tools/quick_page.py`, through `WarmBuilder.quick_page`), and served from memory.
- **The build behind it**: every save starts the ordinary build (a warm helper process,
  `tools/warm_build.py`, no search index); once it is in, the pages come from `output/` again,
  and each quick page is compared with the build's (`quick_differed`: the tests hold it
  empty). Saves during a build are built together right after it.
- **Reloading**: each page gets a small script (`/_preview/reload.js`) that listens to
  `/_preview/events` and reloads the page when something new is served. Without JavaScript
  the pages are as built; reload by hand.
- **Mistakes**: while the last build failed, every page answers with its problems
  (file:line: problem — fix), so a writer sees them in the browser, not only in the terminal.

Preview only: the pages' Content-Security-Policy <meta> is removed here, so that the reload
script may run; the built files keep it.

Why our own server rather than the `livereload` package: it looks for changes every 0.8 s,
only while a browser is connected, and builds in its serving thread, so nothing is served
during a build.
"""

import html
import mimetypes
import re
import threading
import time
from pathlib import Path
from socketserver import ThreadingMixIn
from urllib.parse import unquote
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

CSP_META = re.compile(rb'<meta http-equiv="Content-Security-Policy"[^>]*>')
RELOAD_SCRIPT = re.compile(rb'<script src="/_preview/reload.js" data-served="[0-9]+"></script>')
# The page carries the number of what was served when it was: an event with another number
# (sent on connecting, then on each change) reloads it, so a change made while the page was
# loading is not missed.
RELOAD_JS = b"""// The preview reloads this page when something new is served (tools/preview.py).
const served = document.currentScript.dataset.served;
new EventSource("/_preview/events").addEventListener("reload", (event) => {
  if (event.data !== served) location.reload();
});
"""
# Files editors write beside the one being saved: never a reason to build.
SCRATCH = re.compile(r"(^\.|~$|\.swp$|\.swx$|\.tmp$|^#.*#$|^4913$)")


def error_page(problems: str) -> bytes:
    items = "".join(f"<li>{html.escape(line.strip())}</li>" for line in problems.splitlines() if line.strip())
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>The preview could not be built</title>
</head><body style="font:1.05rem/1.5 system-ui,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem">
<h1 style="color:#a00">The site could not be built</h1>
<p>Fix the problems below and save: this page reloads by itself. (The last good build is not shown
meanwhile, so that you do not mistake it for your change.)</p>
<ul style="background:#fff4f4;border-left:4px solid #a00;padding:1rem 1rem 1rem 2rem">{items}</ul>
</body></html>""".encode()


class PreviewApp:
    """A WSGI app serving a built site, the quick pages over it, or the last build's problems;
    and the reload events."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.problems = ""
        self.quick: dict[str, tuple[bytes, int]] = {}  # output path: (page, the save's number)
        self.served = 0  # how many times something new was served: the reload events' number
        self.stopping = threading.Event()  # set when the server stops: the events end
        self.news = threading.Condition()

    def file_for(self, path: str) -> Path | None:
        target = (self.folder / unquote(path).lstrip("/")).resolve()
        if self.folder.resolve() not in target.parents and target != self.folder.resolve():
            return None
        if target.is_dir():
            target = target / "index.html"
        return target if target.is_file() else None

    def output_name(self, path: str) -> str:
        name = unquote(path).lstrip("/")
        return name + "index.html" if name.endswith("/") or not name else name

    def show_quick(self, pages: dict[str, bytes], save: int) -> None:
        self.quick.update({name: (page, save) for name, page in pages.items()})
        self.tell_browsers()

    def tell_browsers(self) -> None:
        with self.news:
            self.served += 1
            self.news.notify_all()

    def events(self, stop: threading.Event):
        """Server-sent events: one `reload` each time something new is served."""
        seen = self.served
        yield f"retry: 1000\nevent: reload\ndata: {seen}\n\n".encode()
        while not stop.is_set():
            with self.news:
                self.news.wait_for(lambda last=seen: self.served != last or stop.is_set(), timeout=15)
            if self.served != seen:
                seen = self.served
                yield f"event: reload\ndata: {seen}\n\n".encode()
            else:
                yield b": still here\n\n"  # a closed connection shows when this is written

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "/")
        if path == "/_preview/events":
            start_response("200 OK", [("Content-Type", "text/event-stream"), ("Cache-Control", "no-store")])
            return self.events(self.stopping)
        if path == "/_preview/reload.js":
            start_response("200 OK", [("Content-Type", "text/javascript"), ("Cache-Control", "no-store")])
            return [RELOAD_JS]
        is_page = path.endswith("/") or path.endswith(".html")
        headers = [("Cache-Control", "no-store")]
        if self.problems and is_page:
            start_response("500 Build failed", [("Content-Type", "text/html; charset=utf-8"), *headers])
            return [with_reload_script(error_page(self.problems), self.served)]
        quick = self.quick.get(self.output_name(path))
        if quick is not None:
            start_response("200 OK", [("Content-Type", "text/html; charset=utf-8"), *headers])
            return [with_reload_script(CSP_META.sub(b"", quick[0]), self.served)]
        target = self.file_for(path)
        status = "200 OK"
        if target is None:
            status, target = "404 Not Found", self.file_for("/404.html")
            if target is None:
                start_response(status, [("Content-Type", "text/plain")])
                return [b"Not found"]
        data = target.read_bytes()
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if kind == "text/html":
            data = with_reload_script(CSP_META.sub(b"", data), self.served)
            kind += "; charset=utf-8"
        start_response(status, [("Content-Type", kind), *headers])
        return [data]


def with_reload_script(page: bytes, served: int) -> bytes:
    script = f'<script src="/_preview/reload.js" data-served="{served}"></script>'.encode()
    return page.replace(b"</head>", script + b"</head>", 1)


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):  # one line per request would drown the build's
        pass


class PreviewServer:
    """Build, serve, watch, show each save. `arguments`: the build's (the output folder is
    added); `watched`: the folders and files whose changes mean a rebuild."""

    def __init__(
        self, settings_file: Path, output: Path, watched: list[Path], arguments=("--no-search",), say=print
    ):
        from iomsite.tools.warm_build import WarmBuilder

        self.output = Path(output)
        self.app = PreviewApp(self.output)
        self.builder = WarmBuilder(Path(settings_file), quick=True)
        self.arguments = [*arguments, "--output", str(self.output)]
        self.watched = [Path(p) for p in watched if Path(p).exists()]
        self.say = say
        self.stopping = self.app.stopping
        self.pending = threading.Event()
        self.saves = 0  # each change seen gets a number
        self.built_through = 0  # the number of the last change the served build includes
        self.quick_pages = 0
        self.quick_differed: list[str] = []
        self.server = None
        self.threads: list[threading.Thread] = []

    # -- starting and stopping

    def start(self, port: int = 8000, host: str = "localhost") -> int:
        """The first build, then serving and watching in threads; the port served."""
        self._build()
        self.server = make_server(host, port, self.app, server_class=_Server, handler_class=_QuietHandler)
        for target in (self.server.serve_forever, self._watch, self._build_loop):
            thread = threading.Thread(target=target, daemon=True)
            thread.start()
            self.threads.append(thread)
        return self.server.server_port

    def stop(self) -> None:
        self.stopping.set()
        self.pending.set()
        self.app.tell_browsers()
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
        for thread in self.threads:
            thread.join(timeout=10)
        self.builder.close()

    # -- what happens on a save

    def _watch(self) -> None:
        from watchfiles import watch

        polling = False
        while not self.stopping.is_set():
            try:
                for changes in watch(
                    *self.watched,
                    watch_filter=_wanted,
                    stop_event=self.stopping,
                    step=30,
                    force_polling=True if polling else None,  # None: WATCHFILES_FORCE_POLLING decides
                ):
                    self.saved(changes)
                return
            except (OSError, RuntimeError) as exc:  # inotify's limits, say: look every 0.3 s
                if polling:
                    raise
                self.say(f"Watching for saves by looking every 0.3 s ({exc}).")
                polling = True

    def saved(self, changes: set) -> None:
        """One batch of changes from the watcher: the quick page when it is one, and a build."""
        self.saves += 1
        paths = {path for _, path in changes}
        if len(paths) == 1:
            (path,) = paths
            # an editor saving through a new file and a rename: deleted and added at once
            if path.endswith(".md") and Path(path).is_file():
                started = time.perf_counter()
                pages = self.builder.quick_page(Path(path))
                if pages:
                    self.quick_pages += 1
                    self.app.show_quick(pages, self.saves)
                    seconds = time.perf_counter() - started
                    self.say(f"Showing {', '.join(pages)} at once ({seconds:.2f} s); the site follows.")
        self.pending.set()

    def _build_loop(self) -> None:
        while True:
            self.pending.wait()
            if self.stopping.is_set():
                return
            self.pending.clear()
            self._build()

    def _build(self) -> None:
        through = self.saves
        status, printed = self.builder.build(self.arguments)
        self.say(printed)
        self.app.problems = (
            ""
            if status == 0
            else "\n".join(line for line in printed.splitlines() if line.startswith("  ")) or printed
        )
        self.built_through = through
        if status == 0:
            self._check_quick_pages(through)
        self.app.tell_browsers()

    def _check_quick_pages(self, through: int) -> None:
        """Quick pages the build now includes go; each is compared with the build's page."""
        for name, (page, save) in list(self.app.quick.items()):
            if save > through:
                continue
            built = self.output / name
            if not built.is_file() or built.read_bytes() != page:
                self.quick_differed.append(name)
            del self.app.quick[name]


def _wanted(change, path: str) -> bool:
    name = Path(path).name
    return not SCRATCH.search(name) and "__pycache__" not in path


def watched_paths(settings_file: Path) -> list[Path]:
    """What a build reads besides the libraries: the settings files beside `settings_file`,
    the content, the theme, the plugins, the catalogues and the project's own code."""
    from pelican.settings import read_settings

    from iomsite.tools.warm_build import ROOT

    settings_file = Path(settings_file).resolve()
    settings = read_settings(str(settings_file))
    here = settings_file.parent
    paths = [*here.glob("*.py"), Path(settings["PATH"]), Path(settings["THEME"]), here / "i18n"]
    paths += [here / p for p in settings.get("PLUGIN_PATHS", [])]
    paths += [ROOT / "core", ROOT / "tools", ROOT / "plugins", ROOT / "theme", ROOT / "i18n"]
    unique = []
    for path in (p.resolve() for p in paths):
        if path.exists() and path not in unique:
            unique.append(path)
    return unique
