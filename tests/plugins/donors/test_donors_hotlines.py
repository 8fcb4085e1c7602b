"""Donors and hotline banners: on the real site, and each bad-data case on fixture sites.
Dates that matter use a fixed "today" (SITE_TODAY), never the clock."""

import datetime
import shutil

import pytest
from conftest import MINIMAL_PRESS, ROOT, real_content_site, run_module


@pytest.fixture(scope="module")
def site_2012(tmp_path_factory):
    """The real content, built as if today were 30 June 2012 (when the newsletter appeared)."""

    def only_what_had_happened(content):
        # what had not happened yet on that day would be embargoed (and its dates have no time)
        for later in ("news", "campaigns"):
            shutil.rmtree(content / later)
            (content / later).mkdir()

    return real_content_site(tmp_path_factory.mktemp("site2012"), "2012-06-30", only_what_had_happened)


def test_a_funded_article_ends_with_its_funders_and_no_sentence_the_sources_do_not_give(site):
    page = site.page("/news/mobile-theatre-warns-istaravshan-residents-about-trafficking-in-persons/")
    credits = page.find("section", class_="donor-credits")
    assert (
        credits.find("p").get_text(strip=True)
        == "Funded by: U.S. Agency for International Development (USAID)"
    )
    story = site.page("/newsletters/2012/iom-delivers-mobile-emergency-operation-unit-to-coes/")
    assert (
        story.find("section", class_="donor-credits")
        .get_text(" ", strip=True)
        .endswith("Funded by: Government of Japan")
    )
    assert not site.page("/about/").find("section", class_="donor-credits")
    for html in site.html_files():
        assert "This work is made possible by" not in html.read_text(encoding="utf-8"), html


FUNDED = "    funded:\n      - 2012\n      - 2017\n"
ACKNOWLEDGEMENT = (
    FUNDED
    + """    acknowledgement:
      en: This work is made possible by the American people through USAID.
      ru: Эта работа стала возможной благодаря американскому народу через USAID.
"""
)


def test_an_acknowledgement_a_source_gives_is_shown_in_the_articles_language(fixture_site):
    donors = fixture_site.root / "content" / "data" / "donors.yml"
    donors.write_text(
        donors.read_text(encoding="utf-8").replace(FUNDED, ACKNOWLEDGEMENT, 1),
        encoding="utf-8",
    )
    fixture_site.write(
        "press/ok.md",
        MINIMAL_PRESS.replace("dateline: Dushanbe", "dateline: Dushanbe\ndonors: usaid").replace(
            "Text of the release.", "Funded by USAID."
        ),
    )
    fixture_site.write(
        "press/ok.ru.md",
        """\
        title: Пресс-релиз
        date: 2020-01-15
        dateline: Душанбе
        donors: usaid

        Финансирует USAID.
        """,
    )
    result = fixture_site.build()
    assert result.returncode == 0, result.output
    ru = (
        result.page("/ru/press/press-reliz/")
        .find("section", class_="donor-credits")
        .find("p")
        .get_text(strip=True)
    )
    assert ru == "Эта работа стала возможной благодаря американскому народу через USAID."


def test_a_story_listing_a_funder_its_text_does_not_name_is_stopped(fixture_site):
    fixture_site.write(
        "press/ok.md", MINIMAL_PRESS.replace("dateline: Dushanbe", "dateline: Dushanbe\ndonors: japan")
    )
    result = fixture_site.build()
    assert result.returncode == 1
    assert (
        "content/press/ok.md:5: donor 'japan' is listed, but the text does not name Government of Japan — "
        "a story lists only the funders its source names"
    ) in result.output
    assert "Traceback" not in result.output


def names_in(block) -> list:
    """The names of a donor list, each once, in the page's order (an agency's after its
    government's)."""
    return [li.find(string=True, recursive=False).strip() for li in block.find_all("li")]


def year_section(page, years):
    return page.find("section", attrs={"aria-labelledby": f"named-{years}"})


