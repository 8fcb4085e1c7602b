"""The real site: every source document is there, faithfully, in a sound theme."""

import re

import pytest
from conftest import ROOT

PRESS = "/press/memorandum-of-cooperation-combating-human-trafficking-2006/"
ISSUE = "/newsletters/2012/"
CAMPAIGN = "/campaigns/world-day-against-trafficking-2019/"

STORIES_BY_SECTION = [  # (section heading, story titles) in the order of content/data/sections.yml
    (
        "Refugee protection and international migration",
        ["UNHCR and IOM Support National Consultations on Refugee Protection and International Migration"],
    ),
    (
        "Facilitating migration",
        [
            "Flight Attendants Trained on Outreach Methods to Migrants",
            "Video on Informed Migration Broadcast on National TV",
        ],
    ),
    (
        "Counter trafficking in persons",
        [
            "Tajik Consular Officers Attend Training on Human Trafficking",
            "Tajikistan Remains on Tier II in 2012 Annual Trafficking in Persons Report",
        ],
    ),
    ("Community stabilization", ["IOM Delivers Mobile Emergency Operation Unit to COES"]),
    ("Migration health", ["New Project Focuses on HIV and Tuberculosis Prevention Among Migrant Workers"]),
    ("Migration and development", ["IOM Provides Technical Assistance to Vocational Schools in Sughd"]),
    (
        "Border management",
        ["Three Joint Trainings on Border Control Held for Tajik and Afghan Border Guards"],
    ),
    ("Project briefs", ["New Report Released on Environmental Degradation and Migration"]),
]


def text_of(soup) -> str:
    return re.sub(r"\s+", " ", soup.get_text(" "))


def test_press_release_has_dateline_reference_and_contact_block(site):
    page = site.page(PRESS)
    main = page.find("main")
    assert "Dushanbe, 15 February 2006" in text_of(main)
    assert main.find("p", class_="reference").get_text() == "No. TJ"  # as the release prints it
    address = main.find("address")
    assert "36, Pervyi Proezd Telman street" in text_of(address)
    assert "+992 372 21 03 02" in text_of(address)
    assert address.find("a", href="mailto:iomdushanbe@iom.tajnet.com")
    assert "Mr. Mahmoud Naderi" in text_of(main)
    assert len(main.select(".prose li")) == 9  # the nine areas of cooperation


def test_issue_page_lists_every_story_by_section_in_order(site):
    toc = site.page(ISSUE).find("nav", class_="toc")
    sections = [
        (h3.get_text(strip=True), [a.get_text(strip=True) for a in h3.find_next("ol").find_all("a")])
        for h3 in toc.find_all("h3")
    ]
    assert sections == STORIES_BY_SECTION
    for link in toc.find_all("a"):
        story = site.page(link["href"])
        assert story.find("h1").get_text(strip=True) == link.get_text(strip=True)
        assert story.find("a", href=ISSUE), "each story links back to its issue"


def test_issue_page_has_foreword_signatory_supporters_about_and_contacts(site):
    main = text_of(site.page(ISSUE).find("main"))
    assert "Dear Readers" in main and "Zeynal Hajiyev" in main and "Chief of Mission, IOM Tajikistan" in main
    assert "Governments of Japan, Turkey, the United Kingdom, and the United States of America" in main
    assert "established in 1992" in main and "employs 40 staff" in main
    assert "dushanbeinfo@iom.int" in main and "+ 992 37 221 03 02" in main


def test_no_stand_in_images_for_photos_we_do_not_have(site):
    """No grey "photo not available" boxes: no page shows an image that is not a photo."""
    for path in site.html_files():
        html = path.read_text(encoding="utf-8")
        assert "photo-unavailable" not in html and "figure--placeholder" not in html, path
    story = site.page(ISSUE + "flight-attendants-trained-on-outreach-methods-to-migrants/")
    assert not story.find("main").find_all(["figure", "img"])


def test_captions_of_photos_not_reproduced_are_kept_in_the_source_register():
    """The captions the newsletter prints under its photos are in sources/README.md, each in
    the source's words, under the source document."""
    register = (ROOT / "sources" / "README.md").read_text(encoding="utf-8")
    section = register.split("## Captions of photos not reproduced", 1)[1]
    newsletter = section.split("### 001:", 1)[1].split("\n### ", 1)[0]
    captions = re.findall(r"^  - (.+)$", newsletter, re.M)
    assert len(captions) == 20
    source = (ROOT / "sources" / "001_d7d810ae468790eb.txt").read_text(encoding="utf-8")
    joined = " ".join(re.sub(r"(\w)-\s*\n\s*(\w)", r"\1\2", source).split())
    for caption in captions:
        assert caption in joined, caption
    assert "Flight Attendants from Tajik Air attend one of the training sessions organized by IOM" in captions


