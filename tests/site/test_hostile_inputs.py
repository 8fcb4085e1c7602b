"""Hostile and careless inputs, as writers, translators and a full disk produce them: each is
stopped with the file, the line where there is one, and the fix; never a traceback; and the
site that was there before is left exactly as it was."""

import os
import shutil
import signal
import subprocess
import sys
import time

import pytest
from conftest import MINIMAL_PRESS, ROOT, FixtureSite, run_module
from pagefind.service import get_executable


def snapshot(folder):
    return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def good_build(tmp_path_factory):
    """A fixture site with a good build in output/, built once for the module."""
    site = FixtureSite(tmp_path_factory.mktemp("hostile") / "site")
    site.write("press/ok.md", MINIMAL_PRESS)
    result = site.build()
    assert result.returncode == 0, result.output
    return site


@pytest.fixture
def built(good_build, tmp_path):
    """A copy of the good build for each test (a test changes its site), and its bytes to
    compare with. What each test asserts is about the build it makes next, from whatever good
    build was there: not about how that one was made, so the one build is shared."""
    site = good_build.copy(tmp_path / "site")
    site.before = snapshot(site.output)
    assert site.before == snapshot(good_build.output)
    return site


def refused(site: FixtureSite, *messages: str):
    """Build, and check that it stops with every message, no traceback, the old site intact;
    and that `invoke check-content` reports the same first."""
    result = site.build()
    assert result.returncode == 1, result.output
    for message in messages:
        # "file:line: ... words ...": the file and line, then the words, on one line of the report
        where, _, words = (
            message.partition(": ") if message.startswith(("content/", "i18n/")) else ("", "", message)
        )
        assert any(line.strip().startswith(where) and words in line for line in result.output.splitlines()), (
            message,
            result.output,
        )
    assert "Traceback" not in result.output and "internal error" not in result.output
    assert snapshot(site.output) == site.before
    check = run_module("iomsite.tools.check_content", site.root / "pelicanconf.py", timeout=120)
    assert "Traceback" not in check.stdout + check.stderr
    return result, check


# 1. Only what the site supports is read -----------------------------------------------------


OTHER_FORMATS = [
    ("news/evil.rst", "Evil\n====\n\n:date: 2020-01-01\n\n.. include:: /etc/passwd\n"),
    (
        "news/page.html",
        "<html><head><title>x</title><meta name='date' content='2020-01-01'></head><body>x</body></html>",
    ),
    ("news/other.markdown", "title: Other\ndate: 2020-01-01\n\nText.\n"),
    ("pages/notes.txt", "some notes"),
]


def test_a_file_of_another_format_stops_the_build_naming_it(built):
    """Each case in a file of its own, all in one build: the report names every one (and the
    suite builds once, not once per case)."""
    for name, text in OTHER_FORMATS:
        built.write(name, text)
    result, check = refused(
        built,
        *(
            f"content/{name}:1: '{name.split('/')[-1]}' is not a Markdown (.md) file"
            for name, _ in OTHER_FORMATS
        ),
    )
    assert check.returncode == 1 and all(f"content/{name}:1:" in check.stdout for name, _ in OTHER_FORMATS)
    assert "root:" not in result.output  # /etc/passwd's first line


def test_the_rst_include_of_etc_passwd_is_never_published_even_unchecked(fixture_site, tmp_path):
    """The readers themselves are off: even a build that skipped the check would not read it."""
    from pelican.settings import read_settings

    settings = read_settings(str(fixture_site.root / "pelicanconf.py"))
    for extension in ("rst", "html", "htm", "markdown", "mkd", "mdown"):
        assert settings["READERS"][extension] is None


# 2. Addresses never collide silently --------------------------------------------------------


def test_a_page_taking_the_address_of_a_list_is_refused(built):
    built.write("pages/news.md", "title: News page\nslug: news\n\nI would replace the list.\n")
    refused(
        built,
        "content/pages/news.md:3: the slug 'news' is the address of a page the site makes itself (/news/)",
    )


