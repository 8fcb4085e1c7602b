"""The translation ledger (core/ledger.py, tools/translations.py, plugins/multilang/outdated.py)
on a copy of the real content kept in git, as the office keeps it: every translation marked
current; a figure changed in an English file; then what `invoke translations` says, what the
Russian page says, what `invoke publish` says, and `--mark-current` clearing it."""

import subprocess

import pytest
from conftest import ROOT, FixtureSite, run_module

from iomsite.core import ledger
from iomsite.tools.translations import mark_current, with_field

CAMPAIGN = "campaigns/2019-world-day-against-trafficking"
RU_CAMPAIGN = "/ru/campaigns/vsemirnyy-den-borby-s-torgovley-lyudmi-2019-goda-v-tadzhikistane/"


def git(cwd, *args):
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)


def commit(site: FixtureSite, message: str) -> None:
    git(site.root, "add", "-A", "content")
    git(
        site.root,
        "-c",
        "user.name=Office",
        "-c",
        "user.email=office@example.org",
        "commit",
        "--allow-empty",
        "-qm",
        message,
    )


def translations(site: FixtureSite, *args: str) -> subprocess.CompletedProcess:
    return run_module("iomsite.tools.translations", "--content", site.content, *args, timeout=120)


@pytest.fixture(scope="module")
def office(tmp_path_factory) -> FixtureSite:
    """The real content in git, every translation marked current, then a figure of the
    campaign changed in English only."""
    site = FixtureSite(
        tmp_path_factory.mktemp("ledger") / "site", content="real", settings='SITE_TODAY = "2026-12-01"'
    )
    git(site.root, "init", "-q")
    commit(site, "the content as it is")
    for entry in ledger.ledger(site.content):
        if entry.translation:
            mark_current(entry.translation)
    commit(site, "every translation reviewed")
    english = site.content / f"{CAMPAIGN}.en.md"
    english.write_text(english.read_text(encoding="utf-8").replace("to 17 victims", "to 71 victims"), "utf-8")
    commit(site, "a figure corrected in English")
    return site


def test_every_translation_starts_current():
    states = {entry.state for entry in ledger.ledger(ROOT / "content") if entry.translation}
    assert states == {ledger.CURRENT}


def test_the_ledger_lists_the_outdated_translations_with_the_english_change(office):
    proc = translations(office)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    for lang in ("ru", "tg"):
        assert f"outdated    {lang}  content/{CAMPAIGN}.{lang}.md" in lines
    assert "            fact changed: number 71 added" in lines  # (17 is still in another sentence)
    assert any("[-17-]{+71+}" in line for line in lines), proc.stdout
    assert lines[-1] == "46 translation(s): 44 current, 2 outdated."

    page = office.root / "ledger.html"
    assert translations(office, "--html", str(page)).returncode == 0
    assert 'class="outdated"' in page.read_text(encoding="utf-8")


def test_the_russian_page_says_it_may_not_include_the_change(office):
    built = office.build()
    assert built.returncode == 0, built.output
    notice = built.page(RU_CAMPAIGN).find(attrs={"data-translation": "outdated"})
    assert notice is not None
    assert "Английская версия" in notice.get_text()
    assert notice.find("a", hreflang="en")["href"] == "/campaigns/world-day-against-trafficking-2019/"
    about = built.page("/ru/mom-v-tadzhikistane/")
    assert about.find(attrs={"data-translation": "outdated"}) is None


def test_publish_refuses_naming_the_files_and_the_figure(office):
    public = office.root / "public"
    proc = run_module("iomsite.tools.publish", "--settings", office.settings, "--public", public, timeout=300)
    assert proc.returncode == 1, proc.stdout
    refusal = next(line for line in proc.stdout.splitlines() if line.startswith("Publishing refused"))
    assert f"content/{CAMPAIGN}.ru.md (number 71 added)" in refusal
    assert f"content/{CAMPAIGN}.tg.md" in refusal and not public.exists()


def test_marking_current_after_the_update_clears_it(office):
    for lang in ("ru", "tg"):
        path = office.content / f"{CAMPAIGN}.{lang}.md"
        path.write_text(path.read_text(encoding="utf-8").replace("17", "71"), encoding="utf-8")
        assert translations(office, "--mark-current", str(path)).returncode == 0
    states = {entry.state for entry in ledger.ledger(office.content) if entry.translation}
    assert states == {ledger.CURRENT}


