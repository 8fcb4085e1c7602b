"""The layout of the real site as a reader sees it, in three languages: measured in headless
Chromium (layout_probe.mjs) where layout is the question, read from the HTML where it is not.

What it holds: no sideways scrolling at 320 px; one text width per page; the campaign's figures
all of one size, none alone on a row; the newsletter's contents numbered on across its
sections; the date/type block lined up on phones; the search filters stacked on phones; the
current page marked in the navigation; edges in forced colours; no heading before the h1 when
the hotline banner shows; list summaries that end cleanly; no stand-in images anywhere."""

import json
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from conftest import run_node
from pypdf import PdfReader

from iomsite.tools.localserver import serve

LANGS = ("en", "ru", "tg")
PRESS = "/press/memorandum-of-cooperation-combating-human-trafficking-2006/"
ISSUE = "/newsletters/2012/"
STORY = ISSUE + "flight-attendants-trained-on-outreach-methods-to-migrants/"
CAMPAIGN = "/campaigns/world-day-against-trafficking-2019/"
PAGES = {  # English address of each kind of page a reader meets
    "home": "/",
    "press release": PRESS,
    "issue": ISSUE,
    "story": STORY,
    "campaign": CAMPAIGN,
    "about": "/about/",
    "donors": "/donors/",
    "search": "/search/",
}
PHONE, SMALLEST, DESKTOP = 390, 320, 1280


def in_language(site, english_path: str, lang: str) -> str:
    """The address of a page in `lang`, from the English page's hreflang alternates."""
    if lang == "en":
        return english_path
    link = site.page(english_path).find("link", rel="alternate", hreflang=lang)
    assert link, f"{english_path} has no {lang} alternate"
    return urlparse(link["href"]).path


def probe(folder: Path, tasks: list[dict]) -> list[dict]:
    """Run the tasks in Chromium over `folder` served as a static host would serve it."""
    server = serve(folder)
    try:
        proc = run_node(
            Path(__file__).parent / "layout_probe.mjs",
            f"http://127.0.0.1:{server.server_port}",
            json.dumps(tasks),
        )
    finally:
        server.shutdown()
    assert proc.returncode == 0, proc.stderr
    results = json.loads(proc.stdout)
    for result in results:
        assert result["status"] == 200 and not result["errors"], result
    return results


@pytest.fixture(scope="module")
def measured(site):
    """Every measurement on the real site, in one browser run: {(name, path, width): value}."""
    tasks = []

    def add(name, path, width, probe_name, selectors=(), **options):
        tasks.append(
            {
                "name": name,
                "path": path,
                "width": width,
                "probe": probe_name,
                "selectors": list(selectors),
                **options,
            }
        )

    for english in PAGES.values():
        for lang in LANGS:
            add("overflow", in_language(site, english, lang), SMALLEST, "overflow")
    for lang in LANGS:
        for width in (PHONE, DESKTOP):
            add("figures", in_language(site, CAMPAIGN, lang), width, "boxes", [".figures li"])
        for english in (PRESS, STORY, CAMPAIGN, ISSUE, "/about/", "/"):
            add("widths", in_language(site, english, lang), DESKTOP, "boxes", TEXT_BLOCKS)
        for english in (PRESS, STORY, CAMPAIGN):
            add(
                "meta",
                in_language(site, english, lang),
                PHONE,
                "boxes",
                [".article-meta dt", ".article-meta dd"],
            )
        search = in_language(site, "/search/", lang)
        add("filters", search, PHONE, "boxes", FILTER_PARTS, waitFor="[data-search-filters]:not([hidden])")
        add("filters without JavaScript", search, PHONE, "shown", ["[data-search-filters]"], javascript=False)
        for english, selectors in FORCED_EDGES.items():
            add("forced", in_language(site, english, lang), DESKTOP, "borders", selectors, forced=True)
    results = probe(site.folder, tasks)
    return {
        (task["name"], task["path"], task["width"]): result["value"] for task, result in zip(tasks, results)
    }


def of(measured: dict, name: str) -> dict:
    return {(path, width): value for (kind, path, width), value in measured.items() if kind == name}