def test_two_things_written_to_one_address_stop_the_build_naming_both(caplog):
    """The build notes every file it writes (content_written); a second write of one file is an
    error naming both, whatever made them (the content check cannot know every address)."""
    from types import SimpleNamespace

    from iomsite.plugins.content_types import addresses

    addresses.forget()
    page = SimpleNamespace(source_path=str(ROOT / "content" / "pages" / "about.en.md"))
    context = {"OUTPUT_PATH": "/out", "PATH": str(ROOT / "content")}
    addresses.note_written("/out/news/index.html", context)
    addresses.note_written("/out/news/index.html", {**context, "page": page})
    assert [r.getMessage() for r in caplog.records if r.levelname == "ERROR"] == [
        "a page the site makes itself (a list, feed or index) and content/pages/about.en.md would both be "
        "written to /news/ — give one of them another slug "
        "(the address of a list page cannot be used by a page)"
    ]


# 3. Translation catalogues are input too ----------------------------------------------------


@pytest.fixture
def own_catalogues(built):
    (built.root / "i18n").unlink()
    shutil.copytree(ROOT / "i18n", built.root / "i18n")
    return built


def edit_po(site, lang, old, new):
    po = site.root / "i18n" / lang / "LC_MESSAGES" / "messages.po"
    text = po.read_text(encoding="utf-8")
    assert old in text
    po.write_text(text.replace(old, new, 1), encoding="utf-8")
    return next(
        i
        for i, line in enumerate(po.read_text(encoding="utf-8").splitlines(), 1)
        if new.split("\n")[-1] in line
    )


def test_a_po_syntax_error_names_the_file_and_line(own_catalogues):
    line = edit_po(own_catalogues, "tg", 'msgstr "Барчаспҳо"', 'msgstr "Барчаспҳо')
    refused(own_catalogues, f"i18n/tg/LC_MESSAGES/messages.po:{line}: this line is not .po syntax")


def test_a_placeholder_mismatch_names_the_file_and_line(own_catalogues):
    line = edit_po(
        own_catalogues, "ru", 'msgstr "Финансирование: %(name)s"', 'msgstr "Финансирование: %(имя)s"'
    )
    refused(
        own_catalogues,
        f'i18n/ru/LC_MESSAGES/messages.po:{line}: the translation of "Funded by: %(name)s" '
        "has the placeholders ['имя'], the English ['name']",
    )


@pytest.mark.parametrize("evil", ["<script>alert(1)</script>", '<img src=x onerror="alert(1)">'])
def test_markup_a_translation_adds_is_refused_and_never_runs(own_catalogues, evil):
    line = edit_po(
        own_catalogues,
        "ru",
        'msgstr "Более ранние"',
        f'msgstr "{evil.replace(chr(34), chr(92) + chr(34))}Более ранние"',
    )
    refused(
        own_catalogues, f'i18n/ru/LC_MESSAGES/messages.po:{line}: the translation of "Older" has HTML markup'
    )
    # and were it built anyway, it would be text, not markup
    from iomsite.plugins.multilang.check import markup_allowed

    assert not markup_allowed("Older", evil + "Более ранние")


def test_a_missing_catalogue_is_reported_not_replaced_by_english(own_catalogues):
    (own_catalogues.root / "i18n" / "tg" / "LC_MESSAGES" / "messages.po").unlink()
    refused(own_catalogues, "i18n/tg/LC_MESSAGES/messages.po:1: the tg translation catalogue is missing")


