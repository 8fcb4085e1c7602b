"""The newsletter as a PDF in each language (plugins/newsletter_pdf), opened with pypdf."""

import functools
import re
import time
from pathlib import Path

import feedparser
import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import ROOT
from pypdf import PdfReader

ISSUE = "newsletters/2012/"
LANGS = {"en": "", "ru": "ru/", "tg": "tg/"}
ROOT_CONTENT = ROOT / "content" / "newsletters" / "2012"


def pdf_path(site, lang):
    return site.folder / f"{LANGS[lang]}{ISSUE}iom-tajikistan-newsletter-2012-{lang}.pdf"


@functools.cache
def extracted(path: Path) -> tuple[str, ...]:
    """Each page's text as pypdf extracts it, once per file and run: the real site's three PDFs
    (built once, never changed) are read by a dozen tests, and extracting their text again in
    each was most of this file's time."""
    return tuple(page.extract_text() for page in PdfReader(path).pages)


def page_texts(path: Path) -> list[str]:
    return [" ".join(text.split()) for text in extracted(path)]


def outline_titles(items) -> list[str]:
    found = []
    for item in items:
        found += outline_titles(item) if isinstance(item, list) else [item.title]
    return found


@pytest.mark.parametrize("lang", LANGS)
def test_every_pdf_has_the_stories_in_order_in_its_language(site, lang):
    reader = PdfReader(pdf_path(site, lang))
    text = " ".join(page_texts(pdf_path(site, lang)))
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
    text = "".join(extracted(pdf_path(site, "tg")))
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
    shutil.rmtree(fixture_site.root / "cache" / "pdf", ignore_errors=True)  # this test counts what is made
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
        if n:
            time.sleep(1.1)  # a second later (none after the last)
        target = tmp_path / f"{n}.pdf"
        render(html, str(target), str(tmp_path), 1341000000)
        made.append(target.read_bytes())
    assert made[0] == made[1]


@pytest.mark.parametrize("lang", ["ru", "tg"])
def test_the_translated_pdf_and_e_mail_have_every_story_in_their_language(site, lang):
    """Every story of the issue is translated: none is printed or sent marked "(English)"."""
    text = " ".join(page_texts(pdf_path(site, lang)))
    assert "(English)" not in text
    for edition in ("html", "txt"):
        assert "(English)" not in (site.folder / "_email" / f"2012.{lang}.{edition}").read_text(
            encoding="utf-8"
        )


# --- the printed reader's view: page references, contents, measure, languages, cover and back ---

PAGE_WORD = {"en": "page", "ru": "стр.", "tg": "саҳ."}


def page_of(reader, destination: str) -> int:
    """The printed number (1-based) of the page a named destination (an HTML id) is on."""
    return reader.get_destination_page_number(reader.named_destinations[destination]) + 1


def contents_numbers(reader) -> list[tuple[int, float]]:
    """Each page number of the contents (a run of digits after a dot leader) and its right edge
    (DejaVu's digits are all 0.636 em wide)."""
    rows = {}

    def visit(text, cm, tm, font, size):
        if text.strip():
            rows.setdefault(round(tm[5], 1), []).append((tm[4], text.strip(), size))

    reader.pages[1].extract_text(visitor_text=visit)
    numbers = []
    for _, row in sorted(rows.items()):
        row.sort()
        if len(row) > 2 and row[-1][1].isdigit() and row[-2][1] == ".":
            x, digits, size = row[-1]
            numbers.append((int(digits), x + len(digits) * 0.636 * size))
    return numbers


@pytest.mark.parametrize("lang", LANGS)
def test_the_forewords_page_references_are_the_pages_the_pdf_prints_them_on(site, lang):
    """The printed newsletter's "(see page 3)", "labour migration (pages 4-5)" were its own pages;
    the PDF computes its own: each link of the foreword to a story or a section of the issue is
    followed by the number of the page that story or section starts on."""
    reader = PdfReader(pdf_path(site, lang))
    texts = page_texts(pdf_path(site, lang))
    foreword = next(n for n, page in enumerate(reader.pages) if "/Annots" in page and n > 1)
    links = []  # a link has an annotation per line it is on, and one for its page number
    for annotation in reader.pages[foreword]["/Annots"]:
        destination = annotation.get_object().get("/Dest")
        if destination and destination not in links:
            links.append(destination)
    assert len(links) == 6, links  # the Dushanbe consultations, and five sections
    printed = [int(n) for n in re.findall(rf"\({re.escape(PAGE_WORD[lang])} (\d+)\)", texts[foreword])]
    assert printed == [page_of(reader, link) for link in links]
    issue = site.page(f"/{LANGS[lang]}{ISSUE}")
    for link, number in zip(links, printed):
        target = issue.find(id=link) or issue.find("nav", class_="toc").find("a")  # a section, or story 01
        assert " ".join(target.get_text().split()) in texts[number - 1], (link, number)
    assert not re.search(r"\b(pages? \d+[-–]\d+|страниц[ау]? \d|саҳифа\w* \d)", texts[foreword])


