"""Shared fixtures: the real site built once per test session, and small fixture sites.

Builds run `python -m iomsite.tools.build` exactly as `invoke build` does, forked from this
worker's build server (forked_builds.py), or in a new interpreter with `fresh=True`.
"""

import fcntl
import json
import os
import shutil
import socket
import subprocess
import sys
import textwrap
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from forked_builds import BuildServer

ROOT = Path(__file__).resolve().parent.parent


def run_node(script: Path, *args, cwd: Path | None = None, timeout: int = 240) -> subprocess.CompletedProcess:
    """One of the project's Node.js scripts (the editor's serializers, the browser drivers),
    its output as text."""
    return subprocess.run(
        ["node", str(script), *map(str, args)],
        cwd=cwd or ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


# The slowest test files, scheduled first. pytest-xdist gives each worker two files at the
# start (the 1st and 4th, 2nd and 5th, 3rd and 6th of this list) and the rest as workers free
# up. The publish test (every check on the real site) and the editor's (which mostly wait for
# the browser and the editor's servers) come first: either left to the end of a run finishes
# alone. Times of a full run (per file, --durations=0), 3 December 2026.
SLOWEST_FIRST = (
    "tests/tools/test_publish.py",
    "tests/tools/test_editor.py",
    "tests/tools/test_deploy.py",
    "tests/site/test_hostile_inputs.py",
    "tests/plugins/incremental/test_incremental.py",
    "tests/tools/test_authoring.py",
    "tests/tools/test_unchanged.py",
    "tests/tools/test_preview_server.py",
    "tests/plugins/search/test_search_sharing.py",
    "tests/plugins/donors/test_donors_hotlines.py",
    "tests/plugins/newsletter_pdf/test_newsletter_pdf.py",
    "tests/plugins/incremental/test_warm_build.py",
    "tests/plugins/search/test_search_refresh.py",
    "tests/tools/test_checks.py",
    "tests/site/test_layout.py",
    "tests/tools/test_go_live.py",
    "tests/plugins/newsletter/test_newsletter.py",
    "tests/plugins/redirects/test_every_host.py",
    "tests/tools/test_translations.py",
    "tests/plugins/images/test_images.py",
    "tests/plugins/schedule/test_schedule.py",
)


def pytest_configure(config):
    """The project's own modules compiled to bytecode once, before any build (by the
    controller, not by each xdist worker). With PYTHONDONTWRITEBYTECODE set, as on some
    machines, Python never refreshes a .pyc that a later edit made stale, and each of the
    suite's several hundred builds and commands compiled every such module again: a fifth of
    a small build's CPU (py-spy: 219 of 1,529 samples in `source_to_code`, none after)."""
    if hasattr(config, "workerinput"):
        return
    import compileall

    for package in ("core", "plugins", "tools"):
        compileall.compile_dir(ROOT / package, quiet=2)


def pytest_collection_modifyitems(items):
    """The slowest files first, the rest as collected (a stable sort keeps each file's order)."""

    def rank(item) -> int:
        path = Path(str(item.fspath)).relative_to(ROOT).as_posix()
        return SLOWEST_FIRST.index(path) if path in SLOWEST_FIRST else len(SLOWEST_FIRST)

    items.sort(key=rank)


def free_port() -> int:
    """A port on 127.0.0.1 no one listens on, for a server a test starts."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class BuildResult:
    returncode: int
    output: str  # what the build printed (stdout + stderr)
    folder: Path  # the output folder
    report: dict | None = None  # the build's JSON report (tools/build.py)

    def figures(self, section: str) -> dict:
        """A section of the report ("incremental", "images")."""
        assert self.report is not None, self.output
        return self.report[section]

    def page(self, url_path: str) -> BeautifulSoup:
        """Parse the page at a site URL path like '/press/x/' or 'ru/'."""
        return BeautifulSoup(self.file(url_path).read_text(encoding="utf-8"), "lxml")

    def file(self, url_path: str) -> Path:
        path = self.folder / url_path.lstrip("/")
        if url_path.endswith("/") or path.is_dir():
            path = path / "index.html"
        return path

    def html_files(self):
        """The web pages (not the e-mail editions in _email/)."""
        return sorted(
            p for p in self.folder.rglob("*.html") if p.relative_to(self.folder).parts[0] != "_email"
        )


BUILD_SERVER = BuildServer()


def run_module(
    module: str,
    *arguments,
    cwd: Path = ROOT,
    env: dict | None = None,
    timeout: float = 600,
    fresh: bool = False,
) -> subprocess.CompletedProcess:
    """`python -m MODULE ARGUMENTS` (a project command: check_content, deploy, go_live...),
    forked from this worker's build server like the builds, or with `fresh` a new interpreter.
    `env` replaces the environment, as subprocess.run's does; TEST_BUILDS_FRESH=1 makes every
    command and build a new interpreter."""
    command = [sys.executable, "-m", module, *map(str, arguments)]
    environment = dict(os.environ if env is None else env)
    if fresh or os.environ.get("TEST_BUILDS_FRESH"):
        return subprocess.run(
            command, cwd=cwd, capture_output=True, text=True, timeout=timeout, env=environment
        )
    status, stdout, stderr = BUILD_SERVER.run(list(command[3:]), cwd, environment, timeout, module=module)
    return subprocess.CompletedProcess(command, status, stdout, stderr)


def run_build(
    settings: Path, output: Path, env: dict | None = None, full: bool = False, fresh: bool = False
) -> BuildResult:
    """`env`: extra environment variables, e.g. {"SITE_NOW": "2027-01-10T09:00+05:00"}. The
    build is `python -m iomsite.tools.build`, forked from this worker's build server
    (tests/forked_builds.py) or, with `fresh`, in a new interpreter."""
    report = output.with_name(f"{output.name}.report.json")
    report.unlink(missing_ok=True)
    arguments = ["--settings", str(settings), "--output", str(output), "--report", str(report)]
    arguments += ["--full"] if full else []
    proc = run_module("iomsite.tools.build", *arguments, env={**os.environ, **(env or {})}, fresh=fresh)
    found = json.loads(report.read_text(encoding="utf-8")) if report.exists() else None
    return BuildResult(proc.returncode, proc.stdout + proc.stderr, output, found)


def built_once_per_run(tmp_path_factory, name: str, make) -> BuildResult:
    """`make(folder)`'s build, made by the first worker that asks and read by the others: the
    suite's workers (pytest-xdist) each have their own session, and three cold builds of the
    real site at once cost what the one does three times over. The build's folder and result
    are in the run's temporary folder, which every worker shares; a lock makes the others wait."""
    base = tmp_path_factory.getbasetemp()
    shared = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / f"shared-{name}"
    with open(shared.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        saved = shared / "result.json"
        if saved.exists():
            found = json.loads(saved.read_text(encoding="utf-8"))
            return BuildResult(found["returncode"], found["output"], Path(found["folder"]), found["report"])
        shared.mkdir(exist_ok=True)
        result = make(shared)
        saved.write_text(
            json.dumps(
                {
                    "returncode": result.returncode,
                    "output": result.output,
                    "folder": str(result.folder),
                    "report": result.report,
                }
            ),
            encoding="utf-8",
        )
        return result


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> BuildResult:
    """The real site, built once per run from content/ into a temporary folder (tests read it,
    never change it: it is shared by the workers)."""
    result = built_once_per_run(
        tmp_path_factory, "real", lambda folder: run_build(ROOT / "pelicanconf.py", folder / "output")
    )
    assert result.returncode == 0, result.output
    return result


def real_content_site(root: Path, today: str, prepare=None) -> BuildResult:
    """The real content, copied and built as if today were `today`; `prepare(content_dir)` may
    change the copy first."""
    site = FixtureSite(root, content="real", settings=f'SITE_TODAY = "{today}"')
    if prepare:
        prepare(site.content)
    result = site.build()
    assert result.returncode == 0, result.output
    return result


@pytest.fixture(scope="session")
def site_hotline_confirmed(tmp_path_factory) -> BuildResult:
    """The real content on 1 December 2026, as if someone had confirmed the hotline's number a
    month before (with the data as the sources give it, no banner shows today)."""

    def confirm(content: Path) -> None:
        hotlines = content / "data" / "hotlines.yml"
        text = hotlines.read_text(encoding="utf-8")
        hotlines.write_text(text.replace("confirmed: 2012-06-30", "confirmed: 2026-11-01"), encoding="utf-8")

    return built_once_per_run(
        tmp_path_factory,
        "confirmed",
        lambda folder: real_content_site(folder / "site", "2026-12-01", confirm),
    )


SEEDED_CACHES = ("images", "pdf")
SEEDED_SUFFIXES = (".png", ".webp", ".jpg", ".jpeg", ".sum", ".pdf")  # not the writers' temporaries


def seed_caches(cache: Path) -> None:
    """Copy (not link: a test may damage its cache on purpose) the project's image derivatives
    and newsletter PDFs into a fixture site's cache. Both are named by a digest of what they
    are made from, so a fixture reuses only a file it would make byte for byte; a test about
    making them starts from an empty cache (warm_caches=False, or removes the folder). A cold
    cache cost a build of the real content 4-5 s of its 6.5 (three PDFs, 18 images)."""
    for part in SEEDED_CACHES:
        source = ROOT / "cache" / part
        if not source.is_dir():
            continue  # a fresh clone before the first build: the fixture starts cold
        target = cache / part
        target.mkdir(parents=True, exist_ok=True)
        for path in source.iterdir():
            if path.suffix in SEEDED_SUFFIXES and path.is_file():
                shutil.copy2(path, target / path.name)


class FixtureSite:
    """A site in `root` with the real theme, plugins and catalogues, the real settings (or a
    copy of `settings_file`) plus `settings` lines, and as content:
    - "empty": the real data files and images, content folders without content (a test writes
      its own with `write`);
    - "real": a copy of the real content;
    - a folder: a copy of it.

    The one helper for every test that builds a site of its own. Its cache starts with copies
    of the project's image derivatives and newsletter PDFs (`warm_caches`; see seed_caches)."""

    def __init__(
        self,
        root: Path,
        content="empty",
        settings: str = "",
        settings_file: Path | None = None,
        warm_caches: bool = True,
    ):
        self.root = root
        self.content = root / "content"
        self.output = root / "output"
        root.mkdir(parents=True, exist_ok=True)
        if warm_caches:
            seed_caches(root / "cache")
        text = (settings_file or ROOT / "pelicanconf.py").read_text(encoding="utf-8")
        (root / "pelicanconf.py").write_text(text + (f"\n{settings}\n" if settings else ""), encoding="utf-8")
        for name in ("theme", "plugins", "i18n"):
            (root / name).symlink_to(ROOT / name)
        if content == "empty":
            shutil.copytree(ROOT / "content" / "data", self.content / "data")
            shutil.copytree(ROOT / "content" / "images", self.content / "images")
            for folder in ("press", "news", "newsletters", "campaigns", "pages"):
                (self.content / folder).mkdir(exist_ok=True)
        else:
            shutil.copytree(ROOT / "content" if content == "real" else Path(content), self.content)

    @property
    def settings(self) -> Path:
        return self.root / "pelicanconf.py"

    def copy(self, root: Path) -> "FixtureSite":
        """This site as it is (settings, content, caches, output) copied to `root`, for tests
        that each start from the same built site: a copy takes a tenth of a second, a build two
        CPU-seconds. `cp -a` keeps the links: the theme's to the project, and the published
        images' hard links to the cache's derivatives (a build makes them so)."""
        subprocess.run(["cp", "-a", str(self.root), str(root)], check=True)
        copy = object.__new__(FixtureSite)
        copy.root, copy.content, copy.output = root, root / "content", root / "output"
        return copy

    def write(self, relative: str, text: str, fence: bool = True) -> Path:
        """Write a content file. Fields given as leading `name: value` lines, without the
        '---' lines around them, get them (tests stay short); `fence=False` writes as is."""
        path = self.root / "content" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        text = textwrap.dedent(text).lstrip()
        if fence and relative.endswith(".md") and not text.startswith("---"):
            header, blank, body = text.partition("\n\n")
            # the closing '---' takes the place of the blank line: every line moves down by one
            text = f"---\n{header}\n---\n{body}" if blank else f"---\n{header.rstrip()}\n---\n"
        path.write_text(text, encoding="utf-8")
        return path

    def build(
        self, env: dict | None = None, output: Path | None = None, full: bool = False, fresh: bool = False
    ) -> BuildResult:
        return run_build(self.root / "pelicanconf.py", output or self.output, env, full, fresh)


CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "test-key",
    "AWS_SECRET_ACCESS_KEY": "test-secret",
    "AWS_DEFAULT_REGION": "us-east-1",
}


@pytest.fixture(scope="module")
def s3():
    """A real S3 API on 127.0.0.1 (moto's server) with an empty bucket 'site': the client and
    the environment a deploy needs to reach it."""
    import boto3
    from botocore.config import Config
    from moto.moto_server.werkzeug_app import (
        DomainDispatcherApplication,
        MotoRequestHandler,
        create_backend_app,
    )
    from werkzeug.serving import make_server

    class S3Only(DomainDispatcherApplication):
        """moto's dispatcher, for S3 alone: the stock one finds each request's service by
        matching it against every service's address patterns (600 requests: 4.4-5.6 ->
        2.9-4.3 CPU-s)."""

        def get_application(self, environ):
            with self.lock:
                if "s3" not in self.app_instances:
                    self.app_instances["s3"] = self.create_app("s3")
                return self.app_instances["s3"]

    # what moto's ThreadedMotoServer starts, with that dispatcher
    server = make_server("127.0.0.1", 0, S3Only(create_backend_app), True, request_handler=MotoRequestHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host, port = server.server_address[:2]
    env = {**CREDENTIALS, "AWS_ENDPOINT_URL": f"http://{host}:{port}"}
    client = boto3.client(
        "s3",
        endpoint_url=env["AWS_ENDPOINT_URL"],
        aws_access_key_id="test-key",
        aws_secret_access_key="test-secret",
        region_name="us-east-1",
        config=Config(
            request_checksum_calculation="when_required", response_checksum_validation="when_required"
        ),
    )
    client.create_bucket(Bucket="site")
    yield client, env
    server.shutdown()


@pytest.fixture
def fixture_site(tmp_path) -> FixtureSite:
    return FixtureSite(tmp_path / "site")


MINIMAL_PRESS = """\
title: A minimal press release
date: 2020-01-15
dateline: Dushanbe

Text of the release.
"""