def test_a_fuzzy_translation_is_told_at_its_line_for_the_pages_show_the_english(own_catalogues):
    """Poedit's "Needs work" writes '#, fuzzy': the entry is left out of the site. A notice in a
    preview (a translator may keep a draft), refused by check-content and publishing."""
    line = edit_po(own_catalogues, "ru", 'msgid "Press releases"', '#, fuzzy\nmsgid "Press releases"')
    told = (
        f'i18n/ru/LC_MESSAGES/messages.po:{line}: the translation of "Press releases" is marked fuzzy '
        "(needs work): it is not used, and the pages show the English"
    )
    check = run_module("iomsite.tools.check_content", own_catalogues.root / "pelicanconf.py", timeout=120)
    assert check.returncode == 1 and told in check.stdout, check.stdout
    result = own_catalogues.build()
    assert result.returncode == 0 and f"Notice: {told}" in result.output, result.output


def test_a_catalogue_saved_with_a_byte_order_mark_is_read_whole(own_catalogues):
    po = own_catalogues.root / "i18n" / "ru" / "LC_MESSAGES" / "messages.po"
    po.write_text(po.read_text(encoding="utf-8"), encoding="utf-8-sig")  # as Notepad saves it
    check = run_module("iomsite.tools.check_content", own_catalogues.root / "pelicanconf.py", timeout=120)
    assert "messages.po" not in check.stdout, check.stdout
    result = own_catalogues.build()
    assert result.returncode == 0, result.output
    assert result.page("/ru/press/").find("h1").get_text(strip=True) == "Пресс-релизы"


@pytest.mark.parametrize("data_file", ["hotlines.yml", "donors.yml", "sections.yml", "glossary.yml"])
def test_a_data_file_not_saved_as_utf8_is_refused_at_its_first_such_line(built, data_file):
    """Saved as Windows-1251 (Russian Windows' own): a traceback and "internal error" before."""
    path = built.root / "content" / "data" / data_file
    data = path.read_text(encoding="utf-8").encode("cp1251", "replace")
    path.write_bytes(data)
    first = next(i for i, line in enumerate(data.split(b"\n"), 1) if any(byte > 127 for byte in line))
    refused(built, f"content/data/{data_file}:{first}: the file is not UTF-8 text — save it as UTF-8")


# 4. Raw HTML in Markdown, and links in data files -------------------------------------------


RAW_HTML = [
    ("<script>alert(1)</script>", "the HTML element <script> is not allowed"),
    ('<iframe src="https://evil.example/"></iframe>', "the HTML element <iframe> is not allowed"),
    (
        "<img src='/images/x.png' onerror='alert(1)' alt='x'>",
        "the attribute onerror= on <img> is not allowed",
    ),
    ('<a href="javascript:alert(1)">x</a>', "uses 'javascript:', which a page may not link to"),
    ('<a href="java\tscript:alert(1)">x</a>', "which a page may not link to"),
    ("[x](javascript:alert(1))", "uses 'javascript:'"),
    (
        '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
        "the HTML element <meta> is not allowed",
    ),
    (
        '<form action="https://evil.example/"><input name="p"></form>',
        "the HTML element <form> is not allowed",
    ),
    ('<p style="position:fixed">x</p>', "the attribute style= on <p> is not allowed"),
    ('<svg onload="alert(1)"></svg>', "the HTML element <svg> is not allowed"),
    ('<object data="x.swf"></object>', "the HTML element <object> is not allowed"),
    ('<a href="data:text/html,<script>alert(1)</script>">x</a>', "uses 'data:'"),
]


def test_raw_html_outside_the_policy_is_refused_at_its_line(built):
    """One file per case, one build: each is named at its own file and line."""
    for n, (line, _) in enumerate(RAW_HTML):
        built.write(f"news/raw-{n}.md", f"title: Raw {n}\ndate: 2020-01-02\n\nFirst paragraph.\n\n{line}\n")
    refused(built, *(f"content/news/raw-{n}.md:7: {message}" for n, (_, message) in enumerate(RAW_HTML)))


def test_text_that_only_looks_like_html_is_fine(built):
    built.write(
        "news/fine.md",
        "title: Fine\ndate: 2020-01-02\n\nCode `<script>` and <https://example.org/> "
        "and <em>emphasis</em> and [a link](https://example.org/) and [mail](mailto:a@example.org).\n",
    )
    result = built.build()
    assert result.returncode == 0, result.output


