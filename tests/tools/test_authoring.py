"""Writers' tools: the content check, `invoke new`, and the preview that shows mistakes."""

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, FixtureSite, run_node

FIXTURE = ROOT / "tests" / "fixtures" / "mistakes"


def check_content(settings: Path):
    return subprocess.run(
        [sys.executable, "-m", "iomsite.tools.check_content", str(settings)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_every_kind_of_mistake_is_reported_once_with_file_and_line():
    proc = check_content(FIXTURE / "pelicanconf.py")
    assert proc.returncode == 1
    assert "Traceback" not in proc.stdout + proc.stderr
    lines = [line for line in proc.stdout.splitlines() if line.startswith("content/")]
    for expected in (FIXTURE / "expected.txt").read_text().splitlines():
        matching = [line for line in lines if line.startswith(expected)]
        assert len(matching) == 1, (expected, matching, proc.stdout)
    assert len(lines) == len((FIXTURE / "expected.txt").read_text().splitlines()), proc.stdout
    assert all(" — " in line for line in lines), "each problem says how to fix it"
    assert not any(line.startswith("content/press/good.md") for line in lines)


def test_the_real_content_passes_clean():
    proc = check_content(ROOT / "pelicanconf.py")
    assert proc.returncode == 0, proc.stdout
    assert proc.stdout.strip() == "The content has no problems."


def test_invoke_check_content_exits_non_zero_without_a_traceback(tmp_path):
    proc = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "invoke"), "check-content"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0 and "no problems" in proc.stdout


@pytest.mark.parametrize("kind", ["press", "news", "campaign", "page"])
def test_invoke_new_in_three_languages_builds_without_warnings(tmp_path, kind):
    site = FixtureSite(tmp_path / "site")
    from iomsite.tools.scaffold import new_content

    content = site.root / "content"
    english = new_content(kind, "A new item for testing", content_dir=content)
    slug = "a-new-item-for-testing"
    russian = new_content(
        kind, "Новый материал для проверки", lang="ru", translation_of=slug, content_dir=content
    )
    tajik = new_content(kind, "Маводи нав барои санҷиш", lang="tg", translation_of=slug, content_dir=content)
    assert (
        russian.parent == english.parent and russian.name.endswith(".ru.md") and tajik.name.endswith(".tg.md")
    )
    result = site.build()
    assert result.returncode == 0, result.output
    assert "WARNING" not in result.output
    assert "still has the example text of 'invoke new'" in result.output, "a notice while drafting"
    prefix = {"press": "press/", "news": "news/", "campaign": "campaigns/", "page": ""}[kind]
    page = result.page(f"/{prefix}{slug}/")
    switch = {a["hreflang"]: a["href"] for a in page.find("nav", class_="lang-switcher").find_all("a")}
    assert switch["ru"] == f"/ru/{prefix}novyy-material-dlya-proverki/"
    assert switch["tg"] == f"/tg/{prefix}mavodi-nav-baroi-sanjish/"


def test_invoke_new_writes_a_long_title_as_the_editor_does(tmp_path):
    """The editor folds a value longer than its line; `invoke new` writes with the editor's own
    serializer, so the editor's first save of the item changes only what the writer changes."""
    import json

    from iomsite.plugins.content_types.frontmatter import read_front_matter
    from iomsite.plugins.content_types.model import TYPES, fields_of
    from iomsite.tools.scaffold import new_content

    title = "IOM and the Migration Service open a counselling centre for returning migrants in Khujand"
    path = new_content("news", title, content_dir=FixtureSite(tmp_path / "site").root / "content")
    text = path.read_text(encoding="utf-8")
    assert "\n  " in text.split("\n---\n")[0]  # folded onto a second line
    assert read_front_matter(path)[0]["title"].value == title
    keys = tmp_path / "keys.json"
    keys.write_text(json.dumps({str(path): fields_of(TYPES["news"])}))
    proc = run_node(
        ROOT / "tools" / "editor" / "frontmatter.mjs", "roundtrip", str(keys), str(path), timeout=60
    )
    assert proc.returncode == 0 and proc.stdout.split() == [], proc.stdout + proc.stderr


def test_invoke_new_story_and_issue(tmp_path):
    site = FixtureSite(tmp_path / "site")
    from iomsite.tools.scaffold import ScaffoldError, new_content

    content = site.root / "content"
    with pytest.raises(ScaffoldError, match="say which issue"):
        new_content("story", "A story", content_dir=content)
    new_content("issue", "Quarterly newsletter, July–September 2026", issue="2026-q3", content_dir=content)
    new_content("story", "A story", issue="2026-q3", content_dir=content)
    result = site.build()
    assert result.returncode == 0, result.output
    toc = result.page("/newsletters/2026-q3/").find("nav", class_="toc")
    assert toc.find("a", href="/newsletters/2026-q3/a-story/")


def test_invoke_new_uses_today_in_dushanbe_and_the_original_date_for_translations(tmp_path):
    from iomsite.tools.scaffold import new_content, today_in_dushanbe

    site = FixtureSite(tmp_path / "site")
    content = site.root / "content"
    path = new_content("news", "Today's item", content_dir=content)
    assert f"date: {today_in_dushanbe().isoformat()}" in path.read_text()
    site.write("news/old.md", "title: Old\nslug: old\ndate: 2006-02-15\n\nText.\n")
    translation = new_content("news", "Старое", lang="ru", translation_of="old", content_dir=content)
    assert "date: 2006-02-15" in translation.read_text()


def test_preview_shows_the_content_error_in_the_browser_page(fixture_site):
    from iomsite.tools.preview import PreviewApp

    fixture_site.write("press/ok.md", "title: Fine\ndate: 2020-01-15\ndateline: Dushanbe\n\nText.\n")
    result = fixture_site.build()
    assert result.returncode == 0
    app = PreviewApp(result.folder)

    def get(path):
        response = {}
        body = b"".join(app({"PATH_INFO": path}, lambda status, headers: response.update(status=status)))
        return response["status"], body.decode()

    status, body = get("/press/fine/")
    assert status.startswith("200") and "Content-Security-Policy" not in body and "</head>" in body
    fixture_site.write("news/bad.md", "title: Bad\ndate: yesterday\n\nText.\n")
    failed = fixture_site.build()
    app.problems = "\n".join(line for line in failed.output.splitlines() if line.startswith("  "))
    status, body = get("/press/fine/")
    assert status.startswith("500") and "</head>" in body  # livereload injects its script there
    assert "content/news/bad.md:3: &#x27;yesterday&#x27; is not a date" in body
    assert get("/theme/none.css")[0].startswith("404")


def test_example_text_left_by_invoke_new_blocks_publishing(fixture_site, tmp_path):
    from iomsite.tools.publish import publish
    from iomsite.tools.scaffold import new_content

    new_content("news", "A draft", content_dir=fixture_site.root / "content")
    assert fixture_site.build().returncode == 0  # previews while drafting
    assert publish(fixture_site.root / "pelicanconf.py", tmp_path / "public", ("links",)) == 1
    assert not (tmp_path / "public").exists()


def test_progress_is_quiet_when_fast_and_counts_articles_when_slow():
    import io
    from types import SimpleNamespace

    from iomsite.tools.progress import Progress

    out = io.StringIO()
    progress = Progress(out)
    try:
        generators = [SimpleNamespace(articles=[1] * 400, translations=[1] * 100)]
        progress.read(generators)
        assert out.getvalue() == "", "quiet during the first seconds"
        progress.started -= 10  # as if the build had been running for ten seconds
        for _ in range(500):
            progress.wrote("x.html", {"article": object()})
        from blinker import signal  # what plugins/incremental sends when rendering starts

        signal("incremental-rendering-started").send(620, processes=2, background=False)
        lines = out.getvalue().splitlines()
        assert lines[0].endswith("articles prepared: 250 of 500") and lines[1].endswith(
            "articles prepared: 500 of 500"
        )
        assert lines[-1].endswith("rendering 620 pages on 2 processes; waiting for them")
    finally:
        progress.close()


def test_progress_counts_at_most_one_line_a_second():
    """A rebuild goes through thousands of reused article pages in half a second: one count
    line, then the last, not one every 250."""
    import io
    from types import SimpleNamespace

    from iomsite.tools.progress import Progress

    out = io.StringIO()
    progress = Progress(out)
    try:
        progress.started -= 10
        progress.read([SimpleNamespace(articles=[1] * 2000, translations=[1] * 1000)])
        for _ in range(3000):
            progress.wrote("x.html", {"article": object()})
        progress.rendering(5, processes=1)
        lines = [line.split("] ", 1)[1] for line in out.getvalue().splitlines()]
        assert lines == [
            "read 3000 articles; preparing pages",
            "articles prepared: 3000 of 3000",
            "rendering 5 pages on 1 process; waiting for them",
        ]
    finally:
        progress.close()
