"""The preview server behind `invoke livereload`: serves output/ and, while the last build
failed, answers every page with the build's problems (file:line: problem — fix), so a writer
sees the mistake in the browser, not only in the terminal. livereload injects its refresh
script before </head>, so the page reloads by itself once the fix is saved.

Preview only: the pages' Content-Security-Policy <meta> is removed here, because the
live-reload script is inline; the built files keep it.
"""

import html
import mimetypes
import re
from pathlib import Path
from urllib.parse import unquote

CSP_META = re.compile(rb'<meta http-equiv="Content-Security-Policy"[^>]*>')


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
    """A WSGI app serving a built site, or the last build's problems."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.problems = ""

    def file_for(self, path: str) -> Path | None:
        target = (self.folder / unquote(path).lstrip("/")).resolve()
        if self.folder.resolve() not in target.parents and target != self.folder.resolve():
            return None
        if target.is_dir():
            target = target / "index.html"
        return target if target.is_file() else None

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "/")
        is_page = path.endswith("/") or path.endswith(".html")
        if self.problems and is_page:
            start_response("500 Build failed", [("Content-Type", "text/html; charset=utf-8")])
            return [error_page(self.problems)]
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
            data = CSP_META.sub(b"", data)
            kind += "; charset=utf-8"
        start_response(status, [("Content-Type", kind)])
        return [data]
