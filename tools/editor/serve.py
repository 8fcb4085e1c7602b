"""The browser editor on this machine (`invoke edit`): Decap CMS's app from the pinned npm
package (node_modules/decap-cms, no CDN), its local backend (decap-server's, from its npm
package, with repairs: backend.mjs) working on the project's files, both on 127.0.0.1 only.

    http://127.0.0.1:8080/admin/   the editor
    http://127.0.0.1:8080/         the preview site: the entry being written, built by the
                                   site's own build (tools/editor/preview.py)

The app's configuration is made from the content model when the editor starts
(tools/editor/config.py); admin.js adds what the configuration cannot say (the preview pane,
the date widget, the mission's name, errors that name their field). The editor writes
ordinary files into content/ (x.en.md, x.ru.md, x.tg.md; photos into content/images/), which
the build and the content check read as usual.

The one change to Decap's bundle (`PATCHES`): the right-hand pane's language menu called a
handler only the left pane is given (`this.props.onLocaleChange is not a function` when a
translator switched from Russian to Tajik).
"""

import functools
import http.server
import json
import os
import shutil
import subprocess
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

from iomsite.core.ledger import digest_of_text
from iomsite.core.model import FIELDS
from iomsite.tools.editor.config import EDITOR_NAME, editor_config
from iomsite.tools.editor.preview import Preview, problems_page
from iomsite.tools.localserver import QuietHandler

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "node_modules" / "decap-cms" / "dist"
SERVER = ROOT / "node_modules" / "decap-server" / "dist" / "middlewares.js"
BACKEND = Path(__file__).resolve().parent / "backend.mjs"  # decap-server's, with one repair

ADMIN = Path(__file__).resolve().parent / "admin"  # admin.js and its stylesheets
INDEX = """<!doctype html>
<html lang="{ui}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{name}</title>
<link href="config.yml" type="text/yaml" rel="cms-config-url">
<link href="admin.css" rel="stylesheet">
<link rel="icon" href="data:,">
</head>
<body>
<script src="decap-cms.js"></script>
<script src="admin.js"></script>
</body>
</html>
"""
# Decap's bundle as shipped, and what the editor serves instead
PATCHES = (
    (
        "this.setState({selectedLocale:e}),this.props.onLocaleChange(e)}",
        "this.setState({selectedLocale:e}),this.props.onLocaleChange&&this.props.onLocaleChange(e)}",
    ),
)
UI_LANGUAGES = ("en", "ru")  # Decap's interface: its English, or its Russian (Decap has no Tajik)


class EditorMissing(RuntimeError):
    """The npm packages are not installed."""


def patched_bundle() -> str:
    bundle = (APP / "decap-cms.js").read_text(encoding="utf-8")
    for before, after in PATCHES:
        if bundle.count(before) != 1:
            raise EditorMissing(f"Decap's bundle is not the version the editor was made for: {before!r}")
        bundle = bundle.replace(before, after)
    return bundle


def prepare(folder: Path, project: Path, backend_port: int, ui: str = "en") -> Path:
    """The editor's app in `folder`/admin: its page, its configuration, admin.js."""
    if not (APP / "decap-cms.js").is_file() or not SERVER.is_file():
        raise EditorMissing("the editor's npm packages are missing: run sh scripts/setup-checks")
    if ui not in UI_LANGUAGES:
        raise ValueError(f"the editor's interface is in {' or '.join(UI_LANGUAGES)}, not '{ui}'")
    admin = folder / "admin"
    shutil.rmtree(admin, ignore_errors=True)
    admin.mkdir(parents=True)
    config = editor_config(f"http://127.0.0.1:{backend_port}/api/v1", project / "content", ui=ui)
    (admin / "config.yml").write_text(json.dumps(config, ensure_ascii=False, indent=1), encoding="utf-8")
    (admin / "field-order.json").write_text(json.dumps(list(FIELDS)), encoding="utf-8")
    (admin / "index.html").write_text(INDEX.format(ui=ui, name=EDITOR_NAME), encoding="utf-8")
    for item in ADMIN.iterdir():
        shutil.copy(item, admin / item.name)
    for item in APP.iterdir():  # the app and the chunks it loads on demand
        if item.suffix == ".js" and item.name != "decap-cms.js":
            os.symlink(item, admin / item.name)
    (admin / "decap-cms.js").write_text(patched_bundle(), encoding="utf-8")
    return folder


