"""A quiet HTTP server on 127.0.0.1 for a built site (checks, screenshots, tests).

It answers as the static hosts we publish to do, so that a check sees what a reader will:
the response headers of the site's `_headers` file (Netlify and Cloudflare Pages syntax:
a path pattern, `*` matching anything, then indented `Name: value` lines), and for a missing
file the nearest `404.html` above it (`/ru/x/` gets `/ru/404.html`) with status 404.
"""

import functools
import http.server
import re
import threading
from pathlib import Path


def read_header_rules(folder: Path) -> list[tuple[re.Pattern, list[tuple[str, str]]]]:
    """The rules of `folder/_headers`, in file order, as (path pattern, headers)."""
    rules, current = [], None
    try:
        text = (folder / "_headers").read_text(encoding="utf-8")
    except FileNotFoundError:
        return rules
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            pattern = re.compile("^" + ".*".join(map(re.escape, line.strip().split("*"))) + "$")
            current = (pattern, [])
            rules.append(current)
        elif current is not None and ":" in line:
            name, _, value = line.strip().partition(":")
            current[1].append((name.strip(), value.strip()))
    return rules


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    header_rules: list = []

    def log_message(self, *args):
        pass

    def end_headers(self):
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        for pattern, headers in self.header_rules:
            if pattern.match(path):
                for name, value in headers:
                    self.send_header(name, value)
        super().end_headers()

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        page = self.nearest_404()
        if page is None:
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def nearest_404(self) -> Path | None:
        root = Path(self.directory)
        folder = Path(self.translate_path(self.path))
        while True:
            folder = folder.parent
            if (folder / "404.html").is_file():
                return folder / "404.html"
            if folder == root or root not in folder.parents:
                return None


def serve(folder: Path) -> http.server.ThreadingHTTPServer:
    """Serve `folder` on a free port in a background thread; call .shutdown() when done."""
    handler = functools.partial(
        type("Handler", (QuietHandler,), {"header_rules": read_header_rules(folder)}), directory=str(folder)
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
