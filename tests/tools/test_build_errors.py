"""Writers' mistakes give a clear message naming the file, and never replace a good site."""

import pytest
from conftest import MINIMAL_PRESS, FixtureSite


@pytest.fixture(scope="module")
def good_build(tmp_path_factory):
    """A fixture site with a good build, made once: the tests that need one start from a copy
    (what each asserts is about the failed build it makes next)."""
    site = FixtureSite(tmp_path_factory.mktemp("good") / "site")
    site.write("press/ok.md", MINIMAL_PRESS)
    first = site.build()
    assert first.returncode == 0 and "incremental" in first.report, first.output
    return site


@pytest.fixture
def built(good_build, tmp_path) -> FixtureSite:
    return good_build.copy(tmp_path / "site")


def test_title_is_escaped_not_executed(fixture_site):
    fixture_site.write(
        "press/x.md",
        """\
        title: <script>alert(1)</script> & <blink>blinking</blink>
        slug: escaping
        date: 2020-01-15
        dateline: Dushanbe
        summary: A summary with <em>markup</em> & "quotes"

        Body.
        """,
    )
    result = fixture_site.build()
    assert result.returncode == 0, result.output
    page = result.page("/press/escaping/")
    assert not [s for s in page.find_all("script") if s.get("type") != "application/ld+json"]
    assert not page.find("blink")
    import json

    for block in page.find_all("script", type="application/ld+json"):
        data = json.loads(block.string)  # still valid JSON, and the title cannot close the element
        assert "</script>" not in block.string
        if data.get("@type") == "NewsArticle":
            assert data["headline"].startswith("<script>alert(1)</script>")
    assert page.find("h1").get_text() == "<script>alert(1)</script> & <blink>blinking</blink>"
    assert "<script>alert(1)</script>" in page.title.get_text()
    description = page.find("meta", attrs={"name": "description"})["content"]
    assert description == "A summary with markup & “quotes”"  # tags stripped, smart quotes
    raw = result.file("/press/escaping/").read_text()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in raw


def test_missing_title_fails_naming_the_file(fixture_site):
    fixture_site.write("press/ok.md", MINIMAL_PRESS)
    fixture_site.write(
        "news/no-title.md",
        """\
        date: 2020-01-15

        Text.
        """,
    )
    result = fixture_site.build()
    assert result.returncode == 1
    assert "content/news/no-title.md:2: missing 'title' (required for a news item)" in result.output
    assert "Traceback" not in result.output
    assert not result.folder.exists()


def test_unparseable_date_fails_naming_file_and_line(fixture_site):
    fixture_site.write(
        "press/bad-date.md",
        """\
        title: A release
        dateline: Dushanbe
        date: 15th of Febuary 2006

        Text.
        """,
    )
    result = fixture_site.build()
    assert result.returncode == 1
    assert (
        "content/press/bad-date.md:4: '15th of Febuary 2006' is not a date — write it as YYYY-MM-DD"
        in result.output
    )
    assert "Traceback" not in result.output


def test_failed_build_leaves_previous_site_untouched(built):
    before = {p: p.read_bytes() for p in built.output.rglob("*") if p.is_file()}
    assert before
    built.write("news/broken.md", "date: yesterday\n\nText.\n")
    second = built.build()
    assert second.returncode == 1
    after = {p: p.read_bytes() for p in built.output.rglob("*") if p.is_file()}
    assert after == before


def test_a_content_mistake_stops_the_build_before_any_page_is_rendered(built):
    """A mistake can change every page (an article gone from the lists): the build stops as
    soon as the content check has spoken, instead of rendering the whole site first. (The
    good build before it reported its pages' figures: good_build.)"""
    fixture_site = built
    fixture_site.write("news/broken.md", "title: Broken\ndate: yesterday\n\nText.\n")
    second = fixture_site.build()
    assert second.returncode == 1
    assert "content/news/broken.md:3: 'yesterday' is not a date" in second.output
    assert second.report["outcome"] == "content-problems"
    assert any("news/broken.md:3:" in problem for problem in second.report["problems"])
    assert "incremental" not in second.report  # the writer's figures: it never got to the pages
    assert not list(fixture_site.root.glob(".output.building-*"))  # the staging folder is gone