@pytest.mark.parametrize("lang", LANGS)
def test_the_contents_give_each_entrys_page_in_one_right_aligned_column(site, lang):
    reader = PdfReader(pdf_path(site, lang))
    numbers = contents_numbers(reader)
    anchors = ["foreword"]
    issue = site.page(f"/{LANGS[lang]}{ISSUE}")
    for h3 in issue.find("nav", class_="toc").find_all("h3"):
        anchors.append(h3["id"])
        links = h3.find_next("ol").find_all("a")
        anchors += [f"story-{link['href'].rstrip('/').rsplit('/', 1)[1]}" for link in links]
    assert [n for n, _ in numbers] == [page_of(reader, anchor) for anchor in anchors]
    edges = [edge for _, edge in numbers]
    assert max(edges) - min(edges) < 1.5, edges


@pytest.mark.parametrize("lang", LANGS)
def test_body_text_lines_are_at_most_about_75_characters(site, lang):
    lines = [
        line
        for text in extracted(pdf_path(site, lang))[2:-1]
        for line in text.splitlines()
        if "...." not in line  # the contents' leaders
    ]
    assert len(lines) > 300
    longest = max(lines, key=len)
    assert len(longest) <= 80, longest


@pytest.mark.parametrize("lang", LANGS)
def front_matter(lang) -> dict:
    return yaml.safe_load((ROOT_CONTENT / f"issue.{lang}.md").read_text(encoding="utf-8").split("---")[1])


@pytest.mark.parametrize("lang", LANGS)
def test_the_cover_and_the_back_page_name_the_mission_and_give_the_issues_contacts(site, lang):
    reader = PdfReader(pdf_path(site, lang))
    texts = page_texts(pdf_path(site, lang))
    issue = front_matter(lang)
    label = str(issue["issue_label"])
    cover, back = texts[0], texts[-1]
    assert " ".join(issue["title"].split()) in cover and label in cover
    assert f" {len(reader.pages)}" not in cover  # no "page 1 of N" on the cover
    office = " ".join(cover.split()[:7])  # the mission's name opens both pages
    assert re.search(r"\((IOM|МОМ|СБМ)\)", office), office
    assert back.startswith(office)
    for field in ("contact_name", "contact_phone", "contact_fax", "contact_email", "contact_website"):
        assert issue[field] in back, field
    assert f": {label}" in back  # the contacts are those of this issue, and say so


@pytest.mark.parametrize("lang", LANGS)
def test_no_provenance_note_or_stand_in_photo_is_printed(site, lang):
    text = " ".join(page_texts(pdf_path(site, lang)))
    notes = [value for key, value in front_matter(lang).items() if key.endswith("_note")]
    assert notes
    for note in notes:
        assert " ".join(note.split())[:40] not in text
    stand_ins = ("Photo not available", "Фотография отсутствует", "(approximate", "(прибл")
    for words in ("printed newsletter", "печатн", "чопӣ", *stand_ins):
        assert words not in text, words


@pytest.fixture(scope="module")
def one_story_untranslated(tmp_path_factory):
    """The 2012 issue with its Russian story 03 missing: the Russian PDF and e-mail print the
    English story."""
    import shutil

    from conftest import FixtureSite

    site = FixtureSite(tmp_path_factory.mktemp("untranslated") / "site")
    shutil.rmtree(site.root / "content" / "newsletters")
    shutil.copytree(ROOT / "content" / "newsletters", site.root / "content" / "newsletters")
    (site.root / "content" / "newsletters" / "2012" / "03-video-informed-migration.ru.md").unlink()
    result = site.build()
    assert result.returncode == 0, result.output
    return site


def structure_elements(reader):
    found, todo = [], [reader.trailer["/Root"]["/StructTreeRoot"]["/K"][0]]
    while todo:
        element = todo.pop().get_object()
        if not hasattr(element, "get") or element.get("/Type") != "/StructElem":
            continue
        found.append(element)
        kids = element.get("/K")
        todo += list(kids) if isinstance(kids, list) else ([kids] if kids is not None else [])
    return found


def test_an_english_story_in_the_russian_pdf_is_tagged_english_and_keeps_the_contents_aligned(
    one_story_untranslated,
):
    pdf = one_story_untranslated.output / "ru" / ISSUE / "iom-tajikistan-newsletter-2012-ru.pdf"
    reader = PdfReader(pdf)
    english = [e for e in structure_elements(reader) if e.get("/Lang") == "en"]
    kinds = {str(e["/S"]) for e in english}
    assert "/Art" in kinds and "/Span" in kinds, kinds  # the story, its entry in the contents
    assert all(str(e["/S"]) != "/Document" for e in english)
    assert reader.trailer["/Root"]["/Lang"] == "ru"
    contents = page_texts(pdf)[1]
    assert "Video on Informed Migration" in contents and "(English)" in contents
    edges = [edge for _, edge in contents_numbers(reader)]
    assert len(edges) == 19 and max(edges) - min(edges) < 1.5, edges


def test_an_english_story_in_the_russian_e_mail_is_marked_english(one_story_untranslated):
    soup = BeautifulSoup((one_story_untranslated.output / "_email" / "2012.ru.html").read_text(), "lxml")
    english = soup.find_all(lang="en")
    assert len(english) == 1 and "Video on Informed Migration" in english[0].get_text()
    assert english[0].find("a")["hreflang"] == "en"
    assert soup.html["lang"] == "ru"
