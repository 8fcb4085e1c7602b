"""The newsletter as a publication: issue pages, archive, e-mail edition, print; campaigns."""

import json
import re
import subprocess

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT

from iomsite.tools.localserver import serve

ISSUE = "/newsletters/2012/"


def story(title, section, order=""):
    return f"title: {title}\ndate: 2013-01-15\nsection: {section}\n{order}\nText of {title}.\n"


@pytest.fixture(scope="module")
def two_issues(tmp_path_factory):
    from conftest import FixtureSite

    site = FixtureSite(tmp_path_factory.mktemp("issues") / "site")
    for folder, date, label in (
        ("2012-q4", "2012-12-20", "October–December 2012"),
        ("2013-q1", "2013-03-20", "January–March 2013"),
    ):
        site.write(
            f"newsletters/{folder}/issue.md",
            f"""\
            title: Newsletter {label}
            date: {date}
            issue_label: {label}
            signatory: A. Signatory
            signatory_role: Chief of Mission

            Dear readers, this is {label}.
            """,
        )
    site.write("newsletters/2012-q4/a.md", story("Border story", "border-management"))
    site.write("newsletters/2012-q4/b.md", story("Refugee story", "refugee-protection"))
    site.write("newsletters/2012-q4/c.md", story("Second refugee story", "refugee-protection"))
    site.write("newsletters/2013-q1/a.md", story("Health story", "migration-health"))
    result = site.build()
    assert result.returncode == 0, result.output
    return result


def test_stories_grouped_by_section_in_configured_order(two_issues):
    toc = two_issues.page("/newsletters/2012-q4/").find("nav", class_="toc")
    assert [h3.get_text(strip=True) for h3 in toc.find_all("h3")] == [
        "Refugee protection and international migration",
        "Border management",
    ]
    assert [a.get_text() for a in toc.find_all("a")] == [
        "Refugee story",
        "Second refugee story",
        "Border story",
    ]


def test_previous_and_next_issue_links(two_issues):
    older = two_issues.page("/newsletters/2012-q4/").find("nav", class_="issue-nav")
    newer = two_issues.page("/newsletters/2013-q1/").find("nav", class_="issue-nav")
    assert older.find("a", rel="next")["href"] == "/newsletters/2013-q1/" and not older.find("a", rel="prev")
    assert newer.find("a", rel="prev")["href"] == "/newsletters/2012-q4/" and not newer.find("a", rel="next")


def test_story_links_to_issue_and_neighbours_in_table_of_contents_order(two_issues):
    page = two_issues.page("/newsletters/2012-q4/second-refugee-story/")
    nav = page.find("nav", class_="story-nav")
    assert nav.find("a", rel="prev")["href"] == "/newsletters/2012-q4/refugee-story/"
    assert nav.find("a", rel="next")["href"] == "/newsletters/2012-q4/border-story/"
    assert page.find("a", class_="backlink")["href"] == "/newsletters/2012-q4/"


def test_newsletter_archive_lists_issues_by_year_per_language(two_issues, site):
    archive = two_issues.page("/newsletters/")
    assert [h2.get_text() for h2 in archive.find("main").find_all("h2")] == ["2013", "2012"]
    assert "3 stories" in archive.find("main").get_text()
    ru = site.page("/ru/newsletters/")
    assert ru.find("main").find("a", href="/ru/newsletters/2012/")
    assert "10 статей" in ru.find("main").get_text()


def test_issue_page_has_cover_slot_foreword_toc_donors_about_and_contacts(site):
    main = site.page(ISSUE).find("main")
    headings = [h.get_text(strip=True) for h in main.find_all("h2")]
    for heading in (
        "In this issue",
        "Foreword from the Chief of Mission",
        "Current donors",
        "Who supports us?",
        "About our mission",
        "Follow us online",
        "Contact us",
    ):
        assert heading in headings, heading
    assert main.find("p", class_="signature").get_text(" ", strip=True).startswith("Zeynal Hajiyev")