def test_the_field_is_placed_as_the_editor_orders_it_and_replaced_in_place():
    text = "---\ntitle: X\nslug: x\n---\n\nText.\n"
    added = with_field(text, "translated_from", "0123456789ab")
    assert added == "---\ntitle: X\nslug: x\ntranslated_from: 0123456789ab\n---\n\nText.\n"
    assert with_field(added, "translated_from", "ba9876543210") == added.replace(
        "0123456789ab", "ba9876543210"
    )


def test_a_malformed_version_is_a_content_error_at_its_line(tmp_path):
    site = FixtureSite(tmp_path / "site")
    site.write("news/2026-11-20-x.en.md", "title: X\ndate: 2026-11-20\n\nText.\n")
    site.write(
        "news/2026-11-20-x.ru.md", "title: Х\ndate: 2026-11-20\ntranslated_from: yesterday\n\nТекст.\n"
    )
    site.write(
        "news/2026-11-21-y.en.md", "title: Y\ndate: 2026-11-21\ntranslated_from: 0123456789ab\n\nText.\n"
    )
    result = site.build()
    assert result.returncode == 1
    assert (
        "content/news/2026-11-20-x.ru.md:4: translated_from 'yesterday' is not a version of the English "
        "(twelve characters, 0-9 and a-f)" in result.output
    )
    assert "content/news/2026-11-21-y.en.md:4: 'translated_from' belongs in a translation" in result.output


@pytest.fixture
def marked_copy(tmp_path) -> FixtureSite:
    site = FixtureSite(tmp_path / "site", content="real")
    for entry in ledger.ledger(site.content):
        if entry.translation:
            mark_current(entry.translation)
    return site


def snapshot(folder) -> dict:
    return {p: p.read_bytes() for p in sorted(folder.rglob("*.md"))}


@pytest.mark.parametrize("kind, lang", [("xliff", "ru"), ("xliff", "tg"), ("po", "ru")])
def test_export_then_import_with_nothing_changed_leaves_every_file_as_it_was(
    marked_copy, tmp_path, kind, lang
):
    before = snapshot(marked_copy.content)
    exported = tmp_path / "for-translator"
    assert translations(marked_copy, "--export", kind, "--lang", lang, str(exported)).returncode == 0
    assert len(list(exported.iterdir())) == 23
    back = translations(marked_copy, "--import", str(exported))
    assert back.returncode == 0 and back.stdout.splitlines()[-1] == "0 file(s) changed.", back.stdout
    assert snapshot(marked_copy.content) == before


def test_a_changed_unit_changes_only_that_sentence(marked_copy, tmp_path):
    from translate.storage import xliff2

    exported = tmp_path / "for-translator"
    translations(marked_copy, "--export", "xliff", "--lang", "ru", str(exported))
    xlf = exported / "news--2017-03-28-mobile-theatre-istaravshan.ru.xlf"
    store = xliff2.Xliff2File.parsefile(str(xlf))
    unit = next(u for u in store.units if u.getid() == "p1")
    old = unit.target
    unit.target = old.replace("Истаравшан", "Истаравшане, Согдийская область,", 1)
    xlf.write_bytes(bytes(store))
    russian = marked_copy.content / "news" / "2017-03-28-mobile-theatre-istaravshan.ru.md"
    before = russian.read_text(encoding="utf-8").splitlines()
    back = translations(marked_copy, "--import", str(exported))
    assert back.stdout.splitlines()[-1] == "1 file(s) changed.", back.stdout
    after = russian.read_text(encoding="utf-8").splitlines()
    changed = [(a, b) for a, b in zip(before, after) if a != b]
    assert len(before) == len(after) and len(changed) == 1
    assert changed[0] == (old, unit.target)


def test_an_incremental_rebuild_after_an_english_edit_shows_the_notice(marked_copy):
    marked_copy.settings.write_text(
        marked_copy.settings.read_text(encoding="utf-8") + '\nSITE_TODAY = "2026-12-01"\n', encoding="utf-8"
    )
    first = marked_copy.build()
    assert first.returncode == 0, first.output
    assert first.page(RU_CAMPAIGN).find(attrs={"data-translation": "outdated"}) is None
    english = marked_copy.content / f"{CAMPAIGN}.en.md"
    english.write_text(english.read_text(encoding="utf-8").replace("to 17 victims", "to 71 victims"), "utf-8")
    again = marked_copy.build()
    assert again.returncode == 0, again.output
    # incremental: one file read again; every page made again, as the set of outdated
    # translations is a decision the pages depend on (plugins/multilang/outdated.py)
    assert again.figures("incremental")["markdown_converted"] == 1
    assert again.page(RU_CAMPAIGN).find(attrs={"data-translation": "outdated"}) is not None