class EditorHandler(QuietHandler):
    """The editor's app under /admin/, the preview site at the root, and two questions:
    POST /editor/preview {file, data} -> {url} or {problems}; POST /editor/digest (a content
    file's text) -> {digest} (core/ledger.py), for the backend."""

    preview: Preview | None = None

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        try:
            if self.path == "/editor/preview":
                request = json.loads(body)
                answer = self.preview.render(
                    request.get("file"),
                    request["data"],
                    request.get("folder", ""),
                    request.get("locale", "en"),
                )
            elif self.path == "/editor/digest":
                answer = {"digest": digest_of_text(body.decode("utf-8"))}
            else:
                self.send_error(404)
                return
        except (ValueError, KeyError, TypeError) as exc:
            answer = {"problems": f"The preview could not be made: {exc}"}
        data = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if self.path.startswith("/editor/problems?"):
            text = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query).get("text", [""])[0]
            data = problems_page(text).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            return
        super().do_GET()

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")  # a preview is always the latest build
        super().end_headers()

    def translate_path(self, path):
        rel = os.path.relpath(super().translate_path(path), self.directory)
        if rel == "admin" or rel.startswith("admin" + os.sep):
            return os.path.join(self.directory, rel)
        return os.path.join(self.preview.output, rel)


class Editor:
    """The editor's two servers, started and stopped together."""

    def __init__(
        self,
        project: Path = ROOT,
        port: int = 8080,
        backend_port: int = 8081,
        work: Path | None = None,
        ui: str = "en",
        warm: bool = True,
    ):
        self.project, self.port, self.backend_port = Path(project), port, backend_port
        self.work = work or self.project / "cache" / "editor"
        self.ui, self.warm = ui, warm
        self.backend = None
        self.server = None
        self.preview = Preview(self.project, self.work / "preview")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/admin/"

    def start(self) -> "Editor":
        folder = prepare(self.work, self.project, self.backend_port, self.ui)
        self.preview.prepare()
        if self.warm:  # the first build of the preview's copy, while the writer logs in
            threading.Thread(target=self.preview.warm, daemon=True).start()
        env = {
            **os.environ,
            "PORT": str(self.backend_port),
            "GIT_REPO_DIRECTORY": str(self.project),
            "EDITOR_CONFIG": str(folder / "admin" / "config.yml"),  # JSON, which YAML reads too
            "FIELD_ORDER": str(folder / "admin" / "field-order.json"),  # the files' order of fields
            "EDITOR_SERVER": f"http://127.0.0.1:{self.port}",  # the ledger's digests
            "LOG_LEVEL": "warn",
        }
        self.backend = subprocess.Popen(["node", str(BACKEND)], env=env, cwd=self.project)
        handler = functools.partial(
            type("Handler", (EditorHandler,), {"preview": self.preview}), directory=str(folder)
        )
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self._wait_for_backend()
        return self

    def _wait_for_backend(self, seconds: float = 20) -> None:
        deadline = time.monotonic() + seconds
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.backend_port}/api/v1",
            data=b'{"action": "info"}',
            headers={"Content-Type": "application/json"},
        )
        while time.monotonic() < deadline:
            if self.backend.poll() is not None:
                raise RuntimeError("the editor's backend (decap-server) stopped at start")
            try:
                with urllib.request.urlopen(request, timeout=2):
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("the editor's backend (decap-server) did not answer")

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
        if self.backend is not None:
            self.backend.terminate()
            try:
                self.backend.wait(10)
            except subprocess.TimeoutExpired:
                self.backend.kill()
        self.preview.close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
