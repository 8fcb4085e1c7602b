"""The home page (who we are, the route to help, our publications by year), the contact page
(the contact details our publications give, each with its year, telephones as tel: links) and
the help block on every page: on the real site, and with a confirmed hotline."""

import re

import pytest
from conftest import ROOT

from iomsite.plugins.hotlines.contact import phones_in

PRESS = "/press/memorandum-of-cooperation-combating-human-trafficking-2006/"


def text(node) -> str:
    return re.sub(r"\s+", " ", node.get_text(" ")).strip()


def source_text(number: str) -> str:
    path = next((ROOT / "sources").glob(f"{number}_*.txt"))
    return re.sub(r"\s+", " ", path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("lang", ["", "ru/", "tg/"])
def test_home_leads_with_who_we_are_then_help_then_publications_by_year(site, lang):
    main = site.page(f"/{lang}").find("main")
    blocks = [tag for tag in main.find_all(["h1", "h2"])]
    ids = [tag.get("id") for tag in blocks]
    assert blocks[0].name == "h1"
    assert ids.index("help-title") < ids.index("home-publications"), ids
    about = main.find("div", class_="home-intro")
    assert about.find("a", href=re.compile(rf"^/{lang}[^/]+/$"))
    help_block = main.find("section", class_="home-help")
    assert help_block.find("a", href=f"/{lang}contact/")
    publications = main.find("section", attrs={"aria-labelledby": "home-publications"})
    assert "2006–2019" in text(publications.find("h2"))
    years = [h3.get_text() for h3 in publications.find_all("h3")]
    assert years == sorted(years, reverse=True) and years[0] == "2019" and years[-1] == "2006"
    # every item of a year is of that year; stories are reached through their issue
    for section in publications.find_all("section", class_="pub-year"):
        year = section.find("h3").get_text()
        for time in section.find_all("time"):
            assert time["datetime"].startswith(year)
    assert not publications.find("a", href=re.compile(r"/newsletters/2012/.+/"))


def test_home_page_shows_the_help_block_once(site):
    page = site.page("/")
    assert len(page.find_all(id="help")) == 1


@pytest.mark.parametrize("lang", ["", "ru/", "tg/"])
def test_contact_page_gives_the_most_recent_details_first_with_their_year_and_tel_links(site, lang):
    main = site.page(f"/{lang}contact/").find("main")
    sections = main.find_all("section", class_="contact")
    assert len(sections) == 3
    recent, newsletter, letterhead = sections
    assert "2019" in text(recent.find("h3")) and "2012" in text(newsletter.find("h3"))
    assert "2006" in text(letterhead.find("h3"))
    links = [a["href"] for a in recent.find_all("a", href=re.compile("^tel:"))]
    assert links == ["tel:+992487010202", "tel:+992487010303", "tel:+992487010222"]
    # older numbers are a record, not an invitation to call
    assert not newsletter.find("a", href=re.compile("^tel:")) and not letterhead.find(
        "a", href=re.compile("^tel:")
    )
    # each block links to the publication it comes from
    assert recent.find("a", href=re.compile(r"/campaigns/[^/]+/$"))
    assert "2012" in text(recent)  # the most recent e-mail address, with its year


def test_every_fact_of_the_contact_page_is_in_the_source_it_names(site):
    main = site.page("/contact/").find("main")
    recent, newsletter, letterhead = main.find_all("section", class_="contact")
    for block, number in ((recent, "003"), (newsletter, "001"), (letterhead, "000")):
        source = source_text(number)
        for line in block.find("address").stripped_strings:
            line = line.rstrip(",").strip()
            if line in ("Phone:", "Fax:", "E-mail:", "Website:", ":", ""):
                continue
            value = line.split(": ", 1)[-1]
            digits = re.sub(r"\D", "", value)
            if digits and len(digits) >= 6:  # a telephone or fax: its digits, as the source prints them
                assert digits[-7:] in re.sub(r"\D", "", source), (number, value)
            else:  # a name, an address line, an address: as the source gives it (its capitals aside)
                assert value.lower() in source.lower(), (number, value)
    for link in recent.find_all("a", href=re.compile("^tel:")):
        assert re.sub(r"\D", "", link.get_text())[-7:] in re.sub(r"\D", "", source_text("003"))


def test_a_telephone_line_with_a_shared_code_is_several_numbers():
    phones = phones_in("(+992 48) 701 0202, 701 0303, 701 0222")
    assert [p.e164 for p in phones] == ["+992487010202", "+992487010303", "+992487010222"]
    assert [p.shown for p in phones] == ["(+992 48) 701 0202", "(+992 48) 701 0303", "(+992 48) 701 0222"]
    assert phones_in("+ 992 37 221 03 02")[0].e164 == "+992372210302"
    assert (
        phones_in("12")[0].e164 == "" and phones_in("12")[0].href == ""
    )  # never a tel: link to a non-number


def test_the_press_release_letterhead_is_called_what_it_is(site):
    block = site.page(PRESS).find("section", class_="contact")
    assert text(block.find("h2")) == "Letterhead of our 2006 press release"
    assert "Press contact" not in text(block)
    assert block.find("a", href="/contact/")
    ru = site.page(
        "/ru/press/ofitsialnaya-tseremoniya-podpisaniya-dvustoronnego-memoranduma-o-sotrudnichestve/"
    )
    assert text(ru.find("section", class_="contact").find("h2")) == "Бланк нашего пресс-релиза 2006 года"


@pytest.mark.parametrize("path", ["/about/", "/ru/donors/", "/tg/archives/", PRESS, "/404.html"])
def test_every_page_ends_with_the_route_to_help(site, path):
    page = site.page(path)
    block = page.find("aside", id="help")
    assert block is not None and block.find_parent("main") is None
    lang = page.find("html")["lang"]
    prefix = "" if lang == "en" else f"{lang}/"
    assert block.find("a", href=f"/{prefix}contact/")
    # no hotline is confirmed today: the office's most recent telephone, with its year
    office = block.find("a", href=re.compile("^tel:"))
    assert office["href"] == "tel:+992487010202" and "2019" in text(block)
    assert "918" not in text(block)


def test_with_a_confirmed_hotline_the_help_block_gives_it(site_hotline_confirmed):
    for path in ("/", "/about/", "/ru/donors/", "/contact/"):
        page = site_hotline_confirmed.page(path)
        link = page.find("a", href="tel:+992918853434")
        assert link is not None and link.get_text() == "918-85-3434", path
    block = site_hotline_confirmed.page("/ru/").find(id="help")
    assert "Горячая линия" in text(block) and not block.find("a", href="tel:+992487010202")