def test_newsletter_text_is_repaired(site):
    """PDF hyphenation is joined and the broken vertical label is gone."""
    for link in site.page(ISSUE).find("nav", class_="toc").find_all("a"):
        text = text_of(site.page(link["href"]).find("main"))
        assert not re.search(r"\b\w+- \w", text.replace("Tajik-Afghan", "")), link["href"]
        assert "FA C" not in text and "IL IT" not in text
    tier = text_of(
        site.page(ISSUE + "tajikistan-remains-on-tier-ii-in-2012-annual-trafficking-in-persons-report/")
    )
    assert "on investigation and prosecution techniques" in tier


def test_campaign_shows_its_2018_and_2019_figures_and_quote(site):
    main = site.page(CAMPAIGN).find("main")
    figures = [li.get_text(" ", strip=True) for li in main.select(".figures li")]
    assert any(f.startswith("17 ") and "2019" in f for f in figures)
    assert any(f.startswith("8 ") and "2019" in f for f in figures)
    assert any(f.startswith("20 ") and "19 women" in f and "2018" in f for f in figures)
    # the quote stands where the source prints it: between the third and fourth paragraphs
    paragraphs = [p.get_text(" ", strip=True) for p in main.select(".prose > p, .prose > blockquote")]
    quote = next(i for i, p in enumerate(paragraphs) if "Cristina Gheorghe Tranca" in p)
    assert paragraphs[quote - 1].startswith("In the first half of 2019") and paragraphs[quote + 1].startswith(
        "In 2019,"
    )
    assert "#EndHumanTrafficking" in text_of(main)
    assert "protected from spambots" not in text_of(main)


def test_about_page(site):
    main = text_of(site.page("/about/").find("main"))
    assert "IOM began working in Tajikistan in 1993" in main
    assert "November 1994" in main and "700 000" in main


def test_one_news_item_per_teaser_with_honest_dates(site):
    news = site.page("/news/")
    cards = news.find("main").find_all("article", class_="card")
    assert len(cards) == 9
    forum = site.page("/news/national-forum-on-social-and-legal-partnership-in-combating-human-trafficking/")
    assert forum.find("time")["datetime"] == "2017-03-03"
    ganjina = site.page("/news/two-years-of-labour-slavery-ganjina-s-story/")
    assert ganjina.find("time")["datetime"] == "2017"
    # how the date was chosen is said in the page's sources note, not beside the date
    assert "approximate" not in text_of(ganjina.find("main"))
    assert "The text gives no date" in text_of(ganjina.select_one("main .sources-note"))


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/ru/",
        "/tg/",
        PRESS,
        ISSUE,
        CAMPAIGN,
        "/about/",
        "/news/",
        "/archives/",
        "/sections/counter-trafficking/",
        "/tags/human-trafficking/",
        "/404.html",
    ],
)
def test_page_structure_is_accessible(site, path):
    page = site.page(path)
    assert page.html.get("lang") in ("en", "ru", "tg")
    assert len(page.find_all("h1")) == 1
    for landmark in ("header", "nav", "main", "footer"):
        assert page.find(landmark), landmark
    skip = page.find("a", class_="skip-link")
    assert skip["href"] == "#main" and page.find(id="main").name == "main"
    assert page.find("link", rel="canonical")["href"].startswith("https://www.iom.tj/")
    for img in page.find_all("img"):
        assert img.get("alt"), img


def test_no_internal_link_or_image_is_broken(site):
    broken = []
    for html in site.html_files():
        soup = site.page(str(html.relative_to(site.folder)))
        for tag, attr in (("a", "href"), ("img", "src"), ("link", "href")):
            for element in soup.find_all(tag):
                url = element.get(attr)
                if not url or url.startswith(("http:", "https:", "mailto:", "tel:", "#", "data:")):
                    continue
                target = url.split("#")[0]
                if not target.startswith("/"):
                    target = "/" + str((html.parent / target).resolve().relative_to(site.folder.resolve()))
                if not site.file(target).exists():
                    broken.append(f"{html.relative_to(site.folder)}: {url}")
    assert not broken, broken


def test_no_third_party_requests_or_scripts(site):
    for html in site.html_files():
        soup = site.page(str(html.relative_to(site.folder)))
        scripts = [s for s in soup.find_all("script") if s.get("type") != "application/ld+json"]
        if html.parent.name != "search":  # the search page alone enhances itself with a script
            assert not scripts, html
        for element in soup.find_all(["img", "link", "iframe", "source"]):
            url = element.get("src") or element.get("href") or ""
            if element.name == "link" and element.get("rel") in (["canonical"], ["alternate"]):
                continue
            assert not url.startswith(("http:", "https:", "//")), (html, url)


def test_stylesheet_is_one_small_file(site):
    css = list((site.folder / "theme").glob("site.*.css"))
    assert len(css) == 1
    assert css[0].stat().st_size < 16_000
    assert site.page("/").find("link", rel="stylesheet")["href"] == "/theme/" + css[0].name


def test_404_page_exists(site):
    page = site.page("/404.html")
    assert page.find("h1").get_text(strip=True) == "Page not found"
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"


def test_archives_list_every_article_by_year(site):
    archives = site.page("/archives/")
    years = [h2.get_text(strip=True) for h2 in archives.find("main").find_all("h2")]
    assert years == ["2019", "2017", "2016", "2012", "2006"]
    assert len(archives.select(".archive-list li")) == 22
