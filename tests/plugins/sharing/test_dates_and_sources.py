"""Dates stated only as precisely as the sources give them, in what readers see and in every
machine-readable field; notes on sources and choices only in each page's sources note, which
names the source document and links to its entry in the published register (the Sources page).
On the real site (the `site` fixture)."""

import json
import re

import pytest
from conftest import ROOT

from iomsite.core.frontmatter import parse

YEAR_ITEM = "news/over-half-a-million-tajiks-left-home-to-work-abroad/"  # date_precision: year
EVENT_ITEM = "news/embassy-and-consulate-staff-trained-on-combatting-human-trafficking/"  # 1-2 June 2016
ISSUE = "newsletters/2012/"  # date_precision: month
PRESS = "press/memorandum-of-cooperation-combating-human-trafficking-2006/"  # 15 February 2006
LANGS = ("", "ru/", "tg/")


def translation(site, english_path: str, prefix: str) -> str:
    """The address of an English page's version in a language, from its hreflang links."""
    if not prefix:
        return "/" + english_path
    page = site.page("/" + english_path)
    link = page.find("link", rel="alternate", hreflang=prefix.rstrip("/"))
    return "/" + link["href"].split("://", 1)[1].split("/", 1)[1]


def json_ld(page, kind="NewsArticle") -> dict:
    blocks = [json.loads(s.string) for s in page.find_all("script", type="application/ld+json")]
    return next(b for b in blocks if b["@type"] == kind)


def text(element) -> str:
    return " ".join(element.get_text(" ").split())


# --- dates ------------------------------------------------------------------------------------


def test_no_page_calls_a_date_approximate(site):
    """A date is shown at the precision known ("2017"), without a label beside it; how it was
    chosen is in the sources note."""
    for html in site.html_files():
        raw = html.read_text(encoding="utf-8")
        for label in ("approximate date", "дата приблизительная", "санаи тахминӣ", "date-note"):
            assert label not in raw, (html, label)


@pytest.mark.parametrize("prefix", LANGS)
def test_a_year_dated_item_states_only_its_year(site, prefix):
    page = site.page(translation(site, YEAR_ITEM, prefix))
    meta = page.select_one(".article-meta")
    assert [t["datetime"] for t in meta.find_all("time")] == ["2017"]
    assert re.fullmatch(r"\D*2017\D*", meta.find("time").get_text())  # 2017, 2017 г., соли 2017
    data = json_ld(page)
    assert data["datePublished"] == "2017" and data["dateModified"] == "2017"
    assert not page.find("meta", property="article:published_time")
    assert "2017-01-01" not in str(page)


@pytest.mark.parametrize("prefix", LANGS)
def test_a_month_dated_issue_states_its_month(site, prefix):
    page = site.page(translation(site, ISSUE, prefix))
    assert page.select_one(".article-meta time")["datetime"] == "2012-06"
    assert not page.find("meta", property="article:published_time")
    assert "2012-06-30" not in str(page)


@pytest.mark.parametrize(
    ("prefix", "label"), [("", "Event date"), ("ru/", "Дата события"), ("tg/", "Санаи рӯйдод")]
)
def test_an_event_date_is_not_shown_or_stated_as_a_publication_date(site, prefix, label):
    """The training of 1-2 June 2016: the source gives the event's days, not when the item
    was published."""
    page = site.page(translation(site, EVENT_ITEM, prefix))
    meta = page.select_one(".article-meta")
    assert text(meta.find("dt")) == label
    assert meta.find("time")["datetime"] == "2016-06-01"
    data = json_ld(page)
    assert "datePublished" not in data and "dateModified" not in data
    assert data["contentReferenceTime"] == "2016-06-01"
    assert not page.find("meta", property="article:published_time")


def test_a_known_publication_day_is_stated_as_a_day(site):
    page = site.page("/" + PRESS)
    assert text(page.select_one(".article-meta dt")) == "Published"
    assert page.find("meta", property="article:published_time")["content"] == "2006-02-15"
    assert json_ld(page)["datePublished"] == "2006-02-15"


def test_lists_and_cards_show_the_known_precision(site):
    cards = site.page("/news/").select("main .card")
    dates = {text(c.select_one(".card__title")): c.find("time")["datetime"] for c in cards}
    assert dates["Over half a million Tajiks left home to work abroad"] == "2017"
    assert "(" not in " ".join(text(c.select_one(".card__meta")) for c in cards)