def test_donors_page_groups_everyone_by_the_year_of_the_publication_that_names_them(site):
    page = site.page("/donors/")
    assert page.find("h1").get_text() == "Donors and partners named in our publications"
    headings = [h2.get_text(strip=True) for h2 in page.find("main").find_all("h2")]
    assert headings == [
        "Named in our publications of 2016–2017",
        "Named in our publications of 2012",
        "Named in our publications of 2006",
    ]
    recent = year_section(page, "2016–2017")
    funders, partners = recent.find_all("ul", class_="donor-list")
    assert names_in(funders) == [
        "Government of the United Kingdom",
        "U.S. Agency for International Development (USAID)",
    ]
    assert names_in(partners) == ["Tajikistan Network of Non-Governmental Organizations “Umed”"]
    # 2006: the press release names the Government of Tajikistan as a partner, no funder
    oldest = year_section(page, "2006")
    assert [h3.get_text() for h3 in oldest.find_all("h3")] == ["Partners and implementing agencies"]
    for html in site.html_files():
        assert "No donor is listed" not in html.read_text(encoding="utf-8"), html


def test_an_agency_is_listed_under_its_government_where_the_same_publication_names_both(site):
    newsletter = year_section(site.page("/donors/"), "2012")
    funders = newsletter.find("ul", class_="donor-list")
    top = [li for li in funders.find_all("li", recursive=False)]
    by_name = {li.find(string=True, recursive=False).strip(): li for li in top}
    assert names_in(by_name["Government of the United States of America"].find("ul")) == [
        # letters first, full stops left out: "Unit…" before "US A…"
        "United States Department of State’s Bureau of International Narcotics and Law "
        "Enforcement Affairs (INL)",
        "U.S. Agency for International Development (USAID)",
    ]
    assert names_in(by_name["Government of the United Kingdom"].find("ul")) == [
        "UK Department for International Development (DFID)"
    ]
    assert "U.S. Agency for International Development (USAID)" not in by_name  # not beside its government
    assert by_name["Government of Japan"].find("ul") is None
    # in 2016–2017 USAID is named without its government: listed on its own, not under it
    recent = year_section(site.page("/donors/"), "2016–2017").find("ul", class_="donor-list")
    assert recent.find("ul") is None


RUSSIAN = "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"
TAJIK = "АБВГҒДЕЁЖЗИӢЙКҚЛМНОПРСТУӮФХҲЧҶШЪЭЮЯ"


def alphabet_key(alphabet: str):
    """The order a reader of that alphabet expects: letter by letter by its place in the
    alphabet (Russian ё as е, as Russian dictionaries sort it), quotation marks left out, Latin
    after Cyrillic."""

    def key(name: str):
        letters = [c for c in name.upper() if c.isalnum()]
        if alphabet is RUSSIAN:
            letters = ["Е" if c == "Ё" else c for c in letters]
        return [(0, alphabet.index(c)) if c in alphabet else (1, ord(c)) for c in letters]

    return key


@pytest.mark.parametrize("lang, alphabet", [("ru", RUSSIAN), ("tg", TAJIK)])
def test_each_list_is_in_its_languages_alphabetical_order(site, lang, alphabet):
    page = site.page(f"/{lang}/donors/")
    lists = page.find("main").find_all("ul")
    assert len(lists) >= 5
    for block in lists:
        names = [
            li.find(string=True, recursive=False).strip() for li in block.find_all("li", recursive=False)
        ]
        assert names == sorted(names, key=alphabet_key(alphabet)), names
    partners = names_in(year_section(page, "2012").find_all("ul", class_="donor-list")[-1])
    if lang == "tg":  # Ҳ after Х and С, not with Х; Latin last
        assert partners == [
            "Бонки ҷаҳонӣ",
            "Комиссариати олии Созмони Милали Муттаҳид оид ба гурезагон",
            "«СММ-Занон»",
            "Ҳукумати Ҷумҳурии Тоҷикистон",
            "GIZ",
            "Population Services International (PSI)",
        ]
    else:
        assert partners == [
            "Всемирный банк",
            "«ООН-женщины»",
            "Правительство Республики Таджикистан",
            "УВКБ ООН",
            "GIZ",
            "Population Services International (PSI)",
        ]


