"""Feeds as real feed readers see them: parsed with feedparser and a strict XML parser."""

import subprocess

import feedparser
import pytest
from conftest import MINIMAL_PRESS
from lxml import etree

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def feed_files(site):
    return sorted(p for p in (site.folder).rglob("*.xml") if p.name != "sitemap.xml")


def parse(path):
    parsed = feedparser.parse(path.read_bytes())
    assert not parsed.bozo, (path, parsed.get("bozo_exception"))
    return parsed


def test_every_language_has_site_type_and_section_feeds(site):
    names = {p.relative_to(site.folder).as_posix() for p in feed_files(site)}
    for prefix in ("", "ru/", "tg/"):
        for name in ("all", "press", "news", "newsletters", "campaigns"):
            for fmt in ("atom", "rss"):
                assert f"{prefix}feeds/{name}.{fmt}.xml" in names
    assert "feeds/sections/counter-trafficking.atom.xml" in names
    assert "feeds/sections/counter-trafficking.rss.xml" in names


def test_every_feed_parses_cleanly_with_absolute_links_zoned_dates_and_language(site):
    for path in feed_files(site):
        parsed = parse(path)
        lang = (
            path.relative_to(site.folder).parts[0]
            if path.relative_to(site.folder).parts[0] in ("ru", "tg")
            else "en"
        )
        assert parsed.feed.language == lang, path
        assert parsed.feed.link.startswith("https://www.iom.tj/")
        for entry in parsed.entries:
            assert entry.link.startswith("https://www.iom.tj/"), (path, entry.link)
            assert entry.id.startswith("tag:www.iom.tj,"), entry.id
            assert entry.get("summary"), (path, entry.title)
            atom = path.name.endswith(".atom.xml")
            assert "updated" in entry or not atom, (path, entry.title)  # required in Atom
            fields = ("published", "updated") if atom else ("published",)
            for field in fields:  # RSS 2.0 items have no updated date; published only when known
                value = entry.get(field)
                zoned = value is None or value[-6:] == "+05:00" or value.endswith("+0500")
                assert zoned, (path, field, value)
            content = entry.content[0].value
            for attribute in ('href="/', 'src="/', "href='/", "src='/"):
                assert attribute not in content, (path, entry.title)


def test_strict_xml_with_language_and_no_browser_stylesheet(site):
    """Plain Atom and RSS: no XSLT (Chromium is removing it); the Subscribe page is the human view."""
    assert not list(site.folder.rglob("*.xsl"))
    for path in feed_files(site):
        assert b"xml-stylesheet" not in path.read_bytes(), path
        tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
        root = tree.getroot()
        assert root.getprevious() is None, path  # nothing before the root element
        if root.tag == ATOM + "feed":
            assert root.get(XML_LANG) in ("en", "ru", "tg")
            assert all(e.get(XML_LANG) == root.get(XML_LANG) for e in root.iter(ATOM + "entry"))
        else:
            assert root.find("channel/language").text in ("en", "ru", "tg")


def test_site_feed_has_expected_entries_newest_first_with_full_content(site):
    parsed = parse(site.folder / "feeds" / "all.atom.xml")
    titles = [e.title for e in parsed.entries]
    assert titles[0] == "2019 World Day against Trafficking in Persons in Tajikistan"
    assert "IOM Tajikistan quarterly newsletter, 2012" in titles
    assert not any("Flight Attendants" in t for t in titles), "stories come through their issue"
    published = [e.published_parsed for e in parsed.entries if "published" in e]
    assert published == sorted(published, reverse=True)
    assert published  # the press release of 15 February 2006 (every other item's day is unknown)
    press = next(e for e in parsed.entries if e.title.startswith("Official ceremony"))
    assert "Mr. Mahmoud Naderi" in press.content[0].value
    assert parsed.feed.updated == max(e.updated for e in parsed.entries)


def test_newsletter_feed_announces_the_issue_with_its_story_list(site):
    parsed = parse(site.folder / "feeds" / "newsletters.atom.xml")
    assert len(parsed.entries) == 1
    content = parsed.entries[0].content[0].value
    assert "Dear Readers" in content
    assert content.count('href="https://www.iom.tj/newsletters/2012/') >= 10


def test_ids_are_stable_tag_uris_from_translation_key_and_date(site):
    en = parse(site.folder / "feeds" / "press.atom.xml").entries[0]
    ru = parse(site.folder / "ru" / "feeds" / "press.atom.xml").entries[0]
    key = "memorandum-of-cooperation-combating-human-trafficking-2006"
    assert en.id == f"tag:www.iom.tj,2006-02-15:{key}/en"
    assert ru.id == f"tag:www.iom.tj,2006-02-15:{key}/ru"