def test_no_page_scrolls_sideways_at_320_px(measured):
    pages = of(measured, "overflow")
    assert len(pages) == len(PAGES) * len(LANGS)
    wide = {path: value for (path, _), value in pages.items() if value["scrollWidth"] > value["innerWidth"]}
    assert not wide


def test_campaign_figures_are_of_one_size_and_none_is_alone_on_a_row(measured):
    """Side by side, the boxes of a row are alike; one under another (a phone), each is as high
    as its text (stretched to the tallest, the short ones were empty boxes)."""
    for (path, width), value in of(measured, "figures").items():
        boxes = value[".figures li"]
        assert len(boxes) == 4, path
        assert len({round(b["width"]) for b in boxes}) == 1, (path, width, boxes)
        rows = {}
        for box in boxes:
            rows.setdefault(round(box["y"]), []).append(box)
        if len(rows) == len(boxes):  # one column
            assert len({round(b["height"]) for b in boxes}) > 1, (path, width, "stretched to the tallest")
        else:
            assert len({round(b["height"]) for b in boxes}) == 1, (path, width, boxes)
        assert len({len(row) for row in rows.values()}) == 1, (path, width, "a row with fewer figures")
        if width == DESKTOP:
            assert len(rows) in (1, 2), (path, "2x2 or 4 in a row on a desktop")


TEXT_BLOCKS = [  # what holds text in main (the campaign's coloured band, inside, reaches out)
    "main h1:not(.hero h1)",
    "main .article-meta",
    "main .prose > p",
    "main .toc",
    "main .contact",
    "main .figures ul",
    "main .card",
    "main > *",
]


def test_one_text_width_per_page(measured):
    """Title, metadata, paragraphs, boxes and cards: one column, of about 70 characters a line."""
    for (path, _), value in of(measured, "widths").items():
        widths = {
            selector: {round(box["width"]) for box in value[selector]}
            for selector in TEXT_BLOCKS
            if value[selector]
        }
        assert len(widths) >= 2, (path, widths)
        found = set().union(*widths.values())
        assert len(found) == 1, (path, widths)
        assert 560 <= found.pop() <= 680, (path, widths, "a reading column of about 70 characters")


def test_the_date_and_type_block_lines_up_on_phones(measured):
    for (path, _), value in of(measured, "meta").items():
        values, labels = value[".article-meta dd"], value[".article-meta dt"]
        assert len(values) >= 2, path
        assert len({round(box["x"]) for box in values}) == 1, (path, "values start at one edge", values)
        assert len({round(box["x"]) for box in labels}) == 1, (path, "labels start at one edge")
        for label, found in zip(labels, values):
            assert abs(label["y"] - found["y"]) < 2, (path, "each label on its value's line")


FILTER_PARTS = [
    ".search-form",
    "label[for=search-type]",
    "#search-type",
    "label[for=search-year]",
    "#search-year",
]


def test_search_filters_are_stacked_and_full_width_on_phones(measured):
    for (path, _), value in of(measured, "filters").items():
        form = value[".search-form"][0]
        (type_label,), (type_list,) = value["label[for=search-type]"], value["#search-type"]
        (year_label,), (year_list,) = value["label[for=search-year]"], value["#search-year"]
        assert type_label["bottom"] <= type_list["y"] + 1 and year_label["bottom"] <= year_list["y"] + 1, path
        assert year_label["y"] >= type_list["bottom"], (path, "one filter under the other")
        for found in (type_list, year_list):
            assert found["width"] >= 0.95 * form["width"], (path, found, form)
    for (path, _), value in of(measured, "filters without JavaScript").items():
        assert value == {"[data-search-filters]": False}, (path, "filters that cannot work are not shown")


FORCED_EDGES = {  # English page: what a background sets apart, and needs an edge without one
    CAMPAIGN: [".site-header", ".site-nav", ".hero", ".contact", ".figures li"],
    ISSUE: [".toc"],
}
SIDES = {".site-header": ["bottom"], ".site-nav": ["top"]}  # the bands: the edge between them and the page


