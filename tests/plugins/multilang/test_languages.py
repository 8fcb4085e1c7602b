"""Three languages: homes, translations, hreflang, switcher, catalogues, dates, sitemap."""

import xml.etree.ElementTree as ET

import feedparser
import pytest
from babel.messages.pofile import read_po
from conftest import ROOT

PUBLIC = "https://www.iom.tj/"
TRANSLATED = {  # English page -> its translations that must exist
    "/press/memorandum-of-cooperation-combating-human-trafficking-2006/": ("ru", "tg"),
    "/about/": ("ru", "tg"),
    "/campaigns/world-day-against-trafficking-2019/": ("ru", "tg"),
    "/newsletters/2012/": ("ru", "tg"),
}


def local(url: str) -> str:
    assert url.startswith(PUBLIC), url
    return "/" + url[len(PUBLIC) :]


def alternates(page) -> dict:
    return {
        link["hreflang"]: link["href"]
        for link in page.find_all("link", rel="alternate")
        if link.get("hreflang")
    }


@pytest.mark.parametrize("path,lang", [("/", "en"), ("/ru/", "ru"), ("/tg/", "tg")])
def test_each_home_exists_with_its_language(site, path, lang):
    page = site.page(path)
    assert page.html["lang"] == lang
    assert (
        page.find("a", class_="skip-link").get_text()
        == {
            "en": "Skip to main content",
            "ru": "Перейти к основному содержанию",
            "tg": "Гузариш ба матни асосӣ",
        }[lang]
    )


@pytest.mark.parametrize("english", sorted(TRANSLATED))
def test_translations_exist_and_hreflang_is_reciprocal(site, english):
    links = alternates(site.page(english))
    assert set(links) == {"en", "ru", "tg", "x-default"}
    assert links["x-default"] == links["en"]
    for lang, url in links.items():
        target = site.page(local(url))
        assert target.html["lang"] == (lang if lang != "x-default" else "en")
        assert alternates(target) == links, f"{url} does not link back the same way"


def test_every_hreflang_link_on_the_site_resolves(site):
    for html in site.html_files():
        page = site.page(str(html.relative_to(site.folder)))
        for lang, url in alternates(page).items():
            assert site.file(local(url)).exists(), (html, lang, url)


def test_switcher_on_a_translated_article_reaches_its_translation(site):
    page = site.page("/press/memorandum-of-cooperation-combating-human-trafficking-2006/")
    switcher = page.find("nav", class_="lang-switcher")
    russian = switcher.find("a", hreflang="ru")
    target = site.page(russian["href"])
    assert target.html["lang"] == "ru"
    assert target.find("h1").get_text().startswith("Официальная церемония подписания")


def test_russian_and_tajik_pages_show_no_english_interface_text(site):
    english_strings = {
        "Skip to main content",
        "Press releases",
        "Published",
        "Archives",
        "About us",
        "Type",
        "Theme",
        "Tags",
        "Foreword from the Chief of Mission",
        "In this issue",
        "Contact us",
        "Key figures",
    }
    for path in (
        "/ru/",
        "/tg/",
        "/ru/newsletters/2012/",
        "/tg/campaigns/",
        "/tg/press/marosimi-rasmii-imzoi-yoddoshti-dujonibai-hamkori-bayni-sozmoni-baynalmilalii/",
    ):
        page = site.page(path)
        for element in page.find_all(["main", "header", "footer"]):
            for tag in element.find_all(lang=True):  # text marked as another language is fine
                tag.decompose()
        text = page.get_text(" ")
        found = {s for s in english_strings if s in text}
        assert not found, (path, found)


def test_dates_are_in_each_pages_language(site):
    ru = site.page(
        "/ru/press/ofitsialnaya-tseremoniya-podpisaniya-dvustoronnego-memoranduma-o-sotrudnichestve/"
    )
    ru_text = (
        ru.find("main").get_text().replace("\u202f", " ").replace("\u00a0", " ")
    )  # Babel's no-break spaces
    assert "15 февраля 2006 г." in ru_text
    assert "Душанбе, 15 февраля 2006 г." in ru_text and "г.." not in ru_text
    tg = site.page("/tg/press/marosimi-rasmii-imzoi-yoddoshti-dujonibai-hamkori-bayni-sozmoni-baynalmilalii/")
    assert "15 феврали соли 2006" in tg.find("main").get_text()
    tg_archive = site.page("/tg/archives/").find("main").get_text()
    assert "15 феврали соли 2006" in tg_archive and "соли 2019" in tg_archive and "July" not in tg_archive


def test_slugs_are_readable_ascii_transliterations(site):
    for lang in ("ru", "tg"):
        for html in (site.folder / lang).rglob("index.html"):
            relative = html.relative_to(site.folder).as_posix()
            assert relative.isascii(), relative
    assert site.file(
        "/tg/campaigns/ruzi-jahonii-muboriza-bo-savdoi-odamon-soli-2019-dar-tojikiston/"
    ).exists()


