"""The browser editor on this machine (`invoke edit`): Decap CMS's app from the pinned npm
package (node_modules/decap-cms, no CDN), its local backend (decap-server's, from its npm
package, with one repair: backend.mjs) working on the project's files, both on 127.0.0.1 only.

    http://127.0.0.1:8080/admin/   the editor (the live preview is `invoke livereload`)

The app's configuration is made from the content model when the editor starts
(tools/editor/config.py). The editor writes ordinary files into content/ (x.en.md, x.ru.md,
x.tg.md; photos into content/images/), which the build and the content check read as usual.
"""

import functools
import http.server
import json
import os
import shutil
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

from iomsite.tools.editor.config import editor_config
from iomsite.tools.localserver import QuietHandler

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "node_modules" / "decap-cms" / "dist"
SERVER = ROOT / "node_modules" / "decap-server" / "dist" / "middlewares.js"
BACKEND = Path(__file__).resolve().parent / "backend.mjs"  # decap-server's, with one repair

INDEX = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>IOM Tajikistan · editor</title>
<link href="config.yml" type="text/yaml" rel="cms-config-url">
</head>
<body>
<script src="decap-cms.js"></script>
<script src="preview.js"></script>
</body>
</html>
"""
# The preview pane uses the site's own stylesheets.
PREVIEW = "".join(
    f'CMS.registerPreviewStyle("/theme/css/{name}.css");\n' for name in ("base", "layout", "components")
)


class EditorMissing(RuntimeError):
    """The npm packages are not installed."""


def prepare(folder: Path, project: Path, backend_port: int) -> Path:
    """The editor's app in `folder`: its page, its configuration, the site's CSS."""
    if not (APP / "decap-cms.js").is_file() or not SERVER.is_file():
        raise EditorMissing("the editor's npm packages are missing: run sh scripts/setup-checks")
    admin = folder / "admin"
    shutil.rmtree(folder, ignore_errors=True)
    admin.mkdir(parents=True)
    config = editor_config(f"http://127.0.0.1:{backend_port}/api/v1", project / "content")
    (admin / "config.yml").write_text(json.dumps(config, ensure_ascii=False, indent=1), encoding="utf-8")
    (admin / "index.html").write_text(INDEX, encoding="utf-8")
    (admin / "preview.js").write_text(PREVIEW, encoding="utf-8")
    shutil.copytree(project / "theme" / "css", folder / "theme" / "css")
    for item in APP.iterdir():  # the app and the chunks it loads on demand
        if item.suffix == ".js":
            os.symlink(item, admin / item.name)
    return folder


class Editor:
    """The editor's two servers, started and stopped together."""

    def __init__(
        self, project: Path = ROOT, port: int = 8080, backend_port: int = 8081, work: Path | None = None
    ):
        self.project, self.port, self.backend_port = Path(project), port, backend_port
        self.work = work or self.project / "cache" / "editor"
        self.backend = None
        self.server = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/admin/"

    def start(self) -> "Editor":
        folder = prepare(self.work, self.project, self.backend_port)
        env = {
            **os.environ,
            "PORT": str(self.backend_port),
            "GIT_REPO_DIRECTORY": str(self.project),
            "EDITOR_CONFIG": str(folder / "admin" / "config.yml"),  # JSON, which YAML reads too
            "LOG_LEVEL": "warn",
        }
        self.backend = subprocess.Popen(["node", str(BACKEND)], env=env, cwd=self.project)
        handler = functools.partial(QuietHandler, directory=str(folder))
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

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
