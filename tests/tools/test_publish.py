"""`invoke publish` as a writer runs it: publishconf.py (absolute addresses) and every check,
each page seen in the browser at the public address with the release's own files."""

import json
import os
import shutil
import subprocess

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, seed_caches

from iomsite.tools.check import accessibility

PROJECT_FILES = (
    "content",
    "sources",
    "theme",
    "plugins",
    "i18n",
    "tools",
    "scripts",
    "tasks.py",
    "pelicanconf.py",
    "publishconf.py",
    "requirements.txt",
    "package.json",
    "package-lock.json",
)


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """A copy of the project in which `invoke publish` has run, as a writer types it."""
    project = tmp_path_factory.mktemp("office") / "site"
    project.mkdir()
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, project / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, project / name)
    (project / "node_modules").symlink_to(ROOT / "node_modules")  # installed by scripts/setup-checks
    seed_caches(project / "cache")  # as on the office's machine, where the site was built before
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST")}
    proc = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "invoke"), "publish"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    return project, proc


def test_invoke_publish_with_publishconf_and_every_check_succeeds_on_the_real_site(published, site):
    project, proc = published
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    # every check ran, each said as it ran, and found nothing (the real site passes them all:
    # tests/tools/test_checks.py checks that the pages they see cover every kind of page)
    ran = [line.strip() for line in proc.stdout.splitlines() if line.startswith("  Checking ")]
    assert len(ran) == 5 and all(" 0 finding(s), " in line for line in ran), proc.stdout
    public = project / "public"
    assert public.is_symlink() and public.resolve().parent == project / "releases"
    release = public.resolve()
    assert not (release / "_email").exists(), "e-mail editions are for the mailing tool, not the web"

    # complete: every file of a build of the same content, less what publishing takes out
    # (the search index's file names hash its records, which hold the pages' addresses)
    def files(folder):
        return {
            p.relative_to(folder)
            for p in folder.rglob("*")
            if p.is_file() and p.relative_to(folder).parts[0] != "pagefind"
        }

    expected = {
        p
        for p in files(site.folder)
        if p.parts[0] != "_email" and p.name not in (".sources.json", ".build-state.json")
    }
    assert files(release) == expected
    entry = json.loads((release / "pagefind" / "pagefind-entry.json").read_text())
    assert set(entry["languages"]) == {"en", "ru", "tg"}
    # with absolute addresses, and every stylesheet they name is in the release
    for name in ("index.html", "ru/index.html", "tg/newsletters/2012/index.html"):
        page = BeautifulSoup((release / name).read_text(encoding="utf-8"), "lxml")
        for link in page.find_all("link", rel="stylesheet"):
            assert link["href"].startswith("https://www.iom.tj/theme/"), link
            assert (release / link["href"].removeprefix("https://www.iom.tj/")).is_file()


@pytest.fixture
def release_copy(published, tmp_path):
    project, proc = published
    assert proc.returncode == 0, proc.stdout[-3000:]
    copy = tmp_path / "release"
    shutil.copytree((project / "public").resolve(), copy)
    return copy


PAGES = ["ru/index.html", "tg/newsletters/2012/index.html"]


def test_a_published_page_is_checked_with_its_own_stylesheet(release_copy):
    assert accessibility.check(release_copy, pages=PAGES) == []


def test_a_page_whose_stylesheet_is_missing_from_the_release_fails_the_check(release_copy):
    for stylesheet in (release_copy / "theme").glob("site.*.css"):
        stylesheet.unlink()
    found = accessibility.check(release_copy, pages=PAGES)
    for page in PAGES:
        assert any(
            f.page == page
            and "https://www.iom.tj/theme/site." in f.message
            and "the release does not have" in f.message
            for f in found
        ), found
    # and, seen without its stylesheet, the page really is a different page
    assert any("target-size" in f.message for f in found)


def test_a_request_for_another_host_is_refused_and_reported(release_copy):
    page = release_copy / PAGES[0]
    html = page.read_text(encoding="utf-8")
    # a navigation away is not governed by the Content-Security-Policy: the check must stop it
    page.write_text(
        html.replace(
            "<head>", '<head><meta http-equiv="refresh" content="0; url=https://elsewhere.example/x">'
        ),
        encoding="utf-8",
    )
    found = accessibility.check(release_copy, pages=PAGES[:1])
    assert any(
        f.page == PAGES[0] and "https://elsewhere.example/x" in f.message and "refused" in f.message
        for f in found
    ), found


def test_what_the_content_security_policy_blocks_is_reported(release_copy):
    page = release_copy / PAGES[0]
    html = page.read_text(encoding="utf-8")
    page.write_text(
        html.replace("</main>", '<img src="https://tracker.example.net/p.gif" alt="p"></main>'),
        encoding="utf-8",
    )
    found = accessibility.check(release_copy, pages=PAGES[:1])
    assert any("img-src refused https://tracker.example.net/p.gif" in f.message for f in found), found


def readme_block(after: str) -> list[str]:
    """The commands of the README's first ```sh block after the line starting with `after`,
    without their comments."""
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    start = next(n for n, line in enumerate(lines) if line.startswith(after))
    opening = next(n for n in range(start, len(lines)) if lines[n].startswith("```sh"))
    closing = next(n for n in range(opening + 1, len(lines)) if lines[n].startswith("```"))
    return [line.split("  #")[0].strip() for line in lines[opening + 1 : closing] if line.strip()]


def test_the_readmes_deploy_section_works_as_written(published, s3, tmp_path):
    """The README's first deploy, command by command, in the project where `invoke publish`
    ran, against an S3 server on 127.0.0.1 (its bucket 'site' for the README's 'bucket')."""
    project, proc = published
    assert proc.returncode == 0, proc.stdout[-2000:]
    client, env = s3
    env = {**os.environ, **env, "PATH": f"{ROOT / '.venv' / 'bin'}:{os.environ['PATH']}"}
    commands = readme_block("A first deploy to object storage")
    assert commands[:2] == [". .venv/bin/activate", "invoke publish"]  # what the fixture ran
    assert commands[2].startswith("export AWS_ACCESS_KEY_ID=") and "AWS_SECRET_ACCESS_KEY=" in commands[2]
    said = []
    for command in commands[3:]:  # the credentials are in env
        done = subprocess.run(
            ["sh", "-c", command.replace("s3://bucket/site", "s3://site/readme")],
            cwd=project, env=env, capture_output=True, text=True, timeout=600,
        )  # fmt: skip
        assert done.returncode == 0, (command, done.stdout[-2000:], done.stderr[-2000:])
        said.append(done.stdout)
    assert "Dry run: nothing was sent." in said[0] and "Deployed" in said[1]
    assert client.get_object(Bucket="site", Key="readme/index.html")["ContentType"].startswith("text/html")
    # publishing on time: the listing, the units written (to a folder of the test, not /etc),
    # and go-live, which finds nothing due and the release live
    schedule = readme_block("A static site changes at a set minute")
    assert schedule[0] == "invoke schedule" and schedule[1].startswith(
        "invoke schedule --write /etc/systemd/system"
    )
    units = tmp_path / "units"
    for command in (
        "invoke schedule",
        f"invoke schedule --write {units}",
        "invoke go-live --target s3://site/readme",
    ):
        done = subprocess.run(["sh", "-c", command], cwd=project, env=env, capture_output=True, text=True)
        assert done.returncode == 0, (command, done.stdout[-2000:], done.stderr[-2000:])
    assert (units / "iomsite-go-live.timer").is_file() and "Nothing is due" in done.stdout, done.stdout