@pytest.mark.parametrize("lang", ["ru", "tg"])
def test_every_news_item_and_story_is_read_in_russian_and_tajik(site, lang):
    """Every item is translated (an untranslated one is shown as such: test_new_language.py)."""
    news = site.page(f"/{lang}/news/")
    assert len(news.find_all("article", class_="card")) == 9
    assert not news.find("aside", class_="notice")
    feed = feedparser.parse(site.file(f"/{lang}/feeds/news.atom.xml").read_bytes())
    assert len(feed.entries) == 9 and all(f"/{lang}/news/" in entry.link for entry in feed.entries)
    issue = site.page(f"/{lang}/newsletters/2012/")
    stories = issue.find("nav", class_="toc").find_all("a", href=True)
    assert len([a for a in stories if a["href"].startswith(f"/{lang}/newsletters/2012/")]) == 10
    first_section = {
        "ru": "Защита беженцев и международная миграция",
        "tg": "Ҳифзи гурезагон ва муҳоҷирати байналмилалӣ",
    }
    assert issue.find("nav", class_="toc").find("h3").get_text(strip=True) == first_section[lang]
    assert not issue.find(class_="toc__lang")  # no story marked "(English)"


@pytest.mark.parametrize("lang", ["ru", "tg"])
def test_every_template_string_is_translated(lang):
    """Fails when a template uses a msgid that the language's catalogue does not translate."""
    with (ROOT / "i18n" / "messages.pot").open("rb") as handle:
        template_ids = {m.id for m in read_po(handle) if m.id}
    with (ROOT / "i18n" / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    translated = {
        m.id
        for m in catalog
        if m.id and not m.fuzzy and (all(m.string) if isinstance(m.string, tuple) else m.string)
    }
    assert not template_ids - translated


def test_pot_is_up_to_date_with_the_templates(tmp_path):
    """The committed .pot holds every string the templates use and every label of the content
    model (run `invoke i18n-update`)."""
    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir

    method_map = [
        ("theme/templates/**.html", "jinja2"),
        ("theme/templates/**.txt", "jinja2"),
        ("core/model.py", "python"),  # the content types' labels, marked N_(...)
    ]
    jinja = {
        "extensions": "jinja2.ext.i18n",
        "trim_blocks": "True",
        "lstrip_blocks": "True",
        "autoescape": "True",
    }
    options = {pattern: jinja for pattern, _ in method_map}
    keywords = {**DEFAULT_KEYWORDS, "Nn_": (1, 2)}  # as tasks.py's i18n-extract
    used = {msg for _, _, msg, _, _ in extract_from_dir(str(ROOT), method_map, options, keywords)}
    assert {"Press release", "Press releases", "All press releases"} <= used  # from the model
    assert ("%(num)s item is available only in Tajik:", "%(num)s items are available only in Tajik:") in used
    with (ROOT / "i18n" / "messages.pot").open("rb") as handle:
        known = {m.id for m in read_po(handle) if m.id}
    assert not used - known


def test_sitemap_lists_every_page_with_alternates_and_robots_points_to_it(site):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    tree = ET.parse(site.folder / "sitemap.xml")
    entries = {local(u.find("s:loc", ns).text): u for u in tree.getroot().findall("s:url", ns)}
    pages = {
        "/" + str(p.relative_to(site.folder)).removesuffix("index.html")
        for p in site.html_files()
        if not p.name.endswith("404.html") and 'http-equiv="refresh"' not in p.read_text()  # old addresses
    }
    assert set(entries) == pages
    about = entries["/about/"]
    langs = {link.get("hreflang"): link.get("href") for link in about.findall("x:link", ns)}
    assert set(langs) == {"en", "ru", "tg", "x-default"}
    assert (
        (site.folder / "robots.txt").read_text().strip().endswith("Sitemap: https://www.iom.tj/sitemap.xml")
    )


def test_every_page_has_a_canonical_url(site):
    for html in site.html_files():
        page = site.page(str(html.relative_to(site.folder)))
        assert page.find("link", rel="canonical")["href"].startswith(PUBLIC), html


@pytest.mark.parametrize(
    "lang, day, month, year",
    [
        ("en", "15 February 2006", "June 2012", "2012"),
        ("ru", "15 февраля 2006\u00a0г.", "июнь 2012\u00a0г.", "2012\u00a0г."),
        ("tg", "15 феврали соли 2006", "июни соли 2012", "соли 2012"),
    ],
)
def test_date_patterns_of_each_language(lang, day, month, year):
    import datetime

    from iomsite.plugins.multilang.dates import format_date

    assert format_date(datetime.date(2006, 2, 15), lang, "day") == day
    assert format_date(datetime.datetime(2012, 6, 30, 9, 0), lang, "month") == month
    assert format_date(datetime.date(2012, 1, 1), lang, "year") == year
    # no zero padding, every month its own name
    assert format_date(datetime.date(2019, 7, 3), lang).startswith("3 ")
    assert len({format_date(datetime.date(2020, m, 1), lang, "month") for m in range(1, 13)}) == 12


def test_tajik_and_russian_pages_write_dates_their_own_way(site):
    tg_issue = site.page("/tg/newsletters/2012/").find("main").get_text(" ")
    assert "июни соли 2012" in tg_issue and "Июн 2012" not in tg_issue
    ru_issue = site.page("/ru/newsletters/2012/").find("main").get_text(" ").replace("\u00a0", " ")
    assert "июнь 2012 г." in ru_issue


@pytest.mark.parametrize("lang", ["ru", "tg"])
def test_tag_addresses_are_transliterated_by_the_articles_rule(site, lang):
    from iomsite.plugins.multilang.translit import slugify

    tags = sorted(p.parent for p in (site.folder / lang / "tags").glob("*/index.html"))
    assert len(tags) > 10
    for folder in tags:
        name = site.page(f"/{lang}/tags/{folder.name}/").find("h1").get_text()
        assert folder.name == slugify(name.split("«", 1)[1].rstrip("»")), name
    assert (site.folder / "tg" / "tags" / "yoddosht").is_dir()  # not Pelican's "ioddosht"
