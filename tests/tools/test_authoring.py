"""Writers' tools: the content check, `invoke new`, and the preview that shows mistakes."""

import datetime
import json
import subprocess
import textwrap
from pathlib import Path

import pytest
from conftest import ROOT, FixtureSite, run_module, run_node

from iomsite.core.model import PLACEHOLDER_BODY, PLACEHOLDER_SUMMARY

FIXTURE = ROOT / "tests" / "fixtures" / "mistakes"


def check_content(settings: Path):
    return run_module("iomsite.tools.check_content", settings, timeout=120)


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

    from iomsite.core.frontmatter import read_front_matter
    from iomsite.core.model import TYPES, fields_of
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
    assert status.startswith("200") and "Content-Security-Policy" not in body
    assert '<script src="/_preview/reload.js" data-served="0"></script></head>' in body
    fixture_site.write("news/bad.md", "title: Bad\ndate: yesterday\n\nText.\n")
    failed = fixture_site.build()
    app.problems = "\n".join(line for line in failed.output.splitlines() if line.startswith("  "))
    status, body = get("/press/fine/")
    assert status.startswith("500") and "/_preview/reload.js" in body  # it reloads once mended
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


ISSUE_EXAMPLE = (
    "title: Newsletter\ndate: 2026-09-30\nissue_label: July-September 2026\nsignatory: A. Name\n"
    "signatory_role: Chief of Mission\n\nForeword.\n"
)


@pytest.fixture(scope="module")
def messages(tmp_path_factory) -> list[str]:
    """What the content check prints for a few writers' mistakes, in one run."""
    site = FixtureSite(tmp_path_factory.mktemp("messages") / "site")
    site.write(
        "news/impossible-dates.en.md", "title: Dates\ndate: 2017-13-45\nmodified: 2017-02-31\n\nText.\n"
    )
    site.write(
        "news/late.en.md", "title: Late\ndate: 2017-03-28 25:00\nmodified: 2017-03-28 09.00\n\nText.\n"
    )
    site.write(
        "press/2006-02-15-memorandum.en.md", "title: M\ndate: 2006-02-15\ndateline: Dushanbe\n\nText.\n"
    )
    site.write(
        "press/2006-02-15-memorandom.ru.md", "title: М\ndate: 2006-02-15\ndateline: Душанбе\n\nТекст.\n"
    )
    site.write("press/unrelated.tg.md", "title: Т\ndate: 2006-02-15\ndateline: Душанбе\n\nМатн.\n")
    site.write(
        "news/market.en.md",
        "title: Market\ndate: 2017-03-28\nsection: counter-trafficking\nstatus: draft\n"
        "image: images/share-en.png\nimage_alt: The site's emblem\n\nText.\n",
    )
    site.write("news/market.ru.md", "title: Рынок\ndate: 2017-03-29\n\nТекст.\n")
    site.write(
        "news/moved.en.md",
        "title: Moved\ndate: 2017-03-28\nredirect_from: https://www.iom.tj/news/old-name/\n"
        "joomla_id: abc\n\nText.\n",
    )
    site.write(
        "news/no-alt.en.md",
        "title: No alt\ndate: 2017-03-28\nimage: images/share-en.png\nimage_alt:\n\nText.\n",
    )
    site.write("pages/contact.en.md", "title: Contact\nslug: contact\n\nText.\n")
    site.write(
        "press/mails.en.md",
        "title: Mails\ndate: 2006-02-15\ndateline: Dushanbe\n"
        "contact_email: iomdushanbe@iom,tajnet.com\n\nText.\n",
    )
    site.write(
        "press/mailto.en.md",
        "title: Mailto\ndate: 2006-02-15\ndateline: Dushanbe\ncontact_email: mailto:a@iom.int\n\nText.\n",
    )
    site.write(
        "campaigns/slips.en.md",
        """\
        title: Slips
        date: 2026-07-30
        hashtag: EndHumanTrafficking
        figures:
          - 17 | victims assisted | 2019
          - 8 other cases of potential trafficking prevented | first half of 2019

        Text.
        """,
    )
    site.write(
        "campaigns/spaced.en.md",
        'title: Spaced\ndate: 2026-07-30\nhashtag: "#End Human Trafficking"\n\nText.\n',
    )
    site.write("newsletters/2026 Q3/issue.en.md", ISSUE_EXAMPLE)
    site.write("newsletters/2026-q4/Issue.en.md", ISSUE_EXAMPLE)
    site.write(
        "news/pasted.en.md", "title: Pasted\nslug:\u00a0pasted-from-outlook\ndate: 2017-03-28\n\nText.\n"
    )
    site.write(
        "news/alts.en.md",
        "title: Alts\ndate: 2017-03-28\n\n![IMG_2034.JPG](/images/share-en.png)\n\n"
        '<img src="/images/share-en.png">\n\n<img src="/images/share-en.png" alt="Фото">\n\n'
        "![Officers at the consular training](/images/share-en.png)\n",
    )
    site.write("news/broken.en.md", "title: Istaravshan: a theatre\ndate: 2017-03-28\n\nText.\n")
    site.write("news/broken.ru.md", "title: Истаравшан\ndate: 2017-03-28\n\nТекст.\n")
    site.write(
        "campaigns/hashes.en.md",
        """\
        title: Hashes
        date: 2026-07-30
        hashtag: #EndHumanTrafficking
        tagline: Act to #EndHumanTrafficking
        figures: 17 | victims | 2026
          8 | prevented | 2026
        events:
          - 2026-07-30 | Theatre | Khujand | Sughd
          - 2026-08-02 | Forum #youth | Dushanbe

        Text.
        """,
    )
    proc = check_content(site.settings)
    assert proc.returncode == 1 and "Traceback" not in proc.stdout + proc.stderr, proc.stdout + proc.stderr
    return [line for line in proc.stdout.splitlines() if line.startswith("content/")]