def test_a_writers_note_in_an_html_comment_is_published_nowhere(built):
    """Python-Markdown passed <!-- … --> through to the page's source, the feeds and the
    e-mail edition: a note to colleagues, readable by anyone. A comment in code is text."""
    built.write(
        "news/noted.md",
        "title: Noted\ndate: 2020-01-02\n\n<!-- NOTE: check the victim count with the office -->\n\n"
        "The first paragraph. <!-- and this figure -->\n\nCode: `<!-- shown as written -->`\n",
    )
    result = built.build()
    assert result.returncode == 0, result.output
    assert result.page("/news/noted/").find("p", string="The first paragraph. ") is not None
    leaked = [
        path
        for path in built.output.rglob("*")
        if path.is_file()
        and path.suffix in (".html", ".xml", ".json", ".txt")
        and b"victim count" in path.read_bytes()
    ]
    assert leaked == []
    assert "&lt;!-- shown as written --&gt;" in (built.output / "news/noted/index.html").read_text(
        encoding="utf-8"
    )


def test_a_donor_website_that_is_not_a_web_address_is_refused(built):
    donors = built.root / "content" / "data" / "donors.yml"
    donors.write_text(
        donors.read_text(encoding="utf-8").replace(
            "  - id: united-states\n", "  - id: united-states\n    website: javascript:alert(1)\n", 1
        ),
        encoding="utf-8",
    )
    refused(built, "the website 'javascript:alert(1)' is not a web address")


# 5. No traceback, and plain words for the machine's own troubles ----------------------------


def test_a_folder_named_like_a_file_and_a_broken_link_are_named(built):
    (built.root / "content" / "news" / "x.md").mkdir()
    (built.root / "content" / "news" / "gone.md").symlink_to(built.root / "nowhere.md")
    refused(
        built,
        "content/news/x.md:1: this is a folder named like a Markdown file",
        "content/news/gone.md:1: this is a link to a file that does not exist",
    )


def test_a_template_syntax_error_names_the_template_and_line(built):
    theme = built.root / "theme"
    theme.unlink()
    shutil.copytree(ROOT / "theme", theme)
    template = theme / "templates" / "press_release.html"
    template.write_text(
        template.read_text(encoding="utf-8").replace("{% block", "{% blok", 1), encoding="utf-8"
    )
    result = built.build()
    assert result.returncode == 1
    assert "A template has a mistake: theme/templates/press_release.html:" in result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    assert snapshot(built.output) == built.before


def test_a_cache_folder_that_is_a_file_is_named(built):
    shutil.rmtree(built.root / "cache")
    (built.root / "cache").write_text("not a folder")
    result = built.build()
    assert result.returncode == 1, result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    assert "cache" in result.output
    assert snapshot(built.output) == built.before


# 6. An interrupted build leaves nothing behind ----------------------------------------------


def test_what_a_killed_build_left_is_cleaned_and_the_search_index_finished(built):
    dead = 999_999  # no such process
    stale_copy = built.output.with_name(f".output.building-{dead}")
    shutil.copytree(built.output, stale_copy)
    half_index = built.output / f".pagefind.building-{dead}"
    half_index.mkdir()
    (half_index / "partial.pf_meta").write_bytes(b"x")
    (built.output / "pagefind" / "pagefind-entry.json").unlink()  # the index was being replaced
    result = built.build()
    assert result.returncode == 0, result.output
    assert not stale_copy.exists() and not half_index.exists()
    assert (built.output / "pagefind" / "pagefind-entry.json").exists(), "the search index was made again"
    assert "Search index refreshed" in result.output


# 7. The content check and the build agree ---------------------------------------------------


REFUSED_LINKS = [
    (
        "![A tracker](https://tracker.example/p.gif)",
        "the image 'https://tracker.example/p.gif' is not a file of the site",
    ),
    ('<img src="https://tracker.example/p.gif" alt="t">', "comes from another site"),
    ("[up]({filename}../../../../etc/passwd)", "points to no file of the content folder"),
    ("![Secret]({static}/../../secret.png)", "points outside the content folder"),
]


