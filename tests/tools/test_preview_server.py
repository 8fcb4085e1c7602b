"""The preview (`invoke livereload`, tools/preview.py): the edited page served at once from the
last build's memory, the whole site after the build behind it, and what it serves after any
sequence of saves equal to a clean build of the same content."""

import json
import re
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import ROOT, FixtureSite

from iomsite.tools.preview import CSP_META, RELOAD_SCRIPT, PreviewServer, watched_paths


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    site = FixtureSite(tmp_path_factory.mktemp("preview") / "site", content="real")
    server = PreviewServer(site.settings, site.output, watched_paths(site.settings), say=lambda text: None)
    server.start(port=0, host="127.0.0.1")
    server.site = site
    yield server
    server.stop()


def get(server, path: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{server.server.server_port}{path}", timeout=10) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def renderer_ready(server) -> None:
    """The last build's process answers only once it has noted the texts it was built from; a
    file saved before that gets no quick page (rightly: it cannot tell what changed)."""
    server.builder.quick_page(Path("/nothing/to/render.md"))


def save(server, path: Path, text: str) -> None:
    """Write as an editor saves, then wait until the preview has seen it and built it."""
    renderer_ready(server)
    seen = server.saves
    path.write_text(text, encoding="utf-8")
    settle(server, seen)


def settle(server, seen: int) -> None:
    deadline = time.monotonic() + 60
    while server.saves == seen:
        assert time.monotonic() < deadline, "the preview never saw the save"
        time.sleep(0.02)
    while server.built_through < server.saves or server.pending.is_set() or server.app.quick:
        assert time.monotonic() < deadline, "the preview's build never came in"
        time.sleep(0.05)


def slug_of(path: Path) -> str:
    return re.search(r"^slug: (.+)$", path.read_text(encoding="utf-8"), re.M).group(1).strip()


def test_a_changed_text_is_served_at_once_then_the_build_agrees(preview):
    content = preview.site.content
    english = content / "press" / "2006-02-15-memorandum-combating-human-trafficking.en.md"
    address = f"/press/{slug_of(english)}/"
    quick_before = preview.quick_pages
    renderer_ready(preview)
    seen = preview.saves
    text = english.read_text(encoding="utf-8")
    english.write_text(text + "\nA sentence saved just now.\n", encoding="utf-8")
    started = time.monotonic()
    while "A sentence saved just now." not in get(preview, address)[1]:
        assert time.monotonic() - started < 30
        time.sleep(0.01)
    assert preview.quick_pages == quick_before + 1  # served from memory, not by the build
    settle(preview, seen)
    assert "A sentence saved just now." in get(preview, address)[1]
    assert preview.quick_differed == []  # the build made the same page


def test_the_preview_after_saves_renames_deletions_and_new_files_is_a_clean_build(preview, tmp_path):
    content = preview.site.content
    press = content / "press"
    russian = press / "2006-02-15-memorandum-combating-human-trafficking.ru.md"
    quick_before = preview.quick_pages
    save(preview, russian, russian.read_text(encoding="utf-8") + "\nПредложение, добавленное сейчас.\n")
    about = content / "pages" / "about.tg.md"
    save(preview, about, about.read_text(encoding="utf-8") + "\nҶумлае, ки ҳозир илова шуд.\n")
    story = sorted((content / "newsletters").rglob("*.ru.md"))[0]
    save(preview, story, story.read_text(encoding="utf-8") + "\nЕщё одно предложение.\n")
    assert preview.quick_pages == quick_before + 3  # a release, a page and a story: each at once
    news = sorted((content / "news").glob("*.en.md"))
    english = news[2]
    text = english.read_text(encoding="utf-8")
    retitled = re.sub(r"^title: .*$", "title: A title changed in the preview", text, count=1, flags=re.M)
    save(preview, english, retitled)
    assert "A title changed in the preview" in get(preview, f"/news/{slug_of(english)}/")[1]

    seen = preview.saves
    stem = news[0].name.removesuffix(".en.md")
    for version in sorted(news[0].parent.glob(f"{stem}.*.md")):  # an item renamed: all its languages
        version.rename(version.with_name(version.name.replace(stem, "2016-06-01-renamed-in-the-preview")))
    settle(preview, seen)
    seen = preview.saves
    news[1].with_suffix("").with_suffix(".tg.md").unlink()
    settle(preview, seen)
    save(
        preview,
        content / "news" / "2026-11-30-added-in-the-preview.en.md",
        "---\ntitle: Added in the preview\ndate: 2026-11-30\nsection: counter-trafficking\n---\n\n"
        "New text.\n",
    )
    assert "New text." in get(preview, "/news/added-in-the-preview/")[1]

    bad = content / "news" / "2026-11-30-added-in-the-preview.en.md"
    good = bad.read_text(encoding="utf-8")
    save(preview, bad, good.replace("date: 2026-11-30", "date: yesterday"))
    status, page = get(preview, "/news/added-in-the-preview/")
    assert status == 500 and "is not a date" in page
    save(preview, bad, good + "\nMended.\n")
    assert get(preview, "/news/added-in-the-preview/")[0] == 200

    clean = tmp_path / "clean"
    built = preview.site.build(output=clean, full=True)
    assert built.returncode == 0, built.output
    clean_pages = {p.relative_to(clean).as_posix() for p in clean.rglob("*.html")}
    served_pages = {p.relative_to(preview.output).as_posix() for p in preview.output.rglob("*.html")}
    assert served_pages == clean_pages
    for name in sorted(clean_pages):
        address = "/" + name.removesuffix("index.html")
        status, page = get(preview, address)
        expected = CSP_META.sub(b"", (clean / name).read_bytes()).decode()
        assert RELOAD_SCRIPT.sub(b"", page.encode(), count=1).decode() == expected, name
    assert preview.quick_differed == []


def test_an_open_page_reloads_itself_in_the_browser_after_a_save(preview):
    english = preview.site.content / "pages" / "about.en.md"
    address = f"http://127.0.0.1:{preview.server.server_port}/about/"
    assert get(preview, "/about/")[0] == 200
    browser = subprocess.Popen(
        ["node", str(Path(__file__).with_name("preview_reload.mjs")), address, "Words the browser waits for"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert browser.stdout.readline().strip() == "ready"
        seen = preview.saves
        english.write_text(
            english.read_text(encoding="utf-8") + "\nWords the browser waits for.\n", encoding="utf-8"
        )
        result = json.loads(browser.stdout.readline())
        settle(preview, seen)
    finally:
        browser.kill()
    assert result["found"] and result["errors"] == []


def test_a_text_with_a_mistake_is_never_shown_at_once_only_the_problems(preview):
    """Raw HTML in a body (refused by the content check) must not reach the page, not even
    for the second before the build says why."""
    russian = preview.site.content / "pages" / "about.ru.md"
    address = "/ru/mom-v-tadzhikistane/"
    text = russian.read_text(encoding="utf-8")
    assert get(preview, address)[0] == 200
    quick_before = preview.quick_pages
    save(preview, russian, text + '\n<script>alert("x")</script>\n')
    assert preview.quick_pages == quick_before
    status, page = get(preview, address)
    assert status == 500 and "content/pages/about.ru.md" in page and "<script>alert" not in page
    save(preview, russian, text)
    assert get(preview, address)[0] == 200