def found(messages: list, path: str) -> list[tuple]:
    """(line, problem, fix) of each message about one file."""
    return [
        (int(line.split(":")[1]), *line.split(": ", 1)[1].split(" — ", 1))
        for line in messages
        if line.startswith(f"content/{path}:")
    ]


def test_a_date_in_the_right_form_says_which_number_is_wrong(messages):
    fix = "write it as YYYY-MM-DD, e.g. 2006-02-15"
    with_time = f"{fix} (optionally with a time: 2006-02-15 10:30)"
    assert found(messages, "news/impossible-dates.en.md") == [
        (3, "'2017-13-45' is not a date: there is no month 13 (months go from 01 to 12)", with_time),
        (4, "'2017-02-31' is not a date: February 2017 has 28 days, so there is no day 31", fix),
    ]
    assert found(messages, "news/late.en.md") == [
        (3, "'2017-03-28 25:00' is not a date: there is no hour 25 (hours go from 00 to 23)", with_time),
        (4, "'2017-03-28 09.00' is not a date: '09.00' after the day is not a time (HH:MM)", fix),
    ]


def test_a_translation_stating_another_date_or_theme_or_public_before_its_english_is_refused(messages):
    """Each made the Russian page say another fact than the English, or left it public (its
    language link to the English leading to the home page) while the English was a draft."""
    english = "content/news/market.en.md"
    assert found(messages, "news/market.ru.md") == [
        (
            1,
            f"the English ({english}) is a draft, and this translation would be published without it",
            "write status: draft here too, until the English is published",
        ),
        (
            1,
            f"the image is missing here and 'images/share-en.png' in the English ({english}): "
            "every version of an item states the same image",
            "write image: images/share-en.png, as the English does (or change both)",
        ),
        (
            1,
            f"the section is missing here and 'counter-trafficking' in the English ({english}): "
            "every version of an item states the same section",
            "write section: counter-trafficking, as the English does (or change both)",
        ),
        (
            3,
            f"the date is '2017-03-29' here and '2017-03-28' in the English ({english}): every "
            "version of an item states the same date",
            "write date: 2017-03-28, as the English does (or change both)",
        ),
    ]


def test_an_old_address_copied_whole_and_an_old_number_in_words_are_refused(messages):
    assert found(messages, "news/moved.en.md") == [
        (
            4,
            "the old address 'https://www.iom.tj/news/old-name' is a whole web address: a redirect "
            "matches only the part after the site's name",
            "write the path only: /news/old-name",
        ),
        (5, "joomla_id 'abc' is not a whole number of 1 or more", "write it in digits, e.g. joomla_id: 2"),
    ]


def test_what_the_build_would_refuse_after_the_check_the_check_refuses(messages):
    """An empty image_alt and the slug of the contact page passed the check; the build then
    stopped (the slug with no line)."""
    assert found(messages, "news/no-alt.en.md") == [
        (5, "the lead image has no 'image_alt'", "write what the photo shows after 'image_alt:'")
    ]
    assert found(messages, "pages/contact.en.md") == [
        (
            3,
            "the slug 'contact' is the address of a page the site makes itself (/contact/)",
            "give this page another slug, e.g. 'about-our-contact'",
        )
    ]


