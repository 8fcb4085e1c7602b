"""A content type added the way a developer adds one (docs/architecture.md, "What a newcomer may
touch"): "vacancies", declared in the site's settings with `model.with_type`, with its own
template (extending the article's) and its labels translated in the site's catalogues. One
real build, then its page, its list, its feeds and the search, in English and Russian."""

import json
import shutil
from pathlib import Path

import feedparser
import pytest
from conftest import ROOT, FixtureSite, run_node

from iomsite.core import model
from iomsite.tools.localserver import serve

MODEL_IMPORT = "from iomsite.core import model  # languages and content types, defined once\n"
# Right after the model is imported: the settings made from it (ARTICLE_PATHS, PATH_METADATA)
# then include the new folder.
DECLARATION = """\
model.with_type(
    model.ContentType(
        "vacancy",
        "vacancies",
        "vacancy",
        "vacancy",
        optional=("reference", "contact_email"),
        singular="Vacancy",
        plural="Vacancies",
        all_items="All vacancies",
    )
)
"""
TEMPLATE = """\
{% extends "article.html" %}
{% block after_body %}
<p class="vacancy-apply">Apply by e-mail, quoting {{ article.reference }}.</p>
{% endblock %}
"""
LABELS = {  # the labels' translations, as a translator adds them to the catalogues
    "ru": {"Vacancy": "Вакансия", "Vacancies": "Вакансии", "All vacancies": "Все вакансии"},
    "tg": {"Vacancy": "Ҷойи холӣ", "Vacancies": "Ҷойҳои холӣ", "All vacancies": "Ҳамаи ҷойҳои холӣ"},
}
VACANCY = "/vacancies/programme-assistant-khujand/"
RU_VACANCY = "/ru/vacancies/assistent-programmy-v-khudzhande/"


def vacancies_site(root: Path) -> FixtureSite:
    real = (ROOT / "pelicanconf.py").read_text(encoding="utf-8")
    assert real.count(MODEL_IMPORT) == 1
    settings = root.parent / "settings.py"
    settings.write_text(real.replace(MODEL_IMPORT, MODEL_IMPORT + DECLARATION), encoding="utf-8")
    site = FixtureSite(
        root,
        settings_file=settings,
        settings='SITE_TODAY = "2026-12-01"\nTHEME_TEMPLATES_OVERRIDES = [str(ROOT / "templates")]',
    )
    (root / "templates").mkdir()
    (root / "templates" / "vacancy.html").write_text(TEMPLATE, encoding="utf-8")
    (root / "i18n").unlink()  # the site's own catalogues: the real ones and the new labels
    shutil.copytree(ROOT / "i18n", root / "i18n", ignore=shutil.ignore_patterns("*.mo"))
    for lang, labels in LABELS.items():
        po = root / "i18n" / lang / "LC_MESSAGES" / "messages.po"
        added = "".join(f'\nmsgid "{msgid}"\nmsgstr "{msgstr}"\n' for msgid, msgstr in labels.items())
        po.write_text(po.read_text(encoding="utf-8") + added, encoding="utf-8")
    site.write(
        "vacancies/2026-11-20-programme-assistant-khujand.en.md",
        """\
        title: Programme Assistant, Khujand
        slug: programme-assistant-khujand
        date: 2026-11-20
        reference: VN-2026-031
        summary: IOM Tajikistan is looking for a programme assistant in Khujand.

        The assistant supports the counter-trafficking programme in Sughd.
        """,
    )
    site.write(
        "vacancies/2026-11-20-programme-assistant-khujand.ru.md",
        """\
        title: Ассистент программы в Худжанде
        slug: assistent-programmy-v-khudzhande
        date: 2026-11-20
        reference: VN-2026-031
        summary: МОМ в Таджикистане ищет ассистента программы в Худжанде.

        Ассистент поддерживает программу по противодействию торговле людьми в Согде.
        """,
    )
    return site


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = vacancies_site(tmp_path_factory.mktemp("vacancies") / "site")
    result = site.build()
    assert result.returncode == 0, result.output
    return result