def test_the_tajik_collation_places_the_tajik_letters_as_the_alphabet_orders_them():
    from iomsite.plugins.donors.collation import sorted_in

    words = [
        "Ҷа",
        "Ча",
        "Ӣа",
        "Ия",
        "Йа",
        "Ӯа",
        "Уя",
        "Фа",
        "Ҳа",
        "Хя",
        "Қа",
        "Кя",
        "Ға",
        "Гя",
        "Ёа",
        "Ея",
        "Жа",
    ]
    assert sorted_in("tg", words) == sorted(words, key=alphabet_key(TAJIK))
    # Russian: ё sorts with е
    assert sorted_in("ru", ["Ёлка", "Еда", "Ежи"]) == ["Еда", "Ежи", "Ёлка"]


def with_logo(fixture_site, logo: str) -> int:
    """donors.yml giving USAID the logo `logo`, and a release it funds: the logo's line."""
    donors = fixture_site.root / "content" / "data" / "donors.yml"
    text = donors.read_text(encoding="utf-8").replace(FUNDED, f"{FUNDED}    logo: {logo}\n", 1)
    donors.write_text(text, encoding="utf-8")
    fixture_site.write(
        "press/ok.md",
        MINIMAL_PRESS.replace("dateline: Dushanbe", "dateline: Dushanbe\ndonors: usaid").replace(
            "Text of the release.", "Funded by USAID."
        ),
    )
    return text.split("\n").index(f"    logo: {logo}") + 1


def test_a_donors_logo_is_shown_as_a_picture_at_the_end_of_what_it_funds(fixture_site):
    from PIL import Image

    (fixture_site.root / "content" / "images" / "logos").mkdir(parents=True)
    Image.new("RGB", (400, 200), (11, 59, 122)).save(fixture_site.root / "content/images/logos/usaid.png")
    with_logo(fixture_site, "images/logos/usaid.png")
    result = fixture_site.build()
    assert result.returncode == 0, result.output
    credits = result.page("/press/a-minimal-press-release/").find("section", class_="donor-credits")
    assert (
        credits.find("picture").find("img", class_="logo")["alt"]
        == "U.S. Agency for International Development (USAID)"
    )