def test_a_contact_email_that_is_not_one_address_is_refused_with_the_address_to_write(messages):
    """Both were published as links: mailto:iomdushanbe@iom,tajnet.com and mailto:mailto:…"""
    assert found(messages, "press/mails.en.md") == [
        (
            5,
            "contact_email 'iomdushanbe@iom,tajnet.com' is not one e-mail address",
            "write the address alone, e.g. contact_email: name@iom.int (the page makes it a link)",
        )
    ]
    assert found(messages, "press/mailto.en.md")[0][2] == (
        "write the address alone, e.g. contact_email: a@iom.int (the page makes it a link)"
    )


def test_a_hashtag_without_its_hash_or_with_spaces_and_a_figure_without_its_number_are_refused(messages):
    """Each was published: the hashtag without # or cut at its first space by the networks, the
    sentence in large type as the figure's number."""
    slips = found(messages, "campaigns/slips.en.md")
    assert slips[0][:2] == (4, "the hashtag 'EndHumanTrafficking' has no # before it")
    assert slips[0][2] == 'write it as one word after #, in double quotes: hashtag: "#EndHumanTrafficking"'
    assert slips[1][0] == 7 and slips[1][1].startswith(
        "the figure '8 other cases of potential trafficking prevented | first half of 2019' does not "
        "start with its number"
    )
    assert len(slips) == 2
    assert found(messages, "campaigns/spaced.en.md") == [
        (
            4,
            "the hashtag '#End Human Trafficking' is not one word after # (a social network would take "
            "only '#End')",
            'write it as one word after #, in double quotes: hashtag: "#EndHumanTrafficking"',
        )
    ]


def test_an_issue_folder_that_is_no_address_and_an_issue_file_in_capitals_are_told_to_be_renamed(messages):
    """'2026 Q3' made pages at /newsletters/2026 Q3/ (a raw space in the sitemap and feeds);
    'Issue.en.md' was read as a story, with the story fields' errors and no word of the name."""
    assert found(messages, "newsletters/2026 Q3/issue.en.md") == [
        (
            1,
            "the issue's folder '2026 Q3' is its address (/newsletters/2026 Q3/), and may hold only small "
            "latin letters, digits and hyphens",
            "rename the folder, e.g. content/newsletters/2026-q3/",
        )
    ]
    assert found(messages, "newsletters/2026-q4/Issue.en.md") == [
        (1, "the issue file is named 'Issue.en.md'", "rename it issue.en.md (small letters)")
    ]


def test_a_non_breaking_space_after_a_fields_name_is_named_with_the_fix_that_works(messages):
    """YAML refused the line, and the fix given ("put the whole value in double quotes") gave
    the same error: the cause is invisible."""
    assert found(messages, "news/pasted.en.md") == [
        (
            3,
            "a non-breaking space after 'slug:' (pasted from an e-mail or a chat): the line cannot be read",
            "delete the space after 'slug:' and type an ordinary one",
        )
    ]


def test_an_image_whose_alt_text_is_missing_from_html_or_says_nothing_is_refused(messages):
    """A file's name or "photo" told a screen reader's user nothing; an <img> in HTML without
    alt passed (Markdown's ![](…) was refused)."""
    told = found(messages, "news/alts.en.md")
    assert [(line, problem.split(" of the image")[0].split(" has no")[0]) for line, problem, _ in told] == [
        (5, "the alt text 'IMG_2034.JPG'"),
        (7, 'the image <img src="/images/share-en.png">'),
        (9, "the alt text 'Фото'"),
    ]


def test_a_translation_of_an_english_file_with_a_mistake_is_not_told_it_has_no_english(messages):
    assert [line for line, *_ in found(messages, "news/broken.en.md")] == [2]
    assert found(messages, "news/broken.ru.md") == []


def test_a_translation_without_its_english_file_is_told_the_nearest_english_name(messages):
    assert found(messages, "press/2006-02-15-memorandom.ru.md") == [
        (
            1,
            "this translation has no English original (2006-02-15-memorandom.en.md in the same folder)",
            "if it translates 2006-02-15-memorandum.en.md, rename it 2006-02-15-memorandum.ru.md: "
            "a translation has its English file's name, with its own language",
        )
    ]
    assert found(messages, "press/unrelated.tg.md") == [
        (
            1,
            "this translation has no English original (unrelated.en.md in the same folder)",
            "write the English version first, as unrelated.en.md in this folder (or rename this file like "
            "the English file it translates): versions of one item share a name, x.en.md, x.ru.md, x.tg.md",
        )
    ]