# --- provenance -------------------------------------------------------------------------------


def notes_of_the_content() -> list[tuple[str, str]]:
    """(file, note) for every date_note and source_note in the content, in every language."""
    found = []
    for path in sorted((ROOT / "content").rglob("*.md")):
        fields, _ = parse(path.read_text(encoding="utf-8").splitlines())
        for name in ("date_note", "source_note"):
            if name in fields:
                found.append((path.name, " ".join(str(fields[name].value).split())))
    return found


def test_the_content_has_notes_to_look_for():
    names = {name for name, _ in notes_of_the_content()}
    assert "issue.en.md" in names and "issue.tg.md" in names
    assert len(notes_of_the_content()) >= 20


def test_notes_on_sources_appear_only_inside_a_sources_note(site):
    """A date note, a note on the source and the issue's note on its donors list are never in
    the reading flow, a summary, a list, a card or a feed: only in a page's sources note (and
    each is there, on its own page)."""
    notes = [note[:60] for _, note in notes_of_the_content()]
    donors_note = "the printed newsletter showed its donors as logos"
    inside = ""
    for html in site.html_files():
        page = site.page(str(html.relative_to(site.folder)))
        if page.find("meta", attrs={"http-equiv": "refresh"}):
            continue
        for note_box in page.select(".sources-note"):
            inside += text(note_box.extract()) + "\n"
        outside = text(page)
        for note in [*notes, donors_note]:
            assert note not in outside, (html, note)
        for words in ("About the date", "О дате:", "Дар бораи сана:"):
            assert words not in outside, (html, words)
    assert all(note in inside for note in [*notes, donors_note])
    for feed in list(site.folder.rglob("*.atom.xml")) + list(site.folder.rglob("*.rss.xml")):
        raw = " ".join(feed.read_text(encoding="utf-8").split())
        for note in notes:
            assert note not in raw, (feed, note)


@pytest.mark.parametrize("prefix", LANGS)
def test_the_sources_note_names_the_document_and_links_to_the_register(site, prefix):
    page = site.page(translation(site, ISSUE, prefix))
    note = page.select_one("main article > aside.sources-note")
    assert note is not None
    assert note.find_previous_sibling("footer") is not None  # at the end, after the share links
    details = note.find("details")
    assert details is not None and not details.has_attr("open")  # closed until asked for
    assert "001" in text(note)
    assert note.find(string=re.compile("iomtajikistan"))  # the printed newsletter's handles
    link = next(a for a in note.find_all("a") if "#source-" in a["href"])
    address, anchor = link["href"].split("#")
    assert address == f"/{prefix}sources/" and anchor == "source-001"
    register = site.page(address)
    entry = register.find(id=anchor)
    assert entry is not None and text(link) in text(entry)
    assert register.find("html")["lang"] == (prefix.rstrip("/") or "en")


def test_every_page_made_from_a_source_has_its_note(site):
    """Each English content file's `source:` and its translations' notes name the same document."""
    checked = 0
    for html in site.html_files():
        page = site.page(str(html.relative_to(site.folder)))
        article = page.select_one("main article[data-pagefind-body]")
        if article is None or page.find("meta", attrs={"http-equiv": "refresh"}):
            continue
        note = article.select_one(".sources-note")
        if html.parent.name in ("sources",):
            continue
        assert note is not None, html
        assert re.search(r"\b00[0-4]\b", text(note)), html
        checked += 1
    assert checked >= 60


@pytest.mark.parametrize("prefix", LANGS)
def test_every_page_links_to_the_sources_page_in_its_footer(site, prefix):
    for path in (f"/{prefix}", f"/{prefix}subscribe/", translation(site, PRESS, prefix)):
        links = [a["href"] for a in site.page(path).select(".site-footer a")]
        assert f"/{prefix}sources/" in links, path


def test_the_register_page_lists_every_document_of_the_source_folder(site):
    documents = sorted(p.name[:3] for p in (ROOT / "sources").glob("[0-9][0-9][0-9]_*.txt"))
    readme = (ROOT / "sources" / "README.md").read_text(encoding="utf-8")
    for prefix in LANGS:
        page = site.page(f"/{prefix}sources/")
        anchors = sorted(s["id"].removeprefix("source-") for s in page.select("section.source-document"))
        assert anchors == documents
        for number in documents:
            assert f"| {number} |" in readme  # the same register
            assert text(page.find(id=f"source-{number}").find("p"))
