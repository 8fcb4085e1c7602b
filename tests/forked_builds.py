"""The suite's builds, forked from a process that has imported everything once.

`python -m iomsite.tools.build` spends most of a small fixture site's build importing Pelican,
the plugins and their libraries (about 0.6 of its 1.1 CPU-s), and the suite runs a few hundred
builds. Each pytest worker starts one server (`python tests/forked_builds.py`) that imports
those modules and then, for each build asked of it, forks a child that runs
`iomsite.tools.build` as `__main__`, exactly as the command line does: the same arguments,
working folder and environment, its output and status. The server itself never builds, so
every child starts as clean as a new interpreter (plugins register afresh; nothing of one
build reaches the next).

What a fork does not give: a hash seed of its own (the server's is random, but every build of
a worker shares it) and imports made anew. Tests of those (a rebuild byte-identical to the
first, an install) run a new interpreter: `run_build(..., fresh=True)`.

The suite's other project commands (`python -m iomsite.tools.check_content`, `deploy`,
`go_live`, ...) are forked the same way (`run_module` in conftest.py): each imported
Pelican and the plugins anew, about half a CPU-second a command.

The product's own warm builds (`tools/warm_build.py`, for the preview) are per site and keep
the site's objects between builds; this server is for any site and keeps nothing.
"""

import json
import os
import runpy
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import weakref
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD = "iomsite.tools.build"


def warm_up() -> None:
    """Import what every build imports (tools/warm_build.py's list, with the project's settings)."""
    import gc

    from iomsite.tools.warm_build import warm_up as import_for

    import_for(ROOT / "pelicanconf.py")
    gc.collect()
    gc.freeze()  # the children's collections leave the server's objects (and their pages) alone


def run_child(request: dict) -> None:
    """In the forked child: become `python -m MODULE ARGUMENTS` and never return."""
    try:
        # the output first: nothing the child says may reach the server's answers
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.close(devnull)
        for fd, name in ((1, "stdout"), (2, "stderr")):
            target = os.open(request[name], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            os.dup2(target, fd)
            os.close(target)
        os.chdir(request["cwd"])
        sys.path[0] = os.getcwd()  # as `python -m` has it
        # what the environment gives an interpreter as it starts: its PYTHONPATH's folders
        added = [p for p in request["env"].get("PYTHONPATH", "").split(os.pathsep) if p]
        sys.path[1:1] = [p for p in added if p not in os.environ.get("PYTHONPATH", "").split(os.pathsep)]
        os.environ.clear()
        os.environ.update(request["env"])
        os.setpgid(0, 0)  # a timeout kills the build and what it started
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        module = request.get("module", BUILD)
        sys.argv = [module, *request["arguments"]]  # runpy puts the module's file first, as -m does
        # as under `python -m`, the module runs as __main__ only (not also imported by its name)
        sys.modules.pop(module, None)
        runpy.run_module(module, run_name="__main__", alter_sys=True)
        status = 0
    except SystemExit as stop:
        status = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
        if not isinstance(stop.code, int | None):
            print(stop.code, file=sys.stderr)
    except BaseException:
        import traceback

        traceback.print_exc()
        status = 1
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


def serve() -> None:
    """One JSON request per line in; {"pid": N} when forked, then {"status": S} when done."""
    warm_up()
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            run_child(request)
        print(json.dumps({"pid": pid}), flush=True)
        _, wait_status = os.waitpid(pid, 0)
        print(json.dumps({"status": os.waitstatus_to_exitcode(wait_status)}), flush=True)


class BuildServer:
    """The client: one server per pytest worker, started at its first build. One build at a
    time (builds meant to run at once are `fresh`)."""

    def __init__(self):
        self.process: subprocess.Popen | None = None
        self.lock = threading.Lock()
        self.folder = Path(tempfile.mkdtemp(prefix="forked-builds-"))
        weakref.finalize(self, shutil.rmtree, self.folder, True)

    def start(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve())],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        answer = json.loads(self.process.stdout.readline() or "{}")
        if not answer.get("ready"):
            raise RuntimeError("the build server did not start: `python tests/forked_builds.py` says why")

    def run(self, arguments: list, cwd: Path, env: dict, timeout: float, module: str = BUILD) -> tuple:
        """(status, stdout, stderr) of `python -m MODULE ARGUMENTS` (the build by default)."""
        if not self.lock.acquire(blocking=False):
            raise RuntimeError("commands at once from one test: run them with fresh=True")
        try:
            return self._run(arguments, cwd, env, timeout, module)
        finally:
            self.lock.release()

    def _run(self, arguments: list, cwd: Path, env: dict, timeout: float, module: str) -> tuple:
        if self.process is None or self.process.poll() is not None:
            self.start()
        # the output through files outside the site (a file beside it would be a change to it)
        stdout, stderr = self.folder / "stdout", self.folder / "stderr"
        request = {
            "module": module,
            "arguments": [str(a) for a in arguments],
            "cwd": str(cwd),
            "env": env,
            "stdout": str(stdout),
            "stderr": str(stderr),
        }
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        pid = json.loads(self.process.stdout.readline())["pid"]
        # The status line is read as it comes, the timeout kept by a timer: waiting on the pipe
        # with select() once readline() had read ahead missed a quick command's status line
        # (already in the stream's buffer), waited out the timeout and left the next answer
        # out of step.
        timed_out = threading.Event()

        def stop() -> None:
            timed_out.set()
            try:
                os.killpg(pid, signal.SIGKILL)  # the command and what it started
            except ProcessLookupError:
                try:
                    os.kill(pid, signal.SIGKILL)  # killed before it had its own group
                except ProcessLookupError:
                    pass  # it ended as the time ran out

        timer = threading.Timer(timeout, stop)
        timer.start()
        try:
            status = json.loads(self.process.stdout.readline())["status"]
        finally:
            timer.cancel()
        if timed_out.is_set():
            raise subprocess.TimeoutExpired(arguments, timeout)
        return status, stdout.read_text(encoding="utf-8"), stderr.read_text(encoding="utf-8")

    def close(self) -> None:
        if self.process is not None:
            self.process.stdin.close()
            self.process.wait(timeout=10)
            self.process = None


if __name__ == "__main__":
    sys.path[0] = str(ROOT)  # as for `python -m iomsite.tools.build` run in the project
    serve()