def test_every_hash_that_would_lose_text_and_every_joined_row_is_reported_in_one_run(messages):
    def lost(key):
        return f"the text of '{key}' from '#' on would be lost (in this format, ' #' starts a note)"

    quote = "put the whole value in double quotes: "
    each = "write each {0} as its own '- ' item: a line '{0}s:', then '  - {1}' per {0}"
    figure, event = (
        each.format("figure", "number | what it counts | when"),
        each.format("event", "YYYY-MM-DD | what | where"),
    )
    assert found(messages, "campaigns/hashes.en.md") == [
        (4, lost("hashtag"), quote + 'hashtag: "#EndHumanTrafficking"'),
        (5, lost("tagline"), quote + 'tagline: "Act to #EndHumanTrafficking"'),
        (
            6,
            "the lines of 'figures' are read as one figure ('17 | victims | 2026 8 | prevented | 2026'): "
            "a line that does not start with '- ' goes on with the line above",
            figure,
        ),
        (
            9,
            "the event '2026-07-30 | Theatre | Khujand | Sughd' has 4 parts; "
            "an event has 3: YYYY-MM-DD | what | where",
            event + " (a part cannot hold '|')",
        ),
        (10, lost("events"), quote + '- "2026-08-02 | Forum #youth | Dushanbe"'),
    ]


# --- what `invoke new` leaves for the writer to fill in ------------------------------------------

NEW_OF_EACH_KIND = [  # (kind, title, issue), the issue before its story
    ("press", "A press release", ""),
    ("news", "A news item", ""),
    ("campaign", "A campaign", ""),
    ("page", "A page", ""),
    ("issue", "An issue", "2026-q3"),
    ("story", "A story", "2026-q3"),
]
GIVEN_BY_THE_COMMAND = {"title", "slug", "date"}


def test_every_example_value_invoke_new_writes_is_refused_until_replaced(tmp_path):
    """Each kind, as `invoke new` writes it, is refused by the check, which names every value
    the writer must still replace at its line: the fields other than those the command gives
    and scaffold.DEFAULTS (real values), the summary and the text. Filled in, it passes."""
    from pelican.settings import read_settings

    from iomsite.core.frontmatter import read_front_matter
    from iomsite.tools.check_content import content_problems
    from iomsite.tools.scaffold import DEFAULTS, new_content

    site = FixtureSite(tmp_path / "site")
    made = [
        new_content(kind, title, issue=issue, content_dir=site.content, date=datetime.date(2026, 7, 30))
        for kind, title, issue in NEW_OF_EACH_KIND
    ]
    proc = check_content(site.settings)
    assert proc.returncode == 1 and "Traceback" not in proc.stdout + proc.stderr, proc.stdout + proc.stderr
    printed = [line for line in proc.stdout.splitlines() if line.startswith("content/")]
    expected, examples = [], set()
    for path in made:
        shown = path.relative_to(site.root).as_posix()
        fields, body = read_front_matter(path)
        for key, field in fields.items():
            if key in GIVEN_BY_THE_COMMAND or DEFAULTS.get(key) == field.value:
                continue
            if key == "summary":
                expected.append(f"{shown}:{field.line}: this line still has the example text of 'invoke new'")
                continue
            examples.add((key, field.value))
            expected.append(
                f"{shown}:{field.line}: '{key}' still has the example text of 'invoke new' "
                f"('{field.value}') — replace the example text '{field.value}' with "
            )
        body_line = body + next(n for n, text in enumerate(path.read_text().splitlines()[body - 1 :]) if text)
        expected.append(f"{shown}:{body_line}: this line still has the example text of 'invoke new'")
    assert {"hashtag", "issue_label", "signatory"} <= {key for key, _ in examples}, examples
    for start in expected:
        assert len([line for line in printed if line.startswith(start)]) == 1, (start, printed)
    assert len(printed) == len(expected), printed
    settings = read_settings(str(site.settings))
    assert content_problems(settings, advisory=False) == [], "a preview build shows a draft as it is"

    for path in made:  # the writer replaces every example value and sentence
        text = path.read_text(encoding="utf-8")
        for key, example in examples:
            written = json.dumps("#Written") if example.startswith("#") else "Written by the writer"
            text = text.replace(f"{key}: {json.dumps(example, ensure_ascii=False)}\n", f"{key}: {written}\n")
            text = text.replace(f"{key}: {example}\n", f"{key}: {written}\n")
        text = text.replace(PLACEHOLDER_SUMMARY, "What it is about.").replace(PLACEHOLDER_BODY, "The text.")
        path.write_text(text, encoding="utf-8")
    proc = check_content(site.settings)
    assert proc.returncode == 0 and "no problems" in proc.stdout, proc.stdout + proc.stderr