@pytest.mark.parametrize("lang", ["en", "ru", "tg"])
def test_email_edition_is_self_contained_inline_absolute_and_narrow(site, lang):
    html = (site.folder / "_email" / f"2012.{lang}.html").read_text()
    soup = BeautifulSoup(html, "lxml")
    assert not soup.find_all("script") and not soup.find_all("link", rel="stylesheet")
    assert not soup.find_all("style"), "every style is inline"
    styled = [el for el in soup.body.find_all(True) if el.get("class")]
    assert styled and all(el.get("style") for el in styled), "each class was turned into inline style"
    for element in soup.find_all(["a", "img"]):
        url = element.get("href") or element.get("src")
        assert url.startswith(("https://", "mailto:", "*|")), url
    container = soup.find("table", class_="container")  # fluid: 100 % up to 600 px (email_layout.mjs)
    assert container["width"] == "100%" and "max-width: 600px" in container["style"]
    assert all(int(img.get("width", 0)) <= 560 for img in soup.find_all("img"))
    assert soup.find(class_="preheader").get_text(strip=True)
    assert soup.find("a", href="*|UNSUB|*")
    assert soup.html["lang"] == lang


@pytest.mark.parametrize("lang", ["en", "ru", "tg"])
def test_plain_text_edition_contains_every_story_title(site, lang):
    text = (site.folder / "_email" / f"2012.{lang}.txt").read_text()
    toc = site.page(f"{'' if lang == 'en' else '/' + lang}{ISSUE}").find("nav", class_="toc")
    for link in toc.find_all("a"):
        assert link.get_text() in text
    assert "*|UNSUB|*" in text and "<" not in text and "&amp;" not in text


def test_invoke_newsletter_email_writes_both_files(tmp_path):
    proc = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "invoke"), "newsletter-email", "2012", "--lang", "ru"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert re.search(r"Wrote email/2012\.ru\.html \(\d+\.\d KB\)", proc.stdout)
    assert (ROOT / "email" / "2012.ru.txt").exists()


def test_print_stylesheet_hides_navigation_and_shows_link_addresses_and_the_organisation(site):
    server = serve(site.folder)
    try:
        url = f"http://127.0.0.1:{server.server_port}/newsletters/2012/video-on-informed-migration-broadcast-on-national-tv/"
        proc = subprocess.run(
            [
                "node",
                str(ROOT / "tests" / "plugins" / "newsletter" / "print_styles.mjs"),
                url,
                ".site-nav",
                ".site-header",
                ".lang-switcher",
                ".story-nav",
                ".share",
                ".sources-note",
                ".site-header__name",
                "main",
            ],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=ROOT,
        )
    finally:
        server.shutdown()
    assert proc.returncode == 0, proc.stderr
    styles = json.loads(proc.stdout)
    hidden = (".site-nav", ".lang-switcher", ".story-nav", ".share", ".sources-note")
    assert {selector: styles[selector] for selector in hidden} == dict.fromkeys(hidden, "none")
    assert styles[".site-header"] == "block" and styles[".site-header__name"] != "none"  # who printed it
    assert styles["main"] == "block"
    assert "youtu.be" in styles["a-after"]


def test_campaign_page_has_hero_hashtag_figures_call_to_action_banner_and_related_news(
    site_hotline_confirmed,
):
    site = site_hotline_confirmed
    page = site.page("/campaigns/world-day-against-trafficking-2019/")
    hero = page.find("header", class_="hero")
    assert hero.find("h1") and "#EndHumanTrafficking" in hero.get_text()
    assert len(page.select(".figures li")) == 4
    assert page.find(class_="call-to-action").get_text() == "Act to #EndHumanTrafficking"
    assert page.find("section", class_="hotline")
    related = [a["href"] for a in page.select(".related a")]
    assert "/news/national-forum-on-social-and-legal-partnership-in-combating-human-trafficking/" in related
    assert (
        site.page("/campaigns/").find("main").find("a", href="/campaigns/world-day-against-trafficking-2019/")
    )


def test_campaign_events_are_listed_with_dates(fixture_site):
    fixture_site.write(
        "campaigns/x.md",
        """\
        title: A campaign
        date: 2026-07-01
        hashtag: "#Test"
        events:
          - 2026-07-30 | Theatre performance | Khujand
          - 2026-08-02 | Youth forum | Dushanbe

        Text.
        """,
    )
    result = fixture_site.build()
    assert result.returncode == 0, result.output
    items = result.page("/campaigns/a-campaign/").select(".events li")
    assert [li.find("time")["datetime"] for li in items] == ["2026-07-30", "2026-08-02"]
    assert items[0].get_text(" ", strip=True) == "30 July 2026 — Theatre performance, Khujand"


