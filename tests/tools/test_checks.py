"""Quality gates: the real site passes every check; each fault planted on purpose is caught;
publishing never touches the live site when something fails."""

import os
import re
import shutil
from pathlib import Path

import pytest
from conftest import MINIMAL_PRESS

from iomsite.tools.check import accessibility, budgets, feeds, html_validator, links
from iomsite.tools.publish import publish


def test_the_checks_see_every_kind_of_page_in_all_languages(site):
    """The real site passes every check: tests/tools/test_publish.py publishes it with all of
    them. Here: the pages the browser check opens cover every kind of page and language."""
    sampled = accessibility.sample(site.folder)
    assert any(p.startswith("ru/") for p in sampled) and any(p.startswith("tg/") for p in sampled)
    kinds = {accessibility.page_kind(p) for p in sampled}
    for kind in [
        ("home", 0),
        ("press", 2),
        ("news", 2),
        ("newsletters", 2),
        ("newsletters", 3),
        ("campaigns", 2),
        ("press", 1),
        ("sections", 2),
        ("tags", 2),
        ("archives", 1),
        ("404.html", 1),
        ("subscribe", 1),
        ("donors", 1),
    ]:
        assert kind in kinds, kind


@pytest.fixture(scope="module")
def small_site(tmp_path_factory):
    """A one-release site, built once; tests copy it and break the copy."""
    from conftest import FixtureSite

    site = FixtureSite(tmp_path_factory.mktemp("small") / "site")
    site.write(
        "press/ok.md",
        MINIMAL_PRESS.replace("Text of the release.", "Text of the release. Write to press@example.org."),
    )
    result = site.build()
    assert result.returncode == 0, result.output
    return result


@pytest.fixture
def broken(small_site, tmp_path):
    copy = tmp_path / "output"
    shutil.copytree(small_site.folder, copy)
    return copy


PAGE = "press/a-minimal-press-release/index.html"


def edit(folder: Path, name: str, old: str, new: str, count=1):
    path = folder / name
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, count))


def test_dead_link_is_reported_with_page_and_content_file(broken):
    edit(
        broken,
        PAGE,
        "<p>Text of the release.",
        '<p><a href="/press/no-such-release/">Elsewhere</a> Text of the release.',
    )
    found = links.check(broken, sources={PAGE: "content/press/ok.md"})
    assert [str(f) for f in found] == [
        f"[links] {PAGE} (from content/press/ok.md): broken link: /press/no-such-release/"
    ]


HOME = "index.html"


@pytest.fixture(scope="module")
def nu_checked(small_site, tmp_path_factory):
    """A copy with an image without alt on the press release and a tag never closed on the home
    page, and what the Nu checker found in it: one run of the checker (a Java start costs
    seconds) for the two tests below, each fault on a page of its own."""
    copy = tmp_path_factory.mktemp("nu") / "output"
    shutil.copytree(small_site.folder, copy)
    edit(
        copy,
        PAGE,
        "<p>Text of the release.",
        '<p><img src="/theme/none.png" width="10" height="10">Text of the release.',
    )
    edit(copy, HOME, "</main>", "<div><span>never closed</main>")
    return copy, html_validator.check(copy)


def test_image_without_alt_is_reported_by_nu_and_axe(nu_checked):
    folder, html_found = nu_checked
    assert any(f.page == PAGE and "alt" in f.message for f in html_found), html_found
    assert not any(f.page == HOME and "alt" in f.message for f in html_found), html_found
    axe_found = accessibility.check(folder, pages=[PAGE])
    assert any("image-alt" in f.message for f in axe_found), axe_found


def test_axe_sees_each_width_as_laid_out_at_that_width(tmp_path):
    """Each page is loaded once and checked narrow, then widened and checked again
    (tools/check/axe.mjs): a fault only the wide layout has, and one only the narrow has,
    are each found at their width."""
    style = (
        "@media (min-width: 1000px) { .wide { color: #f4f4f4; } }"
        " @media (max-width: 600px) { .narrow { color: #f2f2f2; } }"
    )
    (tmp_path / "index.html").write_text(
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Widths</title>'
        f"<style>{style}</style></head><body><main><h1>Widths</h1>"
        '<p class="wide">Faint only when wide.</p><p class="narrow">Faint only when narrow.</p>'
        "</main></body></html>",
        encoding="utf-8",
    )
    found = [f.message for f in accessibility.check(tmp_path, pages=["index.html"])]
    contrast = [m for m in found if "color-contrast" in m]
    assert any("at 1280 px" in m and ".wide" in m for m in contrast), found
    assert any("at 390 px" in m and ".narrow" in m for m in contrast), found
    assert not any("at 390 px" in m and ".wide" in m for m in contrast), found