def test_the_vacancy_page_is_made_with_its_template_and_labels(built):
    page = built.page(VACANCY)
    article = page.find("article", class_="article--vacancy")
    assert article.find("h1").get_text() == "Programme Assistant, Khujand"
    assert article.find(class_="kicker").get_text() == "Vacancy"
    assert article["data-pagefind-filter"] == "type:Vacancy"
    assert article.find("p", class_="vacancy-apply").get_text() == "Apply by e-mail, quoting VN-2026-031."
    backlink = article.find("a", class_="backlink")
    assert (backlink.get_text(), backlink["href"]) == ("All vacancies", "/vacancies/")
    # not news: no NewsArticle of its own in the page's structured data
    scripts = page.find_all("script", type="application/ld+json")
    assert "NewsArticle" not in {json.loads(s.string).get("@type") for s in scripts}
    ru = built.page(RU_VACANCY).find("article", class_="article--vacancy")
    assert ru.find(class_="kicker").get_text() == "Вакансия"
    assert ru.find("a", class_="backlink").get_text() == "Все вакансии"


def test_the_list_of_vacancies_is_in_the_menu_and_lists_it(built):
    for path, heading, link in (
        ("/vacancies/", "Vacancies", VACANCY),
        ("/ru/vacancies/", "Вакансии", RU_VACANCY),
    ):
        page = built.page(path)
        assert page.find("h1").get_text(strip=True) == heading
        assert link in [a["href"] for a in page.find("main").find_all("a", href=True)]
        menu = page.find("nav", class_="site-nav")
        current = menu.find("a", attrs={"aria-current": "page"})
        assert (current.get_text(), current["href"]) == (heading, path)
    assert built.page("/tg/vacancies/").find("h1").get_text(strip=True) == "Ҷойҳои холӣ"
    publications = built.page("/").find("section", attrs={"aria-labelledby": "home-publications"})
    assert VACANCY in [a["href"] for a in publications.find_all("a", href=True)]  # the archive by year


def test_its_feeds_carry_it(built):
    for fmt in ("atom", "rss"):
        feed = feedparser.parse(built.file(f"/feeds/vacancies.{fmt}.xml").read_bytes())
        assert not feed.bozo, feed.bozo_exception
        assert feed.feed.title == "IOM Tajikistan: Vacancies"
        assert [e.title for e in feed.entries] == ["Programme Assistant, Khujand"]
        assert feed.entries[0].link == f"https://www.iom.tj{VACANCY}"
        assert "Vacancies" in [tag.term for tag in feed.entries[0].tags]
    everything = feedparser.parse(built.file("/feeds/all.atom.xml").read_bytes())
    assert f"https://www.iom.tj{VACANCY}" in [e.link for e in everything.entries]
    ru = feedparser.parse(built.file("/ru/feeds/vacancies.atom.xml").read_bytes())
    assert ru.feed.title.endswith(": Вакансии")
    assert [e.title for e in ru.entries] == ["Ассистент программы в Худжанде"]


def test_the_search_finds_it_and_offers_its_type(built):
    server = serve(built.folder)
    try:
        base = f"http://127.0.0.1:{server.server_port}"
        cases = (
            ("/search/", "Khujand", VACANCY, "Vacancy"),
            ("/ru/search/", "Худжанде", RU_VACANCY, "Вакансия"),
        )
        # both searches in one browser (search_query.mjs takes several pages and words)
        queries = [part for path, words, _, _ in cases for part in (base + path, words)]
        proc = run_node(ROOT / "tests" / "plugins" / "search" / "search_query.mjs", *queries)
        assert proc.returncode == 0, proc.stderr
        for (_, _, link, label), found in zip(cases, json.loads(proc.stdout), strict=True):
            assert link in found["links"] and not found["errors"], found
            assert label in found["filters"], found
    finally:
        server.shutdown()


def test_a_type_with_a_field_the_model_lacks_is_refused_and_not_added():
    with pytest.raises(ValueError, match="closing_date"):
        model.with_type(
            model.ContentType("vacancy", "vacancies", "vacancy", "vacancy", optional=("closing_date",))
        )
    assert "vacancies" not in model.TYPES and "vacancies" not in model.ARTICLE_CATEGORIES