def test_campaign_event_without_a_date_is_a_content_error(fixture_site):
    fixture_site.write(
        "campaigns/x.md",
        'title: A campaign\ndate: 2026-07-01\nhashtag: "#Test"\nevents: soon | Theatre\n\nText.\n',
    )
    result = fixture_site.build()
    assert result.returncode == 1
    assert "content/campaigns/x.md:5: the event 'soon | Theatre' does not start with a date" in result.output


@pytest.mark.parametrize("lang", ["en", "ru", "tg"])
def test_email_editions_carry_every_block_of_the_printed_newsletter(site, lang):
    issue = site.page(f"{'' if lang == 'en' else '/' + lang}{ISSUE}").find("main")
    html = BeautifulSoup((site.folder / "_email" / f"2012.{lang}.html").read_text(), "lxml").get_text(" ")
    text = (site.folder / "_email" / f"2012.{lang}.txt").read_text()
    for heading in ("supporters-title", "about-title", "follow-title"):
        block = issue.find(id=heading).find_next("p").get_text(" ", strip=True)
        assert block in " ".join(html.split()) and block in " ".join(text.split()), heading
    for value in ("+ 992 37 251 00 62", "© "):  # the fax, and "Photos © IOM" in each language
        assert value in html and value in text
    assert issue.find("h2", class_="foreword-title").get_text(strip=True) in html


def test_email_editions_stay_out_of_the_published_site(site):
    # the e-mail files are for the mailing tool (invoke newsletter-email): nothing links to them,
    # and publishing removes them from the release (tests/tools/test_publish.py checks the release)
    for html in site.html_files():
        assert "_email" not in html.read_text(encoding="utf-8"), html
    assert "_email" not in (site.folder / "sitemap.xml").read_text()


def test_email_edition_is_fluid_from_320_to_600_px(site):
    """A phone that honours the viewport shows the whole edition, nothing cut; a wide window
    shows it as a column of 600 px."""
    editions = [str(site.folder / "_email" / f"2012.{lang}.html") for lang in ("en", "ru", "tg")]
    widths = (320, 360, 600, 1000)
    proc = subprocess.run(  # the three editions in one browser
        ["node", str(ROOT / "tests" / "plugins" / "newsletter" / "email_layout.mjs")]
        + [*editions, *map(str, widths)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=240,
    )
    assert proc.returncode == 0, proc.stderr
    found = json.loads(proc.stdout)
    assert [(m["file"], m["width"]) for m in found] == [(e, w) for e in editions for w in widths]
    for measured in found:
        assert measured["scrollWidth"] <= measured["width"], measured
        assert not measured["cut"], measured
        assert measured["container"] == min(measured["width"], 600), measured


@pytest.mark.parametrize("lang", ["en", "ru", "tg"])
def test_email_edition_has_no_print_leftovers_provenance_notes_or_stand_ins(site, lang):
    html = BeautifulSoup((site.folder / "_email" / f"2012.{lang}.html").read_text(), "lxml")
    text = (site.folder / "_email" / f"2012.{lang}.txt").read_text()
    shown = " ".join(html.get_text(" ").split())
    for edition in (shown, " ".join(text.split())):
        assert not re.search(r"\b(see page|pages? \d|страниц\w* \d|саҳифа\w* \d)", edition)
        for words in ("printed newsletter", "печатн", "чопӣ", "Photo not available", "(approximate"):
            assert words not in edition, words
    # the foreword's links to the issue's sections lead to them on its web page
    sections = [a["href"] for a in html.find_all("a") if "#section-" in a["href"]]
    prefix = "" if lang == "en" else f"{lang}/"
    assert len(sections) == 5
    assert all(href.startswith(f"https://www.iom.tj/{prefix}newsletters/2012/#section-") for href in sections)
    page = site.page(f"/{prefix}newsletters/2012/")
    assert all(page.find(id=href.split("#")[1]) for href in sections)
    assert not html.find("img", src=re.compile("unavailable|placeholder"))
