"""Search (Pagefind) in three languages, and pages that share well."""

import json
import shutil
from pathlib import Path

import pytest
from conftest import run_node

from iomsite.tools.localserver import serve

PRESS = "/press/memorandum-of-cooperation-combating-human-trafficking-2006/"
RU_PRESS = "/ru/press/ofitsialnaya-tseremoniya-podpisaniya-dvustoronnego-memoranduma-o-sotrudnichestve/"


def test_one_index_per_language_with_the_content_pages(site):
    entry = json.loads((site.folder / "pagefind" / "pagefind-entry.json").read_text())
    counts = {lang: data["page_count"] for lang, data in entry["languages"].items()}
    content_pages = {lang: 0 for lang in ("en", "ru", "tg")}
    for html in site.html_files():
        page = site.page(str(html.relative_to(site.folder)))
        if page.find(attrs={"data-pagefind-body": True}):
            content_pages[page.html["lang"]] += 1
    assert counts == content_pages
    assert counts["en"] >= 23 and counts["ru"] >= 4 and counts["tg"] >= 4


def test_a_results_excerpt_starts_with_the_text_not_with_the_label_above_the_title(site):
    """The kicker ("Press release", the issue and section of a story) was the start of every
    result's excerpt."""
    import gzip

    fragments = {}
    for path in (site.folder / "pagefind" / "fragment").glob("*.pf_fragment"):
        fragment = json.loads(gzip.decompress(path.read_bytes())[len(b"pagefind_dcd") :])
        fragments[fragment["url"]] = fragment["content"]
    assert len(fragments) >= 31
    story = "/newsletters/2012/tajik-consular-officers-attend-training-on-human-trafficking/"
    kicker = site.page(story).select_one("p.kicker").get_text(" ", strip=True)
    assert not fragments[story].startswith(kicker.split(" · ")[0])
    assert not fragments[PRESS].startswith("Press release")


def test_listing_pages_navigation_banner_and_footer_are_not_indexed(site_hotline_confirmed):
    site = site_hotline_confirmed
    for path in ("/", "/news/", "/archives/", "/sections/counter-trafficking/"):
        assert not site.page(path).find(attrs={"data-pagefind-body": True}), path
    story = site.page("/newsletters/2012/tajik-consular-officers-attend-training-on-human-trafficking/")
    body = story.find(attrs={"data-pagefind-body": True})
    assert body.name == "article"
    assert not body.find("nav", class_="site-nav") and not body.find_parent("header")
    assert story.find("section", class_="hotline").find_parent(attrs={"data-pagefind-body": True}) is None
    assert body.find("section", class_="donor-credits").has_attr("data-pagefind-ignore")


def search_in_chromium(url: str, words: str) -> dict:
    """A search typed on the search page at `url` (search_query.mjs): {count, links, errors}."""
    return searches_in_chromium([(url, words)])[0]


def searches_in_chromium(queries: list) -> list[dict]:
    """Each (url, words) searched as search_in_chromium does, all in one browser (each in a
    context of its own): a Chromium start costs two CPU-seconds."""
    arguments = [part for query in queries for part in query]
    proc = run_node(Path(__file__).parent / "search_query.mjs", *arguments, timeout=240)
    assert proc.returncode == 0, proc.stderr
    found = json.loads(proc.stdout)
    return found if len(queries) > 1 else [found]


@pytest.fixture(scope="module")
def searches(site):
    """Real searches in Chromium on the served site: searches((path, words), ...) -> [found]."""
    server = serve(site.folder)
    base = f"http://127.0.0.1:{server.server_port}"

    yield lambda *queries: searches_in_chromium([(base + path, words) for path, words in queries])
    server.shutdown()


def test_a_russian_word_finds_the_russian_page_on_ru_and_not_on_en(searches):
    ru, en = searches(("/ru/search/", "Меморандум"), ("/search/", "Меморандум"))
    assert RU_PRESS in ru["links"] and not ru["errors"]
    assert en["links"] == [] and not en["errors"]
    assert en["archives"] == ["/archives/"] and ru["archives"] == []  # "Nothing found" leads on


def test_results_and_filters_are_translated(searches):
    tg, en = searches(("/tg/search/", "савдои"), ("/search/", "hotline"))
    assert tg["links"] and tg["count"].startswith("Натиҷаҳо:")
    assert "Изҳороти матбуотӣ" in tg["filters"] and "Ҳамаи навъҳо" in tg["filters"]
    assert "/newsletters/2012/tajik-consular-officers-attend-training-on-human-trafficking/" in en["links"]


def test_without_javascript_the_form_leads_to_the_archives(site):
    for path, archives in (("/search/", "/archives/"), ("/ru/search/", "/ru/archives/")):
        form = site.page(path).find("form", attrs={"data-search-form": True})
        assert form["action"] == archives and form["method"] == "get"
        assert site.file(archives).exists()


def test_search_code_loads_only_on_the_search_page(site):
    pages_with_scripts = set()
    for html in site.html_files():
        page = site.page(str(html.relative_to(site.folder)))
        if [s for s in page.find_all("script") if s.get("type") != "application/ld+json"]:
            pages_with_scripts.add(str(html.relative_to(site.folder)))
    assert pages_with_scripts == {"search/index.html", "ru/search/index.html", "tg/search/index.html"}
    csp = site.page("/search/").find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    assert "'wasm-unsafe-eval'" in csp and "unsafe-inline" not in csp