def test_unclosed_tag_is_reported_by_nu(nu_checked):
    _, found = nu_checked
    assert any(
        f.page == HOME and ("Unclosed element" in f.message or "End tag" in f.message) for f in found
    ), found
    assert not any(
        f.page == PAGE and ("Unclosed element" in f.message or "End tag" in f.message) for f in found
    ), found


def test_feed_with_a_bad_date_is_reported(broken):
    feed = "feeds/all.atom.xml"
    text = (broken / feed).read_text()
    (broken / feed).write_text(
        re.sub(r"<published>[^<]+</published>", "<published>last Tuesday</published>", text)
    )
    found = feeds.check(broken)
    assert any(f.page == feed and "publication date" in f.message for f in found), found


def test_feed_entry_without_a_publication_date_passes_but_one_without_updated_is_reported(broken):
    """plugins/feeds leaves `published` out when the day is not known; Atom requires `updated`."""
    feed = "feeds/all.atom.xml"
    text = re.sub(r"\s*<published>[^<]+</published>", "", (broken / feed).read_text())
    (broken / feed).write_text(text)
    assert not [f for f in feeds.check(broken) if f.page == feed], "published is optional"
    undated = re.sub(r"(<entry[^>]*>.*?)<updated>[^<]+</updated>", r"\1", text, count=1, flags=re.S)
    (broken / feed).write_text(undated)
    found = feeds.check(broken)
    assert any(f.page == feed and "updated" in f.message for f in found), found


def test_budget_and_third_party_requests_are_reported(broken):
    edit(
        broken,
        PAGE,
        "<p>Text of the release.",
        "<p>"
        + os.urandom(12000).hex()
        + '<img src="https://tracker.example.net/pixel.gif" alt="x"><script src="/app.js"></script>',
    )
    found, measured = budgets.check(broken)
    messages = [f.message for f in found if f.page == PAGE]
    assert any("over the 14 KiB budget" in m for m in messages)
    assert any("another host" in m and "tracker.example.net" in m for m in messages)
    assert any("without JavaScript" in m for m in messages)


def test_every_page_fits_the_budget(site):
    _, measured = budgets.check(site.folder)
    assert max(html + css for html, css in measured.values()) <= 14 * 1024


def test_email_addresses_are_protected_but_readable(site, small_site):
    for result in (site, small_site):
        for html in result.html_files():
            assert not re.search(r"[\w.]+@[\w-]+\.\w+", html.read_text()), html
    issue = site.page("/newsletters/2012/")
    link = issue.find("a", href="mailto:dushanbeinfo@iom.int")
    assert link.get_text() == "dushanbeinfo@iom.int"
    assert "press@example.org" in small_site.page("/press/a-minimal-press-release/").get_text()


def test_content_security_policy_without_unsafe_inline_and_nothing_inline(site):
    headers = (site.folder / "_headers").read_text()
    assert "Content-Security-Policy: default-src 'self'" in headers and "frame-ancestors 'none'" in headers
    for html in site.html_files():
        text = html.read_text()
        page = site.page(str(html.relative_to(site.folder)))
        csp = page.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
        assert "unsafe-inline" not in csp and "script-src 'self'" in csp
        assert not page.find_all("style") and not page.find_all(style=True), html
        assert not re.search(r"\son[a-z]+=", text), html  # no inline event handlers


def test_publish_switches_only_after_checks_and_a_failure_leaves_the_site_untouched(fixture_site, tmp_path):
    fixture_site.write("press/ok.md", MINIMAL_PRESS)
    public = tmp_path / "public"
    quick = ("links", "feeds", "budget")
    assert publish(fixture_site.root / "pelicanconf.py", public, quick) == 0
    assert public.is_symlink()
    first_release = public.resolve()
    snapshot = {p.relative_to(first_release): p.read_bytes() for p in first_release.rglob("*") if p.is_file()}
    assert not (first_release / ".sources.json").exists()

    # a content mistake: the build fails
    fixture_site.write("news/broken.md", "title: Broken\ndate: someday\n\nText.\n")
    assert publish(fixture_site.root / "pelicanconf.py", public, quick) == 1
    # a check failure: an image from another host
    (fixture_site.root / "content" / "news" / "broken.md").write_text(
        'title: Tracker\ndate: 2020-02-01\n\n<img src="https://tracker.example.net/p.gif" alt="x">\n'
    )
    assert publish(fixture_site.root / "pelicanconf.py", public, quick) == 1
    assert public.resolve() == first_release
    assert {
        p.relative_to(first_release): p.read_bytes() for p in first_release.rglob("*") if p.is_file()
    } == snapshot

    (fixture_site.root / "content" / "news" / "broken.md").unlink()
    fixture_site.write("press/ok.md", MINIMAL_PRESS.replace("Text of the release.", "Second edition."))
    assert publish(fixture_site.root / "pelicanconf.py", public, quick) == 0
    assert public.resolve() != first_release and first_release.exists(), "the previous release is kept"
