"""Old links keep working (plugins/redirects): redirect pages stay out of the sitemap, feeds and
search, a renamed slug, bulk mappings, a vanished page refused by publish, and each checking rule
on a fixture. Every form of the 2019 campaign's Joomla address on every host: test_every_host.py
(pages, _redirects, S3) and tests/tools/test_nginx.py (nginx's map, served)."""

import io

import pytest
from conftest import MINIMAL_PRESS

from iomsite.plugins.redirects.rules import redirect_pages

OLD = "/index.php/en/newsletters/325-act-and-educate-to-endhumantrafficking"


def test_redirect_pages_stay_out_of_the_sitemap_feeds_and_search(site):
    pages = redirect_pages(site.folder)  # every form of every old address
    assert f"{OLD.lstrip('/')}/index.html" in pages and len(pages) == 6
    sitemap = (site.folder / "sitemap.xml").read_text()
    feeds = [feed.read_text() for feed in site.folder.rglob("feeds/**/*.xml")]
    assert len(feeds) > 10
    for page in pages:
        old = "/" + page.removesuffix("index.html")
        assert old not in sitemap and not any(old in feed for feed in feeds), old
        assert "data-pagefind-body" not in (site.folder / page).read_text()


def test_a_renamed_slug_keeps_its_old_address(fixture_site):
    fixture_site.write(
        "press/ok.md",
        MINIMAL_PRESS.replace(
            "dateline: Dushanbe",
            "dateline: Dushanbe\nslug: a-new-name\nredirect_from: /press/a-minimal-press-release/",
        ),
    )
    result = fixture_site.build()
    assert result.returncode == 0, result.output
    page = result.page("/press/a-minimal-press-release/")
    assert page.find("meta", attrs={"http-equiv": "refresh"})["content"] == "0; url=/press/a-new-name/"


def test_a_data_file_maps_old_addresses_in_bulk(fixture_site):
    fixture_site.write("press/ok.md", MINIMAL_PRESS)
    (fixture_site.root / "content" / "data" / "redirects.yml").write_text(
        "- from: /index.php/en/press/12-memorandum\n  to: press/ok.md\n", encoding="utf-8"
    )
    result = fixture_site.build()
    assert result.returncode == 0, result.output
    assert (
        "/index.php/en/press/12-memorandum /press/a-minimal-press-release/ 301"
        in (result.folder / "_redirects").read_text()
    )


@pytest.mark.parametrize(
    "data, message",
    [
        (
            "- from: /old/a/\n  to: press/no-such-file.md\n",
            "content/data/redirects.yml:1: the redirect from /old/a leads to nothing",
        ),
        ("- from: /old/a/\n  to: press/ok.md\n- from: /old/a\n  to: press/two.md\n", "has two targets"),
        ("- from: /old/a/\n  to: /old/b/\n- from: /old/b/\n  to: /old/a/\n", "go round in a loop"),
        ("- from: /press/a-minimal-press-release/\n  to: press/two.md\n", "is a page of the site"),
        ("- from: /old/a/\n", "a redirect needs 'from:' and 'to:'"),
    ],
)
def test_each_checking_rule_stops_the_build(fixture_site, data, message):
    fixture_site.write(
        "press/ok.md",
        MINIMAL_PRESS.replace("dateline: Dushanbe", "dateline: Dushanbe\nslug: a-minimal-press-release"),
    )
    fixture_site.write("press/two.md", MINIMAL_PRESS.replace("A minimal press release", "Another release"))
    (fixture_site.root / "content" / "data" / "redirects.yml").write_text(data, encoding="utf-8")
    result = fixture_site.build()
    assert result.returncode == 1, result.output
    assert message in result.output and "Traceback" not in result.output


def test_a_chain_of_redirects_is_collapsed_to_one_hop(fixture_site):
    fixture_site.write("press/ok.md", MINIMAL_PRESS)
    (fixture_site.root / "content" / "data" / "redirects.yml").write_text(
        "- from: /oldest/\n  to: /older/\n- from: /older/\n  to: press/ok.md\n", encoding="utf-8"
    )
    result = fixture_site.build()
    assert result.returncode == 0, result.output
    assert (
        result.page("/oldest/").find("meta", attrs={"http-equiv": "refresh"})["content"]
        == "0; url=/press/a-minimal-press-release/"
    )


def test_publish_refuses_a_release_in_which_a_published_page_vanished(fixture_site, tmp_path):
    from iomsite.tools.publish import publish

    fixture_site.write("press/ok.md", MINIMAL_PRESS)
    public = tmp_path / "public"
    assert publish(fixture_site.root / "pelicanconf.py", public, ("links",), out=io.StringIO()) == 0
    first = public.resolve()
    fixture_site.write(
        "press/ok.md", MINIMAL_PRESS.replace("dateline: Dushanbe", "dateline: Dushanbe\nslug: renamed")
    )
    out = io.StringIO()
    assert publish(fixture_site.root / "pelicanconf.py", public, ("links",), out=out) == 1
    assert "  /press/a-minimal-press-release/" in out.getvalue() and "redirect_from" in out.getvalue()
    assert "Checking" not in out.getvalue(), "refused before a minute of checks"
    assert public.resolve() == first
    fixture_site.write(
        "press/ok.md",
        MINIMAL_PRESS.replace(
            "dateline: Dushanbe",
            "dateline: Dushanbe\nslug: renamed\nredirect_from: /press/a-minimal-press-release/",
        ),
    )
    assert publish(fixture_site.root / "pelicanconf.py", public, ("links",), out=io.StringIO()) == 0