def test_press_release_json_ld_is_a_news_article(site):
    blocks = [json.loads(s.string) for s in site.page(PRESS).find_all("script", type="application/ld+json")]
    article = next(b for b in blocks if b["@type"] == "NewsArticle")
    assert article["headline"].startswith("Official ceremony of signing")
    assert article["datePublished"] == "2006-02-15"  # the day the release gives; no time is known
    assert article["inLanguage"] == "en"
    assert article["publisher"]["@type"] == "Organization" and article["publisher"]["name"].startswith(
        "International Organization for Migration"
    )
    ru = [json.loads(s.string) for s in site.page(RU_PRESS).find_all("script", type="application/ld+json")]
    assert ru[0]["inLanguage"] == "ru"


def test_home_has_organization_without_undated_contacts_and_website_with_search_action(site):
    blocks = {
        b["@type"]: b
        for b in (
            json.loads(s.string) for s in site.page("/tg/").find_all("script", type="application/ld+json")
        )
    }
    # no source gives an address or telephone as current: they are on the contact page, dated
    organization = blocks["Organization"]
    assert organization["name"].startswith("International Organization for Migration")
    assert not {"address", "contactPoint", "telephone", "email"} & set(organization)
    action = blocks["WebSite"]["potentialAction"]
    assert action["target"]["urlTemplate"] == "https://www.iom.tj/tg/search/?q={search_term_string}"
    assert blocks["WebSite"]["inLanguage"] == "tg"


@pytest.mark.parametrize("path", [PRESS, RU_PRESS, "/", "/about/", "/newsletters/2012/"])
def test_open_graph_and_twitter_tags_with_an_existing_absolute_image(site, path):
    page = site.page(path)
    og = {m["property"]: m["content"] for m in page.find_all("meta", property=True)}
    for key in (
        "og:title",
        "og:description",
        "og:url",
        "og:locale",
        "og:image",
        "og:image:width",
        "og:image:height",
    ):
        assert og.get(key), key
    assert og["og:image"].startswith("https://www.iom.tj/")
    image = site.folder / og["og:image"].removeprefix("https://www.iom.tj/")
    assert image.exists()
    from PIL import Image

    with Image.open(image) as picture:
        assert (str(picture.width), str(picture.height)) == (og["og:image:width"], og["og:image:height"])
    twitter = {
        m["name"]: m["content"]
        for m in page.find_all("meta", attrs={"name": lambda n: n and n.startswith("twitter:")})
    }
    assert twitter["twitter:card"] == "summary_large_image"


def test_translated_page_names_its_alternate_locales(site):
    og = site.page(PRESS).find_all("meta", property="og:locale:alternate")
    assert sorted(m["content"] for m in og) == ["ru_RU", "tg_TJ"]


def test_share_links_are_plain_links_built_at_build_time(site):
    share = site.page(PRESS).find("nav", class_="share")
    hrefs = [a["href"] for a in share.find_all("a")]
    assert hrefs[0].startswith("mailto:?subject=")
    assert any(h.startswith("https://t.me/share/url?url=https%3A%2F%2Fwww.iom.tj%2Fpress%2F") for h in hrefs)
    assert any(h.startswith("https://wa.me/") for h in hrefs)
    assert any(h.startswith("https://www.facebook.com/sharer/") for h in hrefs)
    assert any(h.startswith("https://x.com/intent/post") for h in hrefs)


def test_shards_keep_every_page_and_a_page_stays_in_its_shard_when_another_is_added():
    """A page's shard depends on its path (and the number of shards) only: an edit, a new or a
    deleted page makes again one shard, not every shard after it."""
    from iomsite.tools.search_index import shards_of

    pages = [f"news/item-{i:05}/index.html" for i in range(1900)]
    shards = shards_of(pages, 400)
    assert len(shards) == 6 and all(250 <= len(s) <= 400 for s in shards), [len(s) for s in shards]
    assert sorted(p for s in shards for p in s) == sorted(pages)
    assert all(s == sorted(s) for s in shards)  # added in path order: the same bundle again
    grown = shards_of([*pages, "news/item-99999/index.html"], 400)
    assert [set(s) - {"news/item-99999/index.html"} for s in grown] == [set(s) for s in shards]
    assert shards_of(pages[:10], 100) == [pages[:10]] and shards_of([], 5) == [[]]


def test_a_language_indexed_in_shards_is_searched_whole(site, searches, tmp_path):
    """A large language is indexed in several Pagefind runs (memory); the search page merges
    them: the same words find the same pages as with one index, in the page's language only."""
    from iomsite.tools.put_in_place import link_tree
    from iomsite.tools.search_index import build_index

    sharded = tmp_path / "site"
    link_tree(site.folder, sharded)
    shutil.rmtree(sharded / "pagefind")
    assert build_index(sharded, sharded / "pagefind", pages_per_run=3) == ""
    shards = json.loads((sharded / "pagefind" / "shards.json").read_text())
    assert len(shards["en"]) >= 4 and shards["ru"]
    for lang, folders in shards.items():
        for folder in folders:  # each shard bundle holds its own language only
            entry = json.loads((sharded / "pagefind" / folder / "pagefind-entry.json").read_text())
            assert list(entry["languages"]) == [lang]
    queries = (
        ("/search/", "hotline"),
        ("/search/", "trafficking"),
        ("/ru/search/", "Меморандум"),
        ("/search/", "Меморандум"),
    )
    server = serve(sharded)
    base = f"http://127.0.0.1:{server.server_port}"
    try:
        in_shards = searches_in_chromium([(base + path, words) for path, words in queries])
    finally:
        server.shutdown()
    for (path, words), found, whole in zip(queries, in_shards, searches(*queries), strict=True):
        assert not found["errors"], found["errors"]
        assert found["count"] == whole["count"] and set(found["links"]) == set(whole["links"]), (path, words)
        assert found["filters"] == whole["filters"]