def test_rss_carries_full_content_and_guid(site):
    parsed = parse(site.folder / "ru" / "feeds" / "press.rss.xml")
    entry = parsed.entries[0]
    assert "Махмуд Надери" in entry.content[0].value
    assert entry.id.startswith("tag:www.iom.tj,2006-02-15:")
    assert parsed.feed.language == "ru"


def test_every_page_advertises_the_feeds_of_its_language(site):
    for path, prefix in (("/", ""), ("/ru/press/", "ru/"), ("/tg/about/", "tg/"), ("/news/", "")):
        if not site.file(path).exists():
            continue
        links = site.page(path).find_all(
            "link", rel="alternate", type=["application/atom+xml", "application/rss+xml"]
        )
        hrefs = {link["href"] for link in links}
        assert f"/{prefix}feeds/all.atom.xml" in hrefs and f"/{prefix}feeds/all.rss.xml" in hrefs
    press_links = {
        link["href"] for link in site.page("/press/").find_all("link", type="application/atom+xml")
    }
    assert "/feeds/press.atom.xml" in press_links


@pytest.mark.parametrize("path", ["/subscribe/", "/ru/subscribe/", "/tg/subscribe/"])
def test_subscribe_page_lists_the_languages_feeds(site, path):
    page = site.page(path)
    links = [a["href"] for a in page.select(".feed-list a")]
    prefix = path.rsplit("subscribe/", 1)[0]
    assert f"{prefix}feeds/all.atom.xml" in links and f"{prefix}feeds/press.rss.xml" in links
    for link in links:
        assert site.file(link).exists()


def test_no_pelican_feed_files_are_written(site):
    planned = {p for p in feed_files(site) if "feeds" in p.parts}
    assert set(feed_files(site)) == planned


def _git(folder, *args, committed: str = ""):
    """git in `folder`; `committed`: the commit's date (the feeds read the committer's)."""
    dates = {"GIT_COMMITTER_DATE": committed, "GIT_AUTHOR_DATE": committed} if committed else {}
    subprocess.run(
        ["git", *args],
        cwd=folder,
        check=True,
        capture_output=True,
        env={
            "GIT_AUTHOR_NAME": "t",
            "GIT_AUTHOR_EMAIL": "t@example.org",
            "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@example.org",
            "PATH": "/usr/bin:/bin",
            "HOME": str(folder),
            **dates,
        },
    )


def test_rebuild_is_byte_identical_and_an_edit_changes_only_that_entry(fixture_site):
    fixture_site.write("press/one.md", MINIMAL_PRESS.replace("A minimal", "First"))
    fixture_site.write(
        "press/two.md", MINIMAL_PRESS.replace("A minimal", "Second").replace("2020-01-15", "2020-02-15")
    )
    _git(fixture_site.root, "init", "-q")
    _git(fixture_site.root, "add", "content")
    _git(fixture_site.root, "commit", "-q", "-m", "content", "--date", "2021-01-01T10:00:00+05:00")
    first = fixture_site.build()
    assert first.returncode == 0, first.output
    snapshot = {p.relative_to(first.folder): p.read_bytes() for p in first.folder.rglob("*.xml")}
    second = fixture_site.build(fresh=True)  # its own hash seed: no order may depend on it
    assert second.returncode == 0
    assert {p.relative_to(second.folder): p.read_bytes() for p in second.folder.rglob("*.xml")} == snapshot

    before = {e.title: e.updated for e in parse(second.folder / "feeds" / "all.atom.xml").entries}
    edited = fixture_site.root / "content" / "press" / "two.md"
    edited.write_text(edited.read_text() + "\nA correction.\n")
    third = fixture_site.build()
    after = {e.title: e.updated for e in parse(third.folder / "feeds" / "all.atom.xml").entries}
    assert after["First press release"] == before["First press release"]
    assert after["Second press release"] > before["Second press release"]


def test_lead_image_is_an_enclosure_with_real_length_and_type(fixture_site):
    from PIL import Image

    image = fixture_site.root / "content" / "images" / "lead.jpg"
    Image.new("RGB", (64, 48), (10, 80, 160)).save(image, "JPEG")
    fixture_site.write(
        "press/with-image.md",
        MINIMAL_PRESS.replace(
            "dateline: Dushanbe", "dateline: Dushanbe\nimage: images/lead.jpg\nimage_alt: A blue rectangle"
        ),
    )
    result = fixture_site.build()
    assert result.returncode == 0, result.output
    entry = parse(result.folder / "feeds" / "all.atom.xml").entries[0]
    enclosure = entry.enclosures[0]
    assert enclosure.href.startswith("https://www.iom.tj/media/lead-")  # the published derivative
    published = result.folder / enclosure.href.removeprefix("https://www.iom.tj/")
    assert int(enclosure.length) == published.stat().st_size
    assert enclosure.type == "image/jpeg"
    rss = parse(result.folder / "feeds" / "all.rss.xml").entries[0].enclosures[0]
    assert (rss.href, int(rss.length), rss.type) == (enclosure.href, int(enclosure.length), "image/jpeg")


