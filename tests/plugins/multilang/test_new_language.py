"""A language added the way a developer adds one (docs/architecture.md, "What a newcomer may
touch"): Uzbek, declared in the site's settings with `model.with_language` (its phrases, date
patterns and share image in the entry), with its catalogue, i18n/uz/LC_MESSAGES/messages.po.
One real build, then its pages, lists, feeds, language switcher and search, and the content
check naming it. The model in this process is left as it is: the build runs in its own."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import feedparser
import pytest
from conftest import ROOT, FixtureSite, run_node

from iomsite.core import model
from iomsite.tools.localserver import serve

MODEL_IMPORT = "from iomsite.core import model  # languages and content types, defined once\n"
DECLARATION = """\
model.with_language(
    model.Language(
        "uz",
        "Oʻzbekcha",
        "uz",
        "uz_UZ",
        "Uzbek",
        model.Nn_("%(num)s item is available only in Uzbek:", "%(num)s items are available only in Uzbek:"),
        share_image=("XMT Tojikiston", "Xalqaro migratsiya tashkiloti", "Tojikistondagi vakolatxona"),
    )
)
"""
CATALOGUE = {  # the Uzbek interface, as a translator writes it (a part: the rest falls back to English)
    "News": "Yangiliklar",
    "All news": "Barcha yangiliklar",
    "Search": "Qidiruv",
    "IOM Tajikistan": "XMT Tojikiston",
}
ONLY_IN_ENGLISH = (
    "%(num)s item is available only in English:",
    "%(num)s items are available only in English:",
)
ONLY_IN_ENGLISH_UZ = ("%(num)s ta material faqat ingliz tilida:", "%(num)s ta material faqat ingliz tilida:")
STORY = "/news/seminar-in-khujand/"
UZ_STORY = "/uz/news/xujandda-seminar/"


def po_entries(entries: dict) -> str:
    return "".join(f'\nmsgid "{msgid}"\nmsgstr "{msgstr}"\n' for msgid, msgstr in entries.items())


def uzbek_site(root: Path) -> FixtureSite:
    real = (ROOT / "pelicanconf.py").read_text(encoding="utf-8")
    assert real.count(MODEL_IMPORT) == 1
    settings = root.parent / "settings.py"
    settings.write_text(real.replace(MODEL_IMPORT, MODEL_IMPORT + DECLARATION), encoding="utf-8")
    site = FixtureSite(root, settings_file=settings, settings='SITE_TODAY = "2026-12-01"')
    (root / "i18n").unlink()  # the site's own catalogues: the real ones and Uzbek's
    shutil.copytree(ROOT / "i18n", root / "i18n", ignore=shutil.ignore_patterns("*.mo"))
    uz = root / "i18n" / "uz" / "LC_MESSAGES" / "messages.po"
    uz.parent.mkdir(parents=True)
    header = 'msgid ""\nmsgstr ""\n"Language: uz\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    plural = f'\nmsgid "{ONLY_IN_ENGLISH[0]}"\nmsgid_plural "{ONLY_IN_ENGLISH[1]}"\n' + "".join(
        f'msgstr[{n}] "{text}"\n' for n, text in enumerate(ONLY_IN_ENGLISH_UZ)
    )
    uz.write_text(
        header + '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n' + po_entries(CATALOGUE) + plural, "utf-8"
    )
    newsletter_issue(site)
    # its share image, drawn by the project's tool with the declared texts (in a process of its own)
    draw = (
        f"import runpy; runpy.run_path({str(settings)!r})\n"  # the declaration runs, as in the build
        "from iomsite.tools.share_images import draw\n"
        f"draw('uz', __import__('pathlib').Path({str(site.content / 'images' / 'share-uz.png')!r}))"
    )
    subprocess.run([sys.executable, "-c", draw], check=True, cwd=root)
    site.write(
        "news/2026-11-20-seminar-in-khujand.en.md",
        """\
        title: Seminar in Khujand
        slug: seminar-in-khujand
        date: 2026-11-20
        summary: A seminar on safe migration for young people in Khujand.

        Forty young people from Khujand learned about safe migration.
        """,
    )
    site.write(
        "news/2026-11-20-seminar-in-khujand.uz.md",
        """\
        title: Xujandda seminar
        slug: xujandda-seminar
        date: 2026-11-20
        summary: Xujandda yoshlar uchun xavfsiz migratsiya boʻyicha seminar.

        Xujandlik qirq nafar yosh xavfsiz migratsiya haqida bilib oldi.
        """,
    )
    site.write(
        "news/2026-11-25-english-only.en.md",
        """\
        title: Meeting in Dushanbe
        slug: meeting-in-dushanbe
        date: 2026-11-25
        summary: Only in English.

        A meeting in Dushanbe.
        """,
    )
    return site


def newsletter_issue(site: FixtureSite) -> None:
    """An issue in English and Uzbek whose one story is in English only."""
    issue = "date: 2026-11-30\nsignatory: A. Name\nsignatory_role: Chief of Mission\n"
    site.write(
        "newsletters/2026/issue.en.md", f"title: Newsletter 2026\nissue_label: 2026\n{issue}\nForeword.\n"
    )
    site.write(
        "newsletters/2026/issue.uz.md", f"title: Axborotnoma 2026\nissue_label: 2026\n{issue}\nSoʻzboshi.\n"
    )
    site.write(
        "newsletters/2026/01-border-training.en.md",
        "title: Border guards trained\ndate: 2026-11-30\nsection: border-management\n\nBorder guards.\n",
    )


@pytest.fixture(scope="module")
def uzbek(tmp_path_factory) -> FixtureSite:
    return uzbek_site(tmp_path_factory.mktemp("uzbek") / "site")


@pytest.fixture(scope="module")
def built(uzbek):
    result = uzbek.build()
    assert result.returncode == 0, result.output
    return result


def test_the_uzbek_page_is_in_its_language_with_its_date_and_labels(built):
    page = built.page(UZ_STORY)
    assert page.find("html")["lang"] == "uz"
    assert page.find("h1").get_text(strip=True) == "Xujandda seminar"
    assert page.find("time").get_text(strip=True) == "20-noyabr, 2026"  # CLDR's long date in Uzbek
    backlink = page.find("a", class_="backlink")
    assert (backlink.get_text(), backlink["href"]) == ("Barcha yangiliklar", "/uz/news/")
    assert page.find("meta", property="og:locale")["content"] == "uz_UZ"
    share_image = page.find("meta", property="og:image")["content"].removeprefix("https://www.iom.tj")
    assert share_image.startswith("/media/share-uz-") and built.file(share_image).stat().st_size > 10_000


def test_every_language_links_the_uzbek_version(built):
    english = built.page(STORY)
    switcher = {a["hreflang"]: a["href"] for a in english.select(".lang-switcher a[hreflang]")}
    assert switcher["uz"] == UZ_STORY
    assert english.select_one('.lang-switcher a[hreflang="uz"]').get_text(strip=True) == "Oʻzbekcha"
    alternates = {
        link["hreflang"]: link["href"] for link in english.find_all("link", rel="alternate", hreflang=True)
    }
    assert alternates["uz"].endswith(UZ_STORY)


def test_the_uzbek_list_with_its_notice_of_what_is_only_in_english(built):
    uz_list = built.page("/uz/news/")
    assert uz_list.find("h1").get_text(strip=True) == "Yangiliklar"
    links = [a["href"] for a in uz_list.find("main").find_all("a", href=True)]
    assert UZ_STORY in links and "/news/meeting-in-dushanbe/" not in links
    notice = uz_list.find("aside", class_="notice")
    assert "1 ta material faqat ingliz tilida:" in " ".join(notice.get_text().split()), notice
    assert notice.find("a", hreflang="en")["href"] == "/news/"


def test_an_untranslated_item_s_switcher_goes_to_each_home_and_says_so(built):
    switcher = built.page("/news/meeting-in-dushanbe/").find("nav", class_="lang-switcher")
    for lang in ("ru", "tg", "uz"):
        link = switcher.find("a", hreflang=lang)
        assert link["href"] == f"/{lang}/"
        assert "this page is not translated" in link.get_text()


def test_the_uzbek_issue_lists_its_untranslated_story_marked_as_english(built):
    toc = built.page("/uz/newsletters/2026/").find("nav", class_="toc")
    story = toc.find("a", hreflang="en")
    assert (story.get_text(), story["lang"]) == ("Border guards trained", "en")
    assert toc.find(class_="toc__lang").get_text() == "(English)"


def test_the_uzbek_feeds(built):
    for fmt in ("atom", "rss"):
        feed = feedparser.parse(built.file(f"/uz/feeds/all.{fmt}.xml").read_bytes())
        assert not feed.bozo, feed.bozo_exception
        assert feed.feed.title.startswith("XMT Tojikiston")
        assert [e.title for e in feed.entries] == ["Axborotnoma 2026", "Xujandda seminar"]
        assert feed.entries[1].link == f"https://www.iom.tj{UZ_STORY}"


def test_the_uzbek_search_finds_its_pages(built):
    assert built.file("/uz/search/").exists()
    server = serve(built.folder)
    try:
        base = f"http://127.0.0.1:{server.server_port}"
        proc = run_node(
            ROOT / "tests" / "plugins" / "search" / "search_query.mjs", base + "/uz/search/", "Xujandlik"
        )
        assert proc.returncode == 0, proc.stderr
        found = json.loads(proc.stdout)
        assert UZ_STORY in found["links"] and not found["errors"], found
        assert STORY not in found["links"]  # each language its own index
    finally:
        server.shutdown()


def test_the_settings_made_from_the_languages_include_it(uzbek):
    read = "from pelican.settings import read_settings; import json, sys; s = read_settings(sys.argv[1])\n"
    read += "print(json.dumps([s['SITE_LANGUAGES'], s['CHECK_SCRIPT_PAGES'], s['FILENAME_METADATA']]))"
    proc = subprocess.run([sys.executable, "-c", read, str(uzbek.settings)], capture_output=True, text=True)
    languages, script_pages, file_names = json.loads(proc.stdout)
    assert languages == ["en", "ru", "tg", "uz"]
    assert script_pages[-1] == "uz/search/index.html"
    assert "uz" in file_names


def test_the_content_check_names_the_new_language(uzbek, tmp_path):
    site = FixtureSite(tmp_path / "site", settings_file=uzbek.settings)
    site.write("news/2026-11-20-x.en.md", "title: X\ndate: 2026-11-20\n\nText.\n")
    site.write("news/2026-11-20-x.kk.md", "title: X\ndate: 2026-11-20\n\nText.\n")
    result = site.build()
    assert result.returncode != 0
    assert "NAME.tg.md (Tajik) or NAME.uz.md (Uzbek)" in result.output


def test_this_process_s_model_is_left_as_it_was():
    assert model.LANGUAGES == ("en", "ru", "tg")
