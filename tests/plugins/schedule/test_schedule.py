"""Embargoes and expiry on the build's one clock (plugins/schedule): nothing of a scheduled
item is in any file of the output a minute before its time, everything is there a minute
after, and an incremental rebuild then equals a clean build."""

import gzip

import pytest
from conftest import MINIMAL_PRESS, run_module

BEFORE = {"SITE_NOW": "2027-01-10T08:59+05:00"}
AFTER = {"SITE_NOW": "2027-01-10T09:01+05:00"}
SECRET = "The ministers will sign the agreement on combating trafficking in Khujand."
SECRET_RU = "Министры подпишут соглашение о противодействии торговле людьми в Худжанде."

EMBARGOED = f"""\
title: Agreement on combating trafficking to be signed in Khujand
date: 2027-01-10 09:00
dateline: Dushanbe
section: counter-trafficking
tags: embargoed-tag

{SECRET}

![The signing table in Khujand]({{static}}/images/khujand-signing.jpg "The signing table")
"""
EMBARGOED_RU = f"""\
title: Соглашение будет подписано в Худжанде
date: 2027-01-10 09:00
dateline: Душанбе
section: counter-trafficking

{SECRET_RU}
"""
NEEDLES = (
    "agreement-on-combating-trafficking-to-be-signed-in-khujand",
    "Agreement on combating trafficking",
    "ministers will sign the agreement",
    "embargoed-tag",
    "Министры подпишут",
    "soglashenie-budet",
)


def every_text(folder):
    """Every file of the output as text; the search index's compressed records decoded."""
    for path in folder.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if path.suffix.startswith(".pf_"):
            try:
                data = gzip.decompress(data)
            except OSError:
                pass
        yield path, data.decode("utf-8", "replace")


def leaks(folder) -> list:
    return [
        (path.relative_to(folder).as_posix(), needle)
        for path, text in every_text(folder)
        for needle in NEEDLES
        if needle in text
    ]


@pytest.fixture
def embargo_site(fixture_site):
    from PIL import Image

    Image.new("RGB", (800, 600), (30, 90, 160)).save(
        fixture_site.root / "content" / "images" / "khujand-signing.jpg"
    )
    fixture_site.write("press/public.md", MINIMAL_PRESS)
    fixture_site.write("press/embargoed.md", EMBARGOED)
    fixture_site.write("press/embargoed.ru.md", EMBARGOED_RU)
    return fixture_site


def test_a_minute_before_nothing_of_the_release_or_its_translation_is_anywhere_in_the_output(embargo_site):
    result = embargo_site.build(BEFORE)
    assert result.returncode == 0, result.output
    assert (result.folder / "pagefind").is_dir() and (result.folder / "sitemap.xml").exists()
    assert leaks(result.folder) == []
    assert "content/press/embargoed.md: embargoed until 2027-01-10 09:00 (Dushanbe time)" in result.output
    assert result.page("/press/").find("a", string="A minimal press release")  # the rest is there


def test_a_minute_after_it_is_everywhere_and_the_incremental_rebuild_equals_a_clean_build(
    embargo_site, tmp_path
):
    assert embargo_site.build(BEFORE).returncode == 0
    rebuilt = embargo_site.build(AFTER)  # the same output folder: an incremental rebuild
    assert rebuilt.returncode == 0, rebuilt.output
    slug = "agreement-on-combating-trafficking-to-be-signed-in-khujand"
    page = rebuilt.page(f"/press/{slug}/")
    assert SECRET in page.get_text()
    assert list((rebuilt.folder / "media").glob("khujand-signing-*")), "its photo is published with it"
    assert page.find("a", hreflang="ru")  # the translation is linked, and public with it
    assert SECRET_RU in rebuilt.page("/ru/press/soglashenie-budet-podpisano-v-khudzhande/").get_text()
    for where in ("/", "/press/", "/sections/counter-trafficking/", "/tags/embargoed-tag/"):
        assert rebuilt.page(where).find("a", href=f"/press/{slug}/"), where
    assert f"/press/{slug}/" in (rebuilt.folder / "feeds" / "all.atom.xml").read_text()
    assert f"/press/{slug}/" in (rebuilt.folder / "sitemap.xml").read_text()
    clean = embargo_site.build(AFTER, output=tmp_path / "clean")
    assert clean.returncode == 0, clean.output

    def files(folder):
        return {
            p.relative_to(folder): p.read_bytes()
            for p in folder.rglob("*")
            if p.is_file() and p.name != ".build-state.json" and "pagefind" not in p.relative_to(folder).parts
        }

    assert files(rebuilt.folder) == files(clean.folder)


def test_a_translation_never_appears_before_its_original(embargo_site):
    # a translation dated before its original: refused (its page would state another date),
    # so nothing of either is published early
    embargo_site.write("press/embargoed.ru.md", EMBARGOED_RU.replace("2027-01-10 09:00", "2026-12-01 09:00"))
    result = embargo_site.build({"SITE_NOW": "2026-12-15T12:00+05:00"})
    assert result.returncode == 1
    assert (
        "content/press/embargoed.ru.md:3: the date is '2026-12-01 09:00' here and '2027-01-10 09:00' "
        "in the English (content/press/embargoed.md)"
    ) in result.output
    assert not result.folder.exists() or leaks(result.folder) == []


def test_a_future_date_without_a_time_is_refused_with_the_line_and_the_fix(fixture_site):
    fixture_site.write("press/soon.md", MINIMAL_PRESS.replace("date: 2020-01-15", "date: 2027-01-11"))
    result = fixture_site.build(BEFORE)
    assert result.returncode == 1
    assert (
        "content/press/soon.md:3: the date 2027-01-11 is in the future but has no time, so the moment it "
        "may appear is not clear — write the moment it may be published, in Dushanbe time, e.g. "
        "'date: 2027-01-11 09:00'"
    ) in result.output
    assert "Traceback" not in result.output