# --- dates: a feed never states a publication day the sources do not give ---------------------


def entry_titled(parsed, start):
    return next(e for e in parsed.entries if e.title.startswith(start))


@pytest.mark.parametrize("fmt", ["atom", "rss"])
def test_only_a_known_publication_day_is_published(site, fmt):
    """Atom `published` and RSS `pubDate` are optional: given for the press release of
    15 February 2006, left out for an item dated to a year (2017), a month (the 2012 issue) or
    by the event it reports (the training of 1-2 June 2016)."""
    parsed = parse(site.folder / "feeds" / f"all.{fmt}.xml")
    press = entry_titled(parsed, "Official ceremony")
    assert press.published.startswith("2006-02-15") or press.published.startswith("Wed, 15 Feb 2006")
    for title in (
        "Over half a million Tajiks",  # date_precision: year
        "IOM Tajikistan quarterly newsletter, 2012",  # date_precision: month
        "Embassy and consulate staff trained",  # date_of: event
        "2019 World Day against Trafficking",  # date_precision: year
    ):
        assert "published" not in entry_titled(parsed, title), title
    raw = (site.folder / "feeds" / f"all.{fmt}.xml").read_text(encoding="utf-8")
    for made_up in ("2017-01-01", "2019-01-01", "2012-06-30", "01 Jan 2017", "01 Jan 2019", "30 Jun 2012"):
        assert made_up not in raw  # nor in an entry's id
    assert "tag:www.iom.tj,2017:over-half-a-million-tajiks-left-home-to-work-abroad/en" in raw


def test_an_entry_without_a_known_day_is_updated_as_its_file_last_changed(site):
    """Atom's required `updated` is the file's own history (its last change in git or on
    disk), never the made-up first of January of its year."""
    parsed = parse(site.folder / "feeds" / "all.atom.xml")
    entry = entry_titled(parsed, "Over half a million Tajiks")
    assert entry.updated_parsed[:3] != (2017, 1, 1)
    assert entry.updated_parsed[0] >= 2025  # the content was written from its sources since


def test_updated_of_a_year_dated_item_is_its_commit(fixture_site):
    fixture_site.write(
        "news/year.md",
        """\
        title: A news item of some day in 2017
        date: 2017-01-01
        date_precision: year
        date_note: The listing gives only the year.

        Text.
        """,
    )
    fixture_site.write("press/day.md", MINIMAL_PRESS)
    _git(fixture_site.root, "init", "-q")
    _git(fixture_site.root, "add", "content")
    _git(fixture_site.root, "commit", "-q", "-m", "content", committed="2021-03-04T10:00:00+05:00")
    result = fixture_site.build()
    assert result.returncode == 0, result.output
    atom = etree.parse(str(result.folder / "feeds" / "all.atom.xml")).getroot()
    entries = {e.findtext(ATOM + "title"): e for e in atom.iter(ATOM + "entry")}
    year = entries["A news item of some day in 2017"]
    assert year.find(ATOM + "published") is None
    assert year.findtext(ATOM + "updated") == "2021-03-04T10:00:00+05:00"
    day = entries["A minimal press release"]
    assert day.findtext(ATOM + "published").startswith("2020-01-15")
    rss = etree.parse(str(result.folder / "feeds" / "all.rss.xml")).getroot()
    items = {i.findtext("title"): i for i in rss.iter("item")}
    assert items["A news item of some day in 2017"].find("pubDate") is None
    assert "15 Jan 2020" in items["A minimal press release"].findtext("pubDate")


@pytest.mark.parametrize("prefix", ["", "ru/", "tg/"])
def test_subscribe_page_lists_every_feed_of_its_language_in_groups(site, prefix):
    """The feeds' human view: every feed file of the language, under the whole site, the types
    and the themes, each link named with its feed (not just "Atom")."""
    page = site.page(f"/{prefix}subscribe/")
    listed = {a["href"].lstrip("/") for a in page.select(".feed-list a")}
    own = {
        p.relative_to(site.folder).as_posix()
        for p in feed_files(site)
        if (p.relative_to(site.folder).parts[0] in ("ru", "tg")) == bool(prefix)
        and p.relative_to(site.folder).as_posix().startswith(prefix)
    }
    assert listed == own
    assert len(page.select("main h2 + .feed-list")) == 3
    for link in page.select(".feed-list a"):
        # the visible word first (WCAG 2.5.3, label in name), then the feed's own name
        assert link["aria-label"].startswith(f"{link.get_text()}: ")
        assert link["aria-label"] != f"{link.get_text()}: "