@pytest.mark.parametrize(
    "logo, told",
    [
        ("images/logos/usaid.png", "image 'images/logos/usaid.png' does not exist"),
        ("images/logos/usaid.svg", "'images/logos/usaid.svg' is an SVG: SVG files can carry scripts"),
        ("../../secret.png", "'../../secret.png' points outside the content folder"),
    ],
    ids=["missing", "svg", "outside"],
)
def test_a_bad_donor_logo_is_refused_at_its_line_in_donors_yml_before_any_page(fixture_site, logo, told):
    """The theme shows the logo, so the build used to find it only while rendering, with no
    file or line ("used by the theme"); `invoke check-content` passed."""
    (fixture_site.root / "content" / "images" / "logos").mkdir(parents=True)
    (fixture_site.root / "content" / "images" / "logos" / "usaid.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    )
    line = with_logo(fixture_site, logo)
    check = run_module("iomsite.tools.check_content", fixture_site.settings, timeout=120)
    assert check.returncode == 1
    assert [text for text in check.stdout.splitlines() if told in text] == [
        next(
            text
            for text in check.stdout.splitlines()
            if text.startswith(f"content/data/donors.yml:{line}: {told}")
        )
    ], check.stdout
    result = fixture_site.build()
    assert result.returncode == 1
    assert f"content/data/donors.yml:{line}: {told}" in result.output
    assert "nothing was built" in result.output and "used by the theme" not in result.output


def test_an_agency_of_an_unknown_government_and_a_partner_no_publication_names_are_refused(fixture_site):
    fixture_site.write("press/ok.md", MINIMAL_PRESS)
    donors = fixture_site.root / "content" / "data" / "donors.yml"
    original = donors.read_text(encoding="utf-8")
    donors.write_text(
        original.replace("part_of: united-states", "part_of: united-statse", 1), encoding="utf-8"
    )
    result = fixture_site.build()
    assert result.returncode == 1
    assert "donor 'usaid': part_of 'united-statse' is not a government listed here" in result.output
    partner = original.split("  - id: umed")[1]
    donors.write_text(original.replace(partner, partner.split("    named_in:")[0]), encoding="utf-8")
    result = fixture_site.build()
    assert result.returncode == 1
    assert "donor 'umed' has no 'named_in' — add the years of the publications that name it" in result.output


def test_newsletter_issue_lists_the_funders_its_stories_name_and_says_so(site):
    block = site.page("/newsletters/2012/").find("section", attrs={"aria-labelledby": "current-donors-title"})
    names = [li.get_text(strip=True) for li in block.find_all("li")]
    assert sorted(names) == sorted(
        [
            "UK Department for International Development (DFID)",
            "U.S. Agency for International Development (USAID)",
            "Government of Japan",
            "United States Department of State’s Bureau of International Narcotics and Law "
            "Enforcement Affairs (INL)",
            "IOM Development Fund",
        ]
    )
    # how the list was made is said in the page's sources note, out of the reading flow
    note = site.page("/newsletters/2012/").find(class_="sources-note")
    assert "compiled from the funders named in the stories of this issue" in note.get_text()
    assert "compiled from" not in block.get_text()


def test_hotline_banner_on_counter_trafficking_pages_only_with_tel_link(site_2012):
    """On 30 June 2012 the number was just confirmed by the newsletter."""
    shown = [
        "/newsletters/2012/tajik-consular-officers-attend-training-on-human-trafficking/",
        "/sections/counter-trafficking/",
        "/ru/sections/counter-trafficking/",
    ]
    hidden = [
        "/",
        "/about/",
        "/newsletters/2012/iom-delivers-mobile-emergency-operation-unit-to-coes/",
        "/newsletters/2012/",
        "/sections/migration-health/",
        # dated 2006: before the number is known to exist
        "/press/memorandum-of-cooperation-combating-human-trafficking-2006/",
        "/ru/press/ofitsialnaya-tseremoniya-podpisaniya-dvustoronnego-memoranduma-o-sotrudnichestve/",
    ]
    for path in shown:
        banner = site_2012.page(path).find("section", class_="hotline")
        assert banner is not None, path
        assert banner.find_parent("main") is not None
        label = banner["aria-labelledby"]
        assert banner.find(id=label).get_text(strip=True)
        link = banner.find("a", class_="hotline__number")
        assert link["href"] == "tel:+992918853434" and link.get_text() == "918-85-3434"
    for path in hidden:
        assert site_2012.page(path).find("section", class_="hotline") is None, path
    ru = site_2012.page("/ru/sections/counter-trafficking/").find("section", class_="hotline")
    assert "Горячая линия" in ru.get_text() and "Звоните" in ru.get_text()


def test_with_the_data_as_the_sources_give_it_no_banner_shows_today_and_the_notice_says_why(site):
    for html in site.html_files():
        text = html.read_text(encoding="utf-8")
        assert "hotline__number" not in text and "+992918853434" not in text, html
    assert (
        "the banner of hotline 'dushanbe-counter-trafficking' (918-85-3434) is not shown: the number was "
        "last confirmed on 2012-06-30, more than 12 months ago"
    ) in site.output
    assert "set 'confirmed: " in site.output and "in content/data/hotlines.yml" in site.output


def hotline_site(
    fixture_site,
    banner: str,
    number: str = "918-85-3434",
    today: str = "2026-06-01",
    confirmed: str = "2026-05-01",
    change: tuple = ("", ""),
):
    fixture_site.write(
        "press/ok.md",
        MINIMAL_PRESS.replace("dateline: Dushanbe", "dateline: Dushanbe\nsection: counter-trafficking"),
    )
    (fixture_site.root / "content" / "data" / "hotlines.yml").write_text(
        f"""\
hotlines:
- id: test-line
  name:
    en: Test hotline
  number: "{number}"
  source: the test
  known_since: 2019-01-01
  confirmed: {confirmed}
  banner:
{banner}
""".replace(*change)
    )
    with (fixture_site.root / "pelicanconf.py").open("a") as conf:
        conf.write(f'\nSITE_TODAY = "{today}"\n')
    return fixture_site.build()


def test_rule_dated_in_the_past_is_absent_and_reported(fixture_site):
    result = hotline_site(
        fixture_site,
        "    show_on: {sections: [counter-trafficking]}\n    start: 2020-01-01\n    end: 2021-01-01\n",
    )
    assert result.returncode == 0, result.output
    assert result.page("/press/a-minimal-press-release/").find("section", class_="hotline") is None
    assert (
        "Notice: content/data/hotlines.yml:2: the banner of hotline 'test-line' ended on 2021-01-01"
        in result.output
    )


def test_banner_expiring_within_14_days_warns_but_builds(fixture_site):
    result = hotline_site(
        fixture_site,
        "    show_on: {sections: [counter-trafficking]}\n    start: 2020-01-01\n    end: 2026-06-10\n",
    )
    assert result.returncode == 0, result.output
    assert result.page("/press/a-minimal-press-release/").find("section", class_="hotline") is not None
    assert "stops being shown after 2026-06-10 (in 9 days)" in result.output


def test_invalid_phone_number_fails(fixture_site):
    result = hotline_site(
        fixture_site, "    show_on: {site_wide: true}\n    start: 2020-01-01\n", number="12-34"
    )
    assert result.returncode == 1
    assert (
        "content/data/hotlines.yml:2: hotline 'test-line': '12-34' is not a valid phone number"
        in result.output
    )
    assert "Traceback" not in result.output


def test_rule_naming_an_unknown_category_fails(fixture_site):
    result = hotline_site(fixture_site, "    show_on: {categories: [pres]}\n    start: 2020-01-01\n")
    assert result.returncode == 1
    assert "hotline 'test-line': unknown category ['pres'] in show_on" in result.output


def test_end_before_start_fails(fixture_site):
    result = hotline_site(
        fixture_site, "    show_on: {site_wide: true}\n    start: 2026-01-01\n    end: 2025-01-01\n"
    )
    assert result.returncode == 1
    assert "the banner ends (2025-01-01) before it starts (2026-01-01)" in result.output


def test_a_confirmation_dated_after_today_is_refused_and_shows_no_banner(fixture_site):
    """A year's slip (2027 for 2026) would keep a number nobody called on the site for two years."""
    result = hotline_site(
        fixture_site, "    show_on: {site_wide: true}\n    start: 2020-01-01\n", confirmed="2027-05-01"
    )
    assert result.returncode == 1
    assert (
        "content/data/hotlines.yml:8: hotline 'test-line': confirmed 2027-05-01 is after today "
        "(2026-06-01), so its banner would show a number nobody has called — write the day someone "
        "called the number and found it in service (today at the latest)"
    ) in result.output
    from iomsite.plugins.hotlines.data import load_hotlines

    hotline = load_hotlines(fixture_site.root / "content/data/hotlines.yml", "hotlines.yml", set(), set())[0]
    assert not hotline.shown_on(datetime.datetime(2026, 6, 1, 12, tzinfo=datetime.UTC), 12)
    assert hotline.shown_on(datetime.datetime(2027, 5, 1, 12, tzinfo=datetime.UTC), 12)


def test_a_broken_sections_file_is_told_once_not_again_through_the_hotlines_rules(fixture_site):
    fixture_site.write("press/ok.md", MINIMAL_PRESS)
    sections = fixture_site.root / "content" / "data" / "sections.yml"
    text = sections.read_text(encoding="utf-8")
    sections.write_text(
        text.replace("sections:\n", "sections:\n  - slug: border-management\n    name: {en: Twice}\n", 1)
    )
    check = run_module("iomsite.tools.check_content", fixture_site.settings, timeout=120)
    assert check.returncode == 1 and "content/data/sections.yml" in check.stdout, check.stdout
    assert "hotlines.yml" not in check.stdout and "unknown section" not in check.stdout, check.stdout


def test_a_hotline_listed_twice_is_refused(fixture_site):
    result = hotline_site(
        fixture_site,
        "    show_on: {site_wide: true}\n    start: 2020-01-01\n- id: test-line\n  name: {en: Again}\n",
    )
    assert result.returncode == 1
    assert "content/data/hotlines.yml:12: hotline 'test-line' is listed twice" in result.output


def test_unknown_donor_fails_naming_file_id_and_closest_ids(fixture_site):
    fixture_site.write(
        "press/ok.md", MINIMAL_PRESS.replace("dateline: Dushanbe", "dateline: Dushanbe\ndonors: usiad, japan")
    )
    result = fixture_site.build()
    assert result.returncode == 1
    assert "content/press/ok.md:5: unknown donor 'usiad' — did you mean 'usaid'" in result.output
    assert "Traceback" not in result.output


def test_bad_donor_data_fails_naming_the_file_and_entry(fixture_site):
    fixture_site.write("press/ok.md", MINIMAL_PRESS)
    (fixture_site.root / "content" / "data" / "donors.yml").write_text(
        "donors:\n  - id: usaid\n    kind: goverment\n    name:\n      en: USAID\n"
    )
    result = fixture_site.build()
    assert result.returncode == 1
    assert (
        "content/data/donors.yml:2: donor 'usaid': kind 'goverment' is not known — "
        "use one of: government, un-agency, fund, partner" in result.output
    )
    (fixture_site.root / "content" / "data" / "donors.yml").write_text(
        "donors:\n  - id: usaid\n    name:\n      en: USAID\n"
    )
    result = fixture_site.build()
    assert result.returncode == 1
    assert (
        "content/data/donors.yml:2: donor 'usaid' has no 'kind' — add 'kind:' with one of:" in result.output
    )


def test_a_banner_shows_while_its_confirmation_is_recent_and_then_stops_with_a_notice(fixture_site):
    rules = "    show_on: {sections: [counter-trafficking]}\n"
    result = hotline_site(fixture_site, rules, confirmed="2025-06-15")  # 11.5 months before today
    assert result.returncode == 0, result.output
    assert result.page("/press/a-minimal-press-release/").find("section", class_="hotline") is not None
    assert (
        "the confirmation of hotline 'test-line' (918-85-3434) runs out after 2026-06-15 (in 14 days)"
        in result.output
    )

    with (fixture_site.root / "pelicanconf.py").open("a") as conf:
        conf.write('\nSITE_TODAY = "2026-06-16"\n')
    result = fixture_site.build()
    assert result.returncode == 0, result.output
    assert result.page("/press/a-minimal-press-release/").find("section", class_="hotline") is None
    assert (
        "Notice: content/data/hotlines.yml:2: the banner of hotline 'test-line' (918-85-3434) is not shown: "
        "the number was last confirmed on 2025-06-15, more than 12 months ago"
    ) in result.output


def test_a_hotline_without_a_confirmation_date_fails_with_the_fix(fixture_site):
    fixture_site.write("press/ok.md", MINIMAL_PRESS)
    (fixture_site.root / "content" / "data" / "hotlines.yml").write_text(
        "hotlines:\n- id: x\n  name: {en: X}\n  number: 918-85-3434\n  source: the test\n"
        "  known_since: 2020-01-01\n"
        "  banner: {show_on: {site_wide: true}}\n"
    )
    result = fixture_site.build()
    assert result.returncode == 1
    assert (
        "content/data/hotlines.yml:2: hotline 'x': 'confirmed' is missing — add 'confirmed: YYYY-MM-DD'"
        in result.output
    )
    assert "Traceback" not in result.output


def test_a_data_file_in_the_old_list_form_names_the_line_to_add(fixture_site):
    fixture_site.write("press/ok.md", MINIMAL_PRESS)
    (fixture_site.root / "content" / "data" / "donors.yml").write_text(
        "- id: usaid\n  kind: government\n  name:\n    en: USAID\n  source: 001\n"
    )
    result = fixture_site.build()
    assert result.returncode == 1
    assert (
        "content/data/donors.yml:1: the list of donors must be under 'donors:' — add a line 'donors:' "
        "before the first '- id:'" in result.output
    ), result.output
    assert "Traceback" not in result.output


def test_a_hotline_no_source_gives_is_refused(fixture_site):
    fixture_site.write("press/ok.md", MINIMAL_PRESS)
    (fixture_site.root / "content" / "data" / "hotlines.yml").write_text(
        "hotlines:\n- id: x\n  name: {en: X}\n  number: 918-85-3434\n  known_since: 2020-01-01\n"
        "  confirmed: 2026-01-01\n  banner: {show_on: {site_wide: true}}\n"
    )
    result = fixture_site.build()
    assert result.returncode == 1
    assert (
        "content/data/hotlines.yml:2: hotline 'x': 'source' is missing — add 'source:' naming the "
        "document that gives this number, and its words" in result.output
    ), result.output


SITE_WIDE = "    show_on: {site_wide: true}\n"


@pytest.mark.parametrize(
    "banner, change, message",
    [
        # was shown as "['Test', 'hotline']" on the banner
        (SITE_WIDE, ("en: Test hotline", "en: [Test, hotline]"), "4: hotline 'test-line': the 'en' text of "
         "'name' is a list, but it must be one text — write it on the line of 'en:', as one text"),
        # was a banner on every page ("no" is a text, and any text counted as yes)
        ('    show_on: {site_wide: "no"}\n', ("", ""), "10: hotline 'test-line': 'site_wide' is a text, but "
         "it must be true or false — write site_wide: true, or site_wide: false"),
        # was a traceback
        (SITE_WIDE + "    priority: high\n", ("", ""), "11: hotline 'test-line': 'priority' is a text, "
         "but it must be a whole number — write a number, e.g. priority: 1"),
        (SITE_WIDE, ("confirmed: 2026-05-01", "confirmed: 2026-13-01"), "8: '2026-13-01' is not a date — "
         "write a real day as YYYY-MM-DD"),
        # were silently the last one, and nothing
        (SITE_WIDE, ("  confirmed: 2026-05-01", "  confirmed: 2026-05-01\n  confirmed: 2012-01-01"),
         "9: 'confirmed' is given twice (first on line 8) — keep one"),
        (SITE_WIDE, ("  source: the test", "  source: the test\n  regoin: {en: Dushanbe}"),
         "7: hotline 'test-line': unknown field 'regoin' — did you mean 'region'?"),
        # was "unknown language ['g', 't']"
        (SITE_WIDE, ("  source: the test", "  source: the test\n  languages: tg"), "7: hotline 'test-line': "
         "'languages' is a text, but it must be a list of texts — write it as a list: languages: [first, "),
        # was a traceback
        (SITE_WIDE, ("en: Test hotline", "en: Test\x00hotline"), "4: this line has a NUL character (U+0000)"),
    ],
)  # fmt: skip
def test_a_data_value_of_the_wrong_shape_is_refused_at_its_line(fixture_site, banner, change, message):
    """Each value must have the shape of its field in the editor's form (core/datafiles/shape.py),
    and YAML's silent readings (a repeated key, a date with no such day) are refused; the
    content check says it first, with the same line."""
    result = hotline_site(fixture_site, banner, change=change)
    assert result.returncode == 1, result.output
    assert f"content/data/hotlines.yml:{message}" in result.output
    assert "Traceback" not in result.output
    check = run_module("iomsite.tools.check_content", fixture_site.settings)
    assert f"content/data/hotlines.yml:{message}" in check.stdout, check.stdout + check.stderr


def test_a_funded_year_that_is_not_a_year_is_named_at_its_line(fixture_site):
    fixture_site.write("press/ok.md", MINIMAL_PRESS)
    (fixture_site.root / "content" / "data" / "donors.yml").write_text(
        "donors:\n  - id: usaid\n    kind: government\n    name:\n      en: USAID\n    source: 001\n"
        "    funded: [2012, soon]\n"
    )
    result = fixture_site.build()
    assert result.returncode == 1
    assert (
        "content/data/donors.yml:7: donor 'usaid': 'soon' is not a year or a range of years" in result.output
    )


def test_a_donor_is_recognised_in_the_text_in_any_grammatical_case():
    """A Russian or Tajik text declines the funder's name; the check that the text names the
    funders it lists accepts it (core/names.py), and still refuses a text that does not."""
    from iomsite.plugins.donors.data import load_donors

    donors = load_donors(ROOT / "content" / "data" / "donors.yml", "content/data/donors.yml")
    uk = donors["united-kingdom"]
    assert uk.named_in("Рынок открыт при щедрой поддержке Правительства Соединённого Королевства.")
    assert uk.named_in("Финансирование предоставило Правительство Соединённого Королевства.")
    assert not uk.named_in("Рынок открыт при поддержке местных властей.")