def test_edges_are_visible_in_forced_colours(measured, site_hotline_confirmed):
    checked = 0
    for (path, _), value in of(measured, "forced").items():
        for selector, borders in value.items():
            assert borders is not None, (path, selector)
            for side in SIDES.get(selector, ["top", "right", "bottom", "left"]):
                width, style = borders[side].split()
                assert float(width.removesuffix("px")) >= 1 and style not in ("none", "hidden"), (
                    path,
                    selector,
                    side,
                )
                checked += 1
    assert checked >= 3 * 4 * 4
    tasks = [
        {"path": path, "width": DESKTOP, "probe": "borders", "selectors": [".hotline"], "forced": True}
        for path in with_hotline_banner(site_hotline_confirmed)
    ]
    hotline = probe(site_hotline_confirmed.folder, tasks)
    assert len(hotline) == len(LANGS)
    for result in hotline:
        borders = result["value"][".hotline"]
        assert borders and all(not side.startswith("0px") for side in borders.values()), result


def with_hotline_banner(built) -> list[str]:
    """The address of a page showing the hotline banner in each language."""
    found = {}
    for path in built.html_files():
        text = path.read_text(encoding="utf-8")
        lang = re.search(r'<html lang="(\w+)"', text).group(1)
        if 'class="hotline"' in text and lang not in found:
            found[lang] = "/" + path.relative_to(built.folder).as_posix()
    return [found[lang] for lang in LANGS]


def test_contents_of_an_issue_are_numbered_on_across_its_sections(site):
    for lang in LANGS:
        toc = site.page(in_language(site, ISSUE, lang)).find("nav", class_="toc")
        numbers = []
        for ol in toc.find_all("ol"):
            start = int(ol.get("start", 1))
            numbers += [start + index for index, _ in enumerate(ol.find_all("li", recursive=False))]
        assert len(toc.find_all("ol")) > 1 and numbers == list(range(1, len(numbers) + 1)), (lang, numbers)


def test_the_navigation_marks_the_page_shown_in_every_language(site):
    for lang in LANGS:
        for english in ("/press/", "/news/", "/newsletters/", "/campaigns/", "/search/", "/about/"):
            path = (
                in_language(site, english, lang)
                if english == "/about/"
                else f"/{lang}{english}".replace("/en/", "/")
            )
            current = site.page(path).find("nav", class_="site-nav").find_all(attrs={"aria-current": "page"})
            assert [urlparse(a["href"]).path for a in current] == [path], (lang, path, current)
        story = site.page(in_language(site, STORY, lang)).find("nav", class_="site-nav")
        assert not story.find(attrs={"aria-current": "page"}), "a story is not a page of the menu"


def test_no_heading_comes_before_the_h1_when_the_hotline_banner_shows(site_hotline_confirmed):
    pages = 0
    for path in site_hotline_confirmed.html_files():
        html = path.read_text(encoding="utf-8")
        if 'class="hotline"' not in html:
            continue
        pages += 1
        first = re.search(r"<h([1-6])\b", html)
        assert first and first.group(1) == "1", path
    assert pages > 10


def test_list_summaries_end_at_a_sentence_or_with_one_ellipsis(site):
    summaries = [
        " ".join(div.get_text().split())
        for path in site.html_files()
        for div in site.page("/" + path.relative_to(site.folder).as_posix()).find_all(class_="card__summary")
    ]
    assert len(summaries) > 50
    for text in summaries:
        assert not re.search(r"(\.\.\.|[,;:\s]…|\.…)$", text), text
        assert text.endswith((".", "…", "!", "?", "»", "”", ")")), text


def test_no_stand_in_image_in_the_newsletter_pdf_or_e_mail(site):
    pdfs = sorted(site.folder.rglob("*.pdf"))
    assert len(pdfs) == 3
    for pdf in pdfs:
        assert not any(page.images for page in PdfReader(pdf).pages), pdf
    emails = sorted((site.folder / "_email").rglob("*.html"))
    assert emails
    for email in emails:
        text = email.read_text(encoding="utf-8")
        assert "photo-unavailable" not in text and "Photo not available" not in text, email