def test_what_the_build_would_refuse_the_check_reports_first_at_its_line(built):
    (built.root / "secret.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    for n, (body, _) in enumerate(REFUSED_LINKS):
        built.write(f"news/x{n}.md", f"title: X {n}\ndate: 2020-01-02\n\nFirst.\n\n{body}\n")
    result, check = refused(
        built, *(f"content/news/x{n}.md:7: {m}" for n, (_, m) in enumerate(REFUSED_LINKS))
    )
    for n, (_, message) in enumerate(REFUSED_LINKS):
        assert any(
            line.startswith(f"content/news/x{n}.md:7: ") and message in line
            for line in check.stdout.splitlines()
        ), (message, check.stdout)


# 8. What editors on Windows write is accepted -----------------------------------------------


def test_a_byte_order_mark_and_windows_line_ends_are_accepted(built):
    path = built.root / "content" / "news" / "notepad.md"
    path.write_bytes(
        (
            "\ufeff---\r\ntitle: Written in Notepad\r\ndate: 2020-01-03\r\n---\r\n\r\nText from Windows.\r\n"
        ).encode("utf-8")
    )
    result = built.build()
    assert result.returncode == 0, result.output
    assert result.page("/news/written-in-notepad/").find("h1").get_text() == "Written in Notepad"


CONTROL_CHARACTERS = [
    ("title: A NUL\x00 in the title", "Text.", 2, "a NUL character (U+0000)"),
    ("title: Pasted \x1b[0m", "Text.", 2, "an escape character (U+001B)"),
    ("title: Page break", "First.\n\nPasted from Word\x0c.", 8, "a page-break character (U+000C)"),
    # Python would count these as line ends, editors and Markdown do not
    ("title: A\u2028separated title", "Text.", 2, "a Unicode line separator (U+2028)"),
    ("title: Separator", "One\u2028two.\n\nThree\x85four.", 6, "a Unicode line separator (U+2028)"),
]


def test_an_invisible_control_character_is_named_at_its_line(built):
    """Text pasted from other programs brings characters no editor shows: YAML refused them
    with a traceback, the feeds' XML could not hold them, and line separators shifted every
    line number after them. (One file per case, one build.)"""
    expected = []
    for n, (field, body, line, name) in enumerate(CONTROL_CHARACTERS):
        path = built.root / "content" / "news" / f"pasted-{n}.md"
        path.write_text(f"---\n{field}\ndate: 2020-01-03\n---\n\n{body}\n", encoding="utf-8")
        expected.append(f"content/news/pasted-{n}.md:{line}: this line has {name} in it")
    result, check = refused(built, *(f"{where} — delete it" for where in expected))
    assert check.returncode == 1
    assert all(where in check.stdout for where in expected), check.stdout


# 9. The image cache is not trusted blindly --------------------------------------------------


def test_a_truncated_derivative_in_the_cache_is_made_again(built):
    cache = built.root / "cache" / "images"
    victim = next(p for p in sorted(cache.glob("*.png")) if not p.name.startswith("."))
    good = victim.read_bytes()
    published = built.output / "media" / victim.name
    os.truncate(victim, len(good) // 2)  # cut in place: the published link is cut with it
    assert published.read_bytes() != good
    result = built.build()
    assert result.returncode == 0, result.output
    assert victim.read_bytes() == good and published.read_bytes() == good


# 10. What the build cannot use as written, the check names first ---------------------------


UNUSABLE_VALUES = [
    # was a traceback deep in the feeds
    (
        "title:\n  - First title\n  - Second title",
        "2: 'title' is a list of 2 items, but it holds one text",
    ),
    # was Pelican's "Duplicate definition of `tags`", naming no line
    (
        "title: Tags\ntags:\n  - migration\n  - health",
        "3: 'tags' is a list of 2 items, but it holds one text",
    ),
    # was Pelican's "Unknown status", naming no line; 'hidden' published a page no list showed
    (
        "title: Status\nstatus: publish",
        "3: status 'publish' is not known — write status: draft, or status",
    ),
    ("title: Status\nstatus: hidden", "3: status 'hidden' is not known"),
    # were a title of base64 text and a title without its first word
    ("title: !!binary SGVsbG8=", "2: YAML reads the '!' at the start of this value as a type"),
    ("title: &amp Co", "2: YAML reads the '&' at the start of this value as an anchor name and drops it"),
]


def test_a_value_the_build_cannot_use_is_named_by_the_check_at_its_line(built):
    for n, (fields, _) in enumerate(UNUSABLE_VALUES):
        built.write(f"news/x{n}.md", f"{fields}\ndate: 2020-01-02\n\nText.\n")
    expected = [f"content/news/x{n}.md:{message}" for n, (_, message) in enumerate(UNUSABLE_VALUES)]
    result, check = refused(built, *expected)
    assert all(where in check.stdout for where in expected), check.stdout


# 11. The check reads exactly the files the build reads --------------------------------------

SECRET = "---\ntitle: Not for the site\ndate: 2020-01-02\n---\n\nSECRET TEXT.\n"


LINKS_OUT = [
    ("news/x.md", "outside/secret.md", "this is a link to something outside the content folder"),
    ("news/drafts", "outside", "this is a link to something outside the content folder"),
    ("news/loop", "content/news", "this is a link to a folder"),
]


def test_a_link_leading_out_of_the_content_folder_is_refused_not_published(built):
    """Pelican follows links: a link to a folder of drafts (or to any file of the machine) was
    published, which the check, not following them, never read."""
    (built.root / "outside").mkdir()
    (built.root / "outside" / "secret.md").write_text(SECRET, encoding="utf-8")
    for link, target, _ in LINKS_OUT:
        (built.root / "content" / link).symlink_to(built.root / target)
    expected = [f"content/{link}:1: {message}" for link, _, message in LINKS_OUT]
    result, check = refused(built, *expected)
    assert all(where in check.stdout for where in expected), check.stdout
    assert "SECRET" not in result.output


OUTSIDE_THE_FOLDERS = ["x.md", "blog/x.md", "images/x.md", "data/x.md"]


def test_a_markdown_file_outside_the_content_folders_is_named(built):
    """It was never published, and nothing said so."""
    for name in OUTSIDE_THE_FOLDERS:
        built.write(name, "title: Lost\ndate: 2020-01-02\n\nText.\n")
    result, check = refused(
        built,
        *(
            f"content/{name}:1: this file is outside the content folders: it is not"
            for name in OUTSIDE_THE_FOLDERS
        ),
    )
    assert all(
        f"content/{name}:1: this file is outside the content folders" in check.stdout
        for name in OUTSIDE_THE_FOLDERS
    )


def test_hidden_files_and_editors_backups_are_read_by_neither_the_check_nor_the_build(built):
    """A hidden file (or one in a hidden folder) was published although no writer sees it in
    a file browser; README.md, which the build skips, was refused by the check."""
    for name in ("news/.hidden.md", "news/.drafts/draft.md", "news/#autosave.md#", "news/notes.md~"):
        built.write(name, SECRET)
    built.write("news/README.md", "Notes for the team, without fields.\n", fence=False)
    check = run_module("iomsite.tools.check_content", built.settings)
    assert check.returncode == 0, check.stdout
    result = built.build()
    assert result.returncode == 0, result.output
    assert not [p for p in result.folder.rglob("*") if p.is_file() and b"SECRET" in p.read_bytes()]


# 12. A build killed while the search index is refreshed -------------------------------------


def indexed_text(output) -> str:
    """The text of every page the search index holds (Pagefind's fragments are gzipped JSON)."""
    import gzip

    return "".join(
        gzip.decompress(f.read_bytes()).decode("utf-8", "replace")
        for f in (output / "pagefind" / "fragment").glob("*.pf_fragment")
    )


@pytest.mark.parametrize(
    "moment, signal_number, full",
    [
        ("pagefind", signal.SIGKILL, False),  # an edit: the new page moved in, Pagefind refreshing
        ("pagefind", signal.SIGTERM, True),  # --full: the whole site swapped in with the old index
        ("pages in place", signal.SIGKILL, False),  # before Pagefind has started
        ("pages in place", signal.SIGTERM, True),
    ],
)
def test_a_build_killed_while_the_search_index_is_refreshed_leaves_it_to_the_next_build(
    built, moment, signal_number, full
):
    """The pages go in place first and the index is refreshed after. A build killed in between
    (here for real: the build's process group, Pagefind with it, when Pagefind runs or as soon
    as the new page is in place) left the new pages with the old index, and Pagefind's work
    folder, which nothing removed; the next build, having no page to change, kept that index."""
    assert "Kabutarkhona" not in indexed_text(built.output)
    built.write("news/new.md", "title: New\ndate: 2020-01-04\n\nThe Kabutarkhona market reopened.\n")
    new_page = built.output / "news" / "new" / "index.html"
    command = [sys.executable, "-m", "iomsite.tools.build", "--settings", str(built.settings)]
    command += ["--output", str(built.output)] + (["--full"] if full else [])
    # Pagefind's own PAGEFIND_BINARY_PATH names a stand-in that says it started, then waits
    # before it becomes Pagefind: the kill lands while the index is refreshed, however fast
    # the refresh (polling for the real process missed a refresh of a tenth of a second).
    started = built.root / "pagefind-started"
    stand_in = built.root / "slow-pagefind"
    stand_in.write_text(f'#!/bin/sh\ntouch "{started}"\nsleep 30\nexec "{get_executable()}" "$@"\n')
    stand_in.chmod(0o755)
    env = {**os.environ, "PAGEFIND_BINARY_PATH": str(stand_in)}
    build = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, start_new_session=True, env=env)
    try:
        while not (started.exists() if moment == "pagefind" else new_page.exists()):
            assert build.poll() is None, f"the build ended before the moment ({moment})"
            time.sleep(0.002)
        os.killpg(build.pid, signal_number)  # the build and Pagefind, as a closed terminal would
    finally:
        build.wait(timeout=60)
    assert new_page.exists()  # the pages were in place
    assert "Kabutarkhona" not in indexed_text(built.output)  # and the index was the old one

    again = built.build()
    assert again.returncode == 0, again.output
    assert "Search index refreshed" in again.output
    assert "Kabutarkhona" in indexed_text(built.output)
    assert not [p.name for p in built.output.iterdir() if p.name.startswith((".pagefind", "..pagefind"))]
    assert not list(built.root.glob(".output.building-*"))
    assert built.build().report["search_index"] == "kept"  # and then it is kept, as it should be


def test_after_a_build_without_search_the_next_build_makes_the_index_again(built):
    """`--no-search` keeps the previous index while the pages change; the next build, with no
    page left to change, made no new one and search never found the new page."""
    built.write("news/new.md", "title: New\ndate: 2020-01-04\n\nThe Kabutarkhona market reopened.\n")
    command = [sys.executable, "-m", "iomsite.tools.build", "--settings", str(built.settings)]
    quick = subprocess.run(command + ["--output", str(built.output), "--no-search"], cwd=ROOT, timeout=300)
    assert quick.returncode == 0
    assert "Kabutarkhona" not in indexed_text(built.output)
    again = built.build()
    assert again.returncode == 0, again.output
    assert "Kabutarkhona" in indexed_text(built.output)


MARKDOWN_ATTRIBUTES = [
    ("[x](&#106;avascript:alert(1))", 7, "uses 'javascript:', which a page may not link to"),
    ("[x][r]\n\n[r]: javascript:alert(1)", 9, "uses 'javascript:', which a page may not link to"),
    ("[x][r]\n\n[r]: &#x6A;avascript:alert(1)", 9, "uses 'javascript:'"),
    ('A paragraph.\n{: onclick="alert(1)" }', 8, "the attribute onclick= is not allowed in the text"),
    ('[x](https://example.org){: style="position:fixed"}', 7, "the attribute style= is not allowed"),
    ('[x](https://example.org){: href="javascript:alert(1)"}', 7, "uses 'javascript:'"),
    ("See <a href=`https://example.org`>this</a>.", 7, "the value of href= on <a> is in backticks (`)"),
]


def test_links_and_attributes_markdown_makes_are_named_by_the_check_at_their_line(built):
    """Markdown writes these into the page as attributes; the build refused them in the HTML
    it made, naming no line, and the content check let them pass. (One file per case, one
    build: each is named at its own file and line.)"""
    for n, (body, _, _) in enumerate(MARKDOWN_ATTRIBUTES):
        built.write(f"news/x{n}.md", f"title: X {n}\ndate: 2020-01-02\n\nFirst.\n\n{body}\n")
    expected = [(f"content/news/x{n}.md:{line}: ", m) for n, (_, line, m) in enumerate(MARKDOWN_ATTRIBUTES)]
    result, check = refused(built, *(where + message for where, message in expected))
    for where, message in expected:
        assert any(text.startswith(where) and message in text for text in check.stdout.splitlines()), (
            where,
            message,
            check.stdout,
        )


def test_builds_sharing_a_cold_cache_at_once_all_succeed(tmp_path):
    """A preview and a build (or the suite's workers) may make the same PDF and images at
    once into one cache: each writes its own temporary file, none loses the other's."""
    from concurrent.futures import ThreadPoolExecutor

    from conftest import run_build

    # The English newsletter and the site's images, not the whole real content: the builds race
    # for the same PDF and image derivatives however many there are (with all the content and
    # three PDFs, the three cold builds took twice as long).
    site = FixtureSite(tmp_path / "site", settings='SITE_TODAY = "2026-12-01"', warm_caches=False)
    issue = site.content / "newsletters" / "2012"
    issue.mkdir(parents=True)
    for story in (ROOT / "content" / "newsletters" / "2012").glob("*.en.md"):
        shutil.copy(story, issue / story.name)
    with ThreadPoolExecutor(max_workers=3) as pool:
        results = list(
            pool.map(lambda n: run_build(site.settings, tmp_path / f"out{n}", fresh=True), range(3))
        )
    assert [r.returncode for r in results] == [0, 0, 0], [r.output for r in results if r.returncode]
    pdfs = {r.folder / "newsletters" / "2012" / "iom-tajikistan-newsletter-2012-en.pdf" for r in results}
    assert len({p.read_bytes() for p in pdfs}) == 1
    assert len(list((site.root / "cache" / "images").glob("*.webp"))) >= 9  # made at once, too


def test_a_build_stopped_by_an_internal_error_leaves_no_process_behind(tmp_path):
    """An internal error while the Markdown workers are up: the build says so and ends, and
    whoever waits for its output is not kept waiting by its workers."""
    site = FixtureSite(tmp_path / "site", content="real", settings='SITE_TODAY = "2026-12-01"')
    crash = (
        "import runpy, sys\n"
        "import iomsite.plugins.newsletter_pdf.plugin as pdf\n"
        "def broken(*args, **kwargs):\n"
        "    raise FileNotFoundError('a simulated internal error')\n"
        "pdf.make_pdfs = broken\n"
        f"sys.argv = ['build', '--settings', {str(site.settings)!r}, '--output', {str(tmp_path / 'out')!r}]\n"
        "runpy.run_module('iomsite.tools.build', run_name='__main__')\n"
    )
    proc = subprocess.run([sys.executable, "-c", crash], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and "internal error" in proc.stdout, proc.stdout + proc.stderr
