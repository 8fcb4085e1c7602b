"""Pagefind's indexer as a service (`pagefind --service`, the binary of PyPI `pagefind_bin`):
pages are sent as they are read and the bundle is written at the end, with no folder of
hard links to walk and no process started per run.

Why not `pagefind.index.PagefindIndex` (PyPI `pagefind`, the same protocol): its reader
waits 0.1 s before reading each answer (`PagefindService._wait_for_responses`), so 1,000
pages took 100 s however fast the binary was. This client speaks the same protocol (requests
and answers are base64 JSON, each followed by a comma; one index per service, answers in
order) and reads answers on a thread as they come, so requests are sent back to back.

    with PagefindService() as service:
        error = service.index([("about/index.html", html), ...], Path("bundle"))
"""

import base64
import json
import queue
import subprocess
import threading
from pathlib import Path

from pagefind.service import get_executable


class PagefindError(Exception):
    pass


class PagefindService:
    def __init__(self):
        binary = get_executable()
        if binary is None:
            raise PagefindError("the Pagefind binary was not found: install pagefind[bin] (scripts/setup)")
        try:
            self.process = subprocess.Popen(
                [str(binary), "--service"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
        except OSError as exc:
            raise PagefindError(
                f"the Pagefind binary {binary} could not be started ({exc.strerror or exc}): "
                "install it again with `sh scripts/setup` (PyPI pagefind[bin])"
            ) from exc
        self.answers: queue.Queue = queue.Queue()
        self.sent = 0
        threading.Thread(target=self._read_answers, daemon=True).start()

    def _read_answers(self) -> None:
        # The answer with the bundle's files is megabytes: it is decoded as it comes, so that
        # neither its base64 nor its pieces are held beside the whole (the build's peak
        # memory is made while the services answer).
        decoded: list = []  # of the answer being read
        rest = b""  # its base64 not decoded yet: decoded by fours
        try:
            while chunk := self.process.stdout.read1(1 << 20):
                while (end := chunk.find(b",")) >= 0:
                    decoded.append(base64.b64decode(rest + chunk[:end]))
                    message = b"".join(decoded)
                    decoded, rest, chunk = [], b"", chunk[end + 1 :]
                    self.answers.put(json.loads(message))
                    del message
                rest += chunk
                whole = len(rest) - len(rest) % 4
                if whole:
                    decoded.append(base64.b64decode(rest[:whole]))
                    rest = rest[whole:]
        finally:
            self.answers.put(None)  # the service stopped, or its answer could not be read

    def _send(self, payload: dict) -> None:
        self.sent += 1
        request = {"message_id": self.sent, "payload": payload}
        # UTF-8 rather than \u escapes: a Cyrillic page is half the size to encode and decode
        message = json.dumps(request, ensure_ascii=False).encode("utf-8")
        self.process.stdin.write(base64.b64encode(message) + b",")

    def _answers(self, count: int, names: list | None = None) -> list:
        """The next `count` answers, in the order of the requests; `names`: what each request
        was about (a page), for the message of an error."""
        self.process.stdin.flush()
        answers = []
        for number in range(count):
            answer = self.answers.get()
            if answer is None:
                raise PagefindError(f"Pagefind stopped (exit status {self.process.wait()})")
            payload = answer["payload"]
            if payload.get("type") == "Error":
                about = f" ({names[number]})" if names else ""
                raise PagefindError(f"Pagefind could not index a page{about}: {payload.get('message')}")
            answers.append(payload)
        return answers

    def index(self, pages, into: Path) -> None:
        """A bundle in `into` of `pages` ((path relative to the site, HTML) in the order to add
        them: the path gives the page's URL, as with `pagefind --site`)."""
        self._send({"type": "NewIndex", "config": None})
        index_id = self._answers(1)[0]["index_id"]
        sent = []
        for path, html in pages:
            self._send({"type": "AddFile", "index_id": index_id, "file_path": path, "file_contents": html})
            sent.append(path)
        self._answers(len(sent), sent)
        # The bundle's files come back through the pipe and are written here: the service
        # exits as soon as its input ends, and its own writes could still be under way
        # ("WriteFiles" answers before they are done: under load, shards' entry files were
        # found empty after it).
        self._send({"type": "GetFiles", "index_id": index_id})
        files = self._answers(1)[0]["files"]
        while files:
            file = files.pop()  # each file's base64 let go once it is written
            path = Path(into) / file["path"]
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(base64.b64decode(file["content"]))

    def close(self) -> None:
        try:
            self.process.stdin.close()  # the service exits at the end of its input
        except OSError:
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
