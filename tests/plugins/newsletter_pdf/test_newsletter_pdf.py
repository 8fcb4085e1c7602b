"""The newsletter as a PDF in each language (plugins/newsletter_pdf), opened with pypdf."""

import time

import feedparser
import pytest
from pypdf import PdfReader

ISSUE = "newsletters/2012/"
LANGS = {"en": "", "ru": "ru/", "tg": "tg/"}


def pdf_path(site, lang):
    return site.folder / f"{LANGS[lang]}{ISSUE}iom-tajikistan-newsletter-2012-{lang}.pdf"


def outline_titles(items) -> list[str]:
    found = []
    for item in items:
        found += outline_titles(item) if isinstance(item, list) else [item.title]
    return found


@pytest.mark.parametrize("lang", LANGS)
def test_every_pdf_has_the_stories_in_order_in_its_language(site, lang):
    reader = PdfReader(pdf_path(site, lang))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    toc = site.page(f"/{LANGS[lang]}{ISSUE}").find("nav", class_="toc")
    titles = [a.get_text(" ", strip=True) for a in toc.find_all("a")]
    positions = [text.find(" ".join(title.split()), text.find(titles[0])) for title in titles]
    assert all(p >= 0 for p in positions), [t for t, p in zip(titles, positions) if p < 0]
    outline = outline_titles(reader.outline)
    assert [t for t in outline if t in titles] == titles  # the stories, in order, as bookmarks
    sections = [h3.get_text(strip=True) for h3 in toc.find_all("h3")]
    assert all(section in outline for section in sections)
    assert 8 <= len(reader.pages) <= 30
    assert reader.trailer["/Root"]["/Lang"] == lang
    issue = site.page(f"/{LANGS[lang]}{ISSUE}")
    assert reader.metadata.title == issue.find("h1").get_text(strip=True)
    assert reader.metadata.author
    for heading in ("foreword-title",):
        assert issue.find(class_=heading).get_text(strip=True) in outline


@pytest.mark.parametrize("lang", LANGS)
def test_every_font_is_embedded_and_links_are_absolute(site, lang):
    reader = PdfReader(pdf_path(site, lang))
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descriptor = (
                font.get("/FontDescriptor") or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            )
            assert any(key in descriptor.get_object() for key in ("/FontFile", "/FontFile2", "/FontFile3")), (
                font
            )
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action and "/URI" in action:
                assert action["/URI"].startswith(("https://", "http://", "mailto:")), action["/URI"]


def test_tajik_letters_are_text_in_the_tajik_pdf(site):
    text = "".join(page.extract_text() for page in PdfReader(pdf_path(site, "tg")).pages)
    assert all(letter in text for letter in "ғӣқӯҳҷ")
    assert "Пешгуфтори сардори намояндагӣ" in " ".join(text.split())


def test_the_pdf_is_linked_with_its_size_and_carried_by_the_newsletter_feed(site):
    for lang, prefix in LANGS.items():
        size = pdf_path(site, lang).stat().st_size
        link = site.page(f"/{prefix}{ISSUE}").find("p", class_="pdf-link")
        assert link.find("a")["href"] == f"/{prefix}{ISSUE}iom-tajikistan-newsletter-2012-{lang}.pdf"
        assert f"{round(size / 1024)}" in link.get_text()
        assert site.page(f"/{prefix}newsletters/").find("a", href=link.find("a")["href"])
    feed = feedparser.parse(str(site.folder / "feeds" / "newsletters.atom.xml"))
    enclosure = feed.entries[0].enclosures[0]
    assert enclosure.href == f"https://www.iom.tj/{ISSUE}iom-tajikistan-newsletter-2012-en.pdf"
    assert (
        enclosure.type == "application/pdf" and int(enclosure.length) == pdf_path(site, "en").stat().st_size
    )


def test_a_pdf_is_made_again_only_when_what_it_shows_changed(fixture_site):
    import shutil

    from conftest import ROOT

    shutil.rmtree(fixture_site.root / "content" / "newsletters")
    shutil.copytree(ROOT / "content" / "newsletters", fixture_site.root / "content" / "newsletters")
    first = fixture_site.build()
    assert first.returncode == 0, first.output
    cache = fixture_site.root / "cache" / "pdf"
    made = {p.name: p.stat().st_mtime_ns for p in cache.glob("*.pdf")}
    assert len(made) == 3
    assert fixture_site.build().returncode == 0  # nothing changed: the same three files
    assert {p.name: p.stat().st_mtime_ns for p in cache.glob("*.pdf")} == made
    story = fixture_site.root / "content" / "newsletters" / "2012" / "02-flight-attendants-trained.en.md"
    story.write_text(
        story.read_text(encoding="utf-8").replace("In total, 110", "In total, 111"), encoding="utf-8"
    )
    assert fixture_site.build().returncode == 0
    # the English PDF only: the Russian and Tajik ones print the story's translations
    assert len(set(p.name for p in cache.glob("*.pdf")) - set(made)) == 1


def test_the_same_newsletter_gives_the_same_pdf_bytes_a_second_later(tmp_path):
    """Reproducible output: the fonts' time stamp is the issue's date, not the clock's."""
    from iomsite.plugins.newsletter_pdf.plugin import render

    html = "<html lang='tg'><body><h1>Ахбори IOM</h1><p>Ҳамкорӣ, қонун, ӯ, ҷавонон.</p></body></html>"
    made = []
    for n in range(2):
        target = tmp_path / f"{n}.pdf"
        render(html, str(target), str(tmp_path), 1341000000)
        made.append(target.read_bytes())
        time.sleep(1.1)
    assert made[0] == made[1]


@pytest.mark.parametrize("lang", ["ru", "tg"])
def test_the_translated_pdf_and_e_mail_have_every_story_in_their_language(site, lang):
    """Every story of the issue is translated: none is printed or sent marked "(English)"."""
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(pdf_path(site, lang)).pages)
    assert "(English)" not in text
    for edition in ("html", "txt"):
        assert "(English)" not in (site.folder / "_email" / f"2012.{lang}.{edition}").read_text(
            encoding="utf-8"
        )