CAMPAIGN = """\
title: Winter campaign
date: 2026-11-01 09:00
expires: 2027-01-10 09:00
hashtag: "#Winter"
call_to_action: Call us before the winter
section: counter-trafficking

The campaign text.
"""


def test_an_expired_campaign_stays_marked_as_past_and_its_call_to_action_goes(fixture_site, tmp_path):
    fixture_site.write("campaigns/winter.md", CAMPAIGN)
    live = fixture_site.build(BEFORE)
    assert live.returncode == 0, live.output
    page = live.page("/campaigns/winter-campaign/")
    assert page.find(class_="call-to-action").get_text() == "Call us before the winter"
    assert not page.find(class_="notice--past")
    assert live.page("/").find("a", href="/campaigns/winter-campaign/")
    assert "content/campaigns/winter.md: expires on 2027-01-10 09:00 (Dushanbe time)" in live.output

    past = fixture_site.build(AFTER)  # incremental, nothing edited
    assert past.returncode == 0, past.output
    page = past.page("/campaigns/winter-campaign/")
    assert not page.find(class_="call-to-action")
    assert "This ended on 10 January 2027, 09:00" in page.find(class_="notice--past").get_text()
    assert not past.page("/").find("a", href="/campaigns/winter-campaign/")
    assert past.page("/campaigns/").find("a", href="/campaigns/winter-campaign/")  # still at its address
    clean = fixture_site.build(AFTER, output=tmp_path / "clean")
    for name in ("campaigns/winter-campaign/index.html", "index.html"):
        assert (clean.folder / name).read_bytes() == (past.folder / name).read_bytes(), name


def test_a_banner_ends_at_its_minute_and_a_rebuild_follows(fixture_site):
    fixture_site.write(
        "press/ok.md",
        MINIMAL_PRESS.replace("dateline: Dushanbe", "dateline: Dushanbe\nsection: counter-trafficking"),
    )
    (fixture_site.root / "content" / "data" / "hotlines.yml").write_text("""\
hotlines:
- id: winter-line
  name: {en: Winter hotline}
  number: 918-85-3434
  source: the test
  known_since: 2019-01-01
  confirmed: 2026-12-20
  banner:
    show_on: {sections: [counter-trafficking]}
    end: 2027-01-10 09:00
""")
    shown = fixture_site.build(BEFORE)
    assert shown.returncode == 0, shown.output
    assert shown.page("/press/a-minimal-press-release/").find("section", class_="hotline")
    gone = fixture_site.build(AFTER)
    assert gone.returncode == 0, gone.output
    assert gone.page("/press/a-minimal-press-release/").find("section", class_="hotline") is None


def test_the_preview_of_embargoed_work_marks_it_and_publishing_refuses_it(embargo_site, tmp_path):
    from iomsite.tools.publish import embargo_refusal, publish

    preview = embargo_site.build({**BEFORE, "SITE_SHOW_EMBARGOED": "1"})
    assert preview.returncode == 0, preview.output
    page = preview.page("/press/agreement-on-combating-trafficking-to-be-signed-in-khujand/")
    assert (
        "Embargoed until 10 January 2027, 09:00 (Dushanbe time)."
        in page.find(class_="notice--embargo").get_text()
    )
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert (preview.folder / ".embargoed-preview").exists()
    assert "was built to preview embargoed items" in embargo_refusal({}, preview.folder)

    import os

    os.environ["SITE_SHOW_EMBARGOED"] = "1"
    try:
        import io

        out = io.StringIO()
        assert publish(embargo_site.root / "pelicanconf.py", tmp_path / "public", ("links",), out=out) == 1
    finally:
        del os.environ["SITE_SHOW_EMBARGOED"]
    assert "Publishing refused: the settings show embargoed items" in out.getvalue()
    assert not (tmp_path / "public").exists()


def test_publishing_twice_with_nothing_due_changes_nothing(fixture_site, tmp_path):
    import io

    from iomsite.tools.publish import publish

    fixture_site.write("press/ok.md", MINIMAL_PRESS)
    public = tmp_path / "public"
    assert publish(fixture_site.root / "pelicanconf.py", public, ("links",), out=io.StringIO()) == 0
    first = public.resolve()
    out = io.StringIO()
    assert publish(fixture_site.root / "pelicanconf.py", public, ("links",), out=out) == 0
    assert public.resolve() == first and "Nothing changed since" in out.getvalue()
    assert [p.name for p in (tmp_path / "releases").iterdir() if p.is_dir()] == [first.name]


def test_invoke_schedule_lists_the_moments_and_writes_a_timer(embargo_site, tmp_path):
    embargo_site.write("campaigns/winter.md", CAMPAIGN)
    proc = run_module(
        "iomsite.tools.schedule",
        embargo_site.root / "pelicanconf.py",
        "--write",
        tmp_path / "units",
        timeout=120,
        env={**__import__("os").environ, **BEFORE, "TZ": "UTC"},  # a server on UTC: its own time shown too
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (
        "2027-01-10 09:00 (04:00 here)  appears" in proc.stdout
        and "content/press/embargoed.md" in proc.stdout
    )
    assert (
        "2027-01-10 09:00 (04:00 here)  expires" in proc.stdout
        and "content/campaigns/winter.md" in proc.stdout
    )
    # the timer asks every few minutes (tests/tools/test_go_live.py runs what it starts)
    assert "OnCalendar=*:0/5" in (tmp_path / "units" / "iomsite-go-live.timer").read_text()
    assert "invoke go-live" in (tmp_path / "units" / "iomsite-go-live.service").read_text()