def test_broken_internal_link_fails_the_build(fixture_site):
    fixture_site.write("press/ok.md", MINIMAL_PRESS + "\nSee [the other]({filename}missing.md).\n")
    result = fixture_site.build()
    assert result.returncode == 1
    assert "missing.md" in result.output
    assert not result.folder.exists()


def test_unknown_section_suggests_the_closest(fixture_site):
    fixture_site.write(
        "news/x.md",
        """\
        title: Item
        date: 2020-01-15
        section: counter-traficking

        Text.
        """,
    )
    result = fixture_site.build()
    assert result.returncode == 1
    assert (
        "content/news/x.md:4: unknown section 'counter-traficking' — did you mean 'counter-trafficking'?"
        in result.output
    )


def test_two_english_versions_of_one_item_fail_naming_the_files(fixture_site):
    """x.md and x.en.md are both the English version of x."""
    fixture_site.write("press/ok.md", MINIMAL_PRESS)
    fixture_site.write("press/ok.en.md", MINIMAL_PRESS.replace("a-minimal-press-release", "another"))
    result = fixture_site.build()
    assert result.returncode == 1
    assert (
        "content/press/ok.md:1: there are two 'en' versions of this item: this file and "
        "content/press/ok.en.md"
    ) in result.output
    assert "Traceback" not in result.output


def test_unknown_language_code_fails_naming_file_and_line(fixture_site):
    fixture_site.write("press/ok.md", MINIMAL_PRESS)
    fixture_site.write(
        "press/ok.fr.md",
        """\
        title: Communiqué
        date: 2020-01-15
        dateline: Douchanbé

        Texte.
        """,
    )
    result = fixture_site.build()
    assert result.returncode == 1
    assert (
        "content/press/ok.fr.md:1: the file name ends in '.fr.md', and 'fr' is not a language of the "
        "site — name it NAME.en.md (English), NAME.ru.md (Russian) or NAME.tg.md (Tajik)" in result.output
    )


def test_translation_of_a_missing_original_fails(fixture_site):
    fixture_site.write(
        "press/ok.ru.md",
        """\
        title: Пресс-релиз
        date: 2020-01-15
        dateline: Душанбе

        Текст.
        """,
    )
    result = fixture_site.build()
    assert result.returncode == 1
    assert (
        "content/press/ok.ru.md:1: this translation has no English original (ok.en.md in the same folder)"
        in result.output
    )


def test_a_field_without_a_value_is_a_field_not_given(fixture_site):
    """YAML's null (`expires: null`, as some editors write an empty field) is no value, never
    the word "null" on the page."""
    fixture_site.write(
        "press/ok.md", MINIMAL_PRESS.replace("dateline: Dushanbe", "dateline: Dushanbe\nexpires: null")
    )
    result = fixture_site.build()
    assert result.returncode == 0, result.output
    assert "null" not in result.page("/press/a-minimal-press-release/").get_text()


def test_a_content_check_that_fails_is_an_internal_error_not_a_traceback(built):
    """A bug in a plugin's check (here one that raises) stops the build with the plain message
    of an internal error and exit status 2, the previous site untouched."""
    fixture_site = built
    before = {p: p.read_bytes() for p in built.output.rglob("*") if p.is_file()}
    assert before
    plugin = fixture_site.root / "crashing_check"
    plugin.mkdir()
    (plugin / "__init__.py").write_text("def register():\n    pass\n")
    (plugin / "check.py").write_text("def content_problems(files, folder, settings):\n    raise ValueError\n")
    with fixture_site.settings.open("a") as settings:
        settings.write('\nPLUGINS = PLUGINS + ["crashing_check"]\n')
    result = fixture_site.build(env={"PYTHONPATH": str(fixture_site.root)})
    assert result.returncode == 2, result.output
    assert "The build stopped because of an internal error" in result.output
    assert "Traceback" not in result.output
    assert result.report["outcome"] == "internal-error"
    assert {p: p.read_bytes() for p in built.output.rglob("*") if p.is_file()} == before