# --- figures and events: one row per '- ' item -------------------------------------------------


def row_messages(tmp_path: Path, header: str) -> list[tuple[int, str, str]]:
    """(line, problem, fix) of the content check's messages about a campaign's figures and
    events, its front matter given (the check itself, no build)."""
    from iomsite.plugins.content_types.check import check_file

    path = tmp_path / "content" / "campaigns" / "rows.en.md"
    path.parent.mkdir(parents=True)
    fields = "title: Rows\ndate: 2026-07-30\nhashtag: '#Rows'\n"
    path.write_text(f"---\n{fields}{textwrap.dedent(header)}---\n\nText.\n", encoding="utf-8")
    problems = check_file(path, "campaigns/rows.en.md", "content/campaigns/rows.en.md", {}, path.parents[2])
    return [(p.line, p.problem, p.fix) for p in problems]


EACH_EVENT = (
    "write each event as its own '- ' item: a line 'events:', then '  - YYYY-MM-DD | what | where' per event"
)
EACH_FIGURE = (
    "write each figure as its own '- ' item: a line 'figures:', then '  - number | what it counts | when' "
    "per figure"
)
GOES_ON = "a line that does not start with '- ' goes on with the item above"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (  # the line of the second event lacks its '- ': YAML makes one event of three parts
            """\
            events:
              - 2026-07-30 | Theatre performance
                2026-08-02 | Youth forum
            """,
            (
                7,
                "the event '2026-07-30 | Theatre performance 2026-08-02 | Youth forum' holds the start "
                f"of another event ('2026-08-02 | Youth forum'): {GOES_ON}",
                EACH_EVENT,
            ),
        ),
        (  # the same after a where: four parts, but the cause is the missing '- '
            """\
            events:
              - 2026-07-30 | Theatre | Khujand
                2026-08-02 | Forum | Dushanbe
              - 2026-08-03 | Concert | Kulob
            """,
            (
                7,
                "the event '2026-07-30 | Theatre | Khujand 2026-08-02 | Forum | Dushanbe' holds the start "
                f"of another event ('2026-08-02 | Forum | Dushanbe'): {GOES_ON}",
                EACH_EVENT,
            ),
        ),
        (  # two events written on one line
            """\
            events:
              - 2026-07-30 | Theatre performance 2026-08-02 | Youth forum
            """,
            (
                6,
                "the event '2026-07-30 | Theatre performance 2026-08-02 | Youth forum' holds the start "
                "of another event ('2026-08-02 | Youth forum'): one '- ' item holds one event",
                EACH_EVENT,
            ),
        ),
        (  # a figure going on with the next figure: one figure of three parts
            """\
            figures:
              - 20 | adults assisted to return | 2018
              - 17 | victims assisted
                8 | cases prevented
              - 5 | shelters
            """,
            (
                8,
                "the figure '17 | victims assisted 8 | cases prevented' holds the start of another figure "
                f"('8 | cases prevented'): {GOES_ON}",
                EACH_FIGURE,
            ),
        ),
        (  # with their 'when', the same figures have five parts: told why
            """\
            figures:
              - 17 | victims assisted | 2026
                1,200 | people reached | 2026
            """,
            (
                7,
                "the figure '17 | victims assisted | 2026 1,200 | people reached | 2026' holds the start of "
                f"another figure ('1,200 | people reached | 2026'): {GOES_ON}",
                EACH_FIGURE,
            ),
        ),
    ],
)
def test_a_figure_or_event_holding_the_start_of_another_is_refused_at_its_line(tmp_path, header, expected):
    assert row_messages(tmp_path, header) == [expected]


def test_figures_and_events_going_on_over_lines_pass(tmp_path):
    """Long rows go on over lines, also on a line that starts with a number; a part may end in
    a number or hold a date."""
    header = """\
        figures:
          - 20 | adult Tajik nationals, including 19 women, assisted to return home and
            access reintegration assistance | 2018
          - over 20 | non-governmental organizations cooperating with IOM around the
            country |
          - 5 | victims assisted in 2019 | first half of 2019
          - 20 | adult Tajik nationals, including
            19 women, assisted to return home | 2018
        events:
          - 2026-07-30 | Theatre performance on the law of 2026-07-01, for young
            people | Khujand
          - 2026-08-02 | Youth forum | Dushanbe
        """
    assert row_messages(tmp_path, header) == []
