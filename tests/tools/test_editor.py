"""The browser editor (tools/editor): what it writes is what the build reads.

A writer creates a press release in three languages with a photo through the forms, in
headless Chromium, on the editor's own servers (127.0.0.1); the build then publishes the
three versions linked to each other. Every content file is already in the editor's own format,
so opening and saving one unchanged leaves it byte-identical.
"""

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from conftest import ROOT, FixtureSite, free_port, run_node
from PIL import Image

from iomsite.core import ledger
from iomsite.core.frontmatter import parse
from iomsite.core.model import FIELDS, TYPES, fields_of, type_for
from iomsite.tools.editor.config import NOT_SHOWN, editor_config
from iomsite.tools.editor.serve import Editor

FLOW = ROOT / "tests" / "tools" / "editor_flow.mjs"
FRONT_MATTER = ROOT / "tools" / "editor" / "frontmatter.mjs"
DATA_FILE = ROOT / "tools" / "editor" / "datafile.mjs"


def field_order(path) -> list[str]:
    rel = path.relative_to(ROOT / "content")
    ctype = TYPES["page"] if rel.parts[0] == "pages" else type_for(rel.parts[0], path.stem)
    return fields_of(ctype)


def test_every_content_file_is_saved_unchanged_by_the_editor(tmp_path):
    """Decap's own format (gray-matter and yaml at the bundle's versions) parses and writes
    each file back byte for byte: opening an item and saving it changes nothing."""
    files = sorted(p for p in (ROOT / "content").rglob("*.md"))
    keys = tmp_path / "keys.json"
    keys.write_text(json.dumps({str(p): field_order(p) for p in files}))
    proc = run_node(FRONT_MATTER, "roundtrip", str(keys), *map(str, files), timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert len(files) > 20 and proc.stdout.split() == []


def test_a_press_release_written_in_the_editor_is_published_in_three_linked_languages(tmp_path):
    site = FixtureSite(tmp_path / "site")
    photo = tmp_path / "border-guards.jpg"
    Image.new("RGB", (1600, 1000), (40, 90, 140)).save(photo)
    with Editor(project=site.root, port=free_port(), backend_port=free_port(), warm=False) as editor:
        proc = run_node(FLOW, editor.url, str(photo))
    assert proc.returncode == 0, proc.stderr
    found = json.loads(proc.stdout.splitlines()[-1])
    assert found["errors"] == [], found["errors"]  # nothing thrown, nothing logged as an error
    assert found["fieldError"], "the web address with capitals is refused in the form, with the reason"
    # the message names each field to correct, and the form is scrolled to the first
    assert found["named"].startswith("Not saved. Please correct:"), found["named"]
    for label in ("Dateline (place)", "Section", "Contact: name", "Contact: phone"):
        assert f"{label} is required." in found["named"], (label, found["named"])
    assert found["scrolled"]["inView"], found["scrolled"]
    assert found["offsite"] == []  # the editor's app is served here, from the pinned npm package

    # no date typed: the item is dated now in Dushanbe, shown as the office writes dates
    now = datetime.now(ZoneInfo("Asia/Dushanbe"))
    days = {now.strftime("%Y-%m-%d"), (now - timedelta(minutes=10)).strftime("%Y-%m-%d")}
    shown = datetime.strptime(found["shownDate"], "%d.%m.%Y %H:%M")
    assert (
        shown.strftime("%Y-%m-%d") in days
        and abs(shown.hour * 60 + shown.minute - (now.hour * 60 + now.minute)) % 1440 < 15
    )

    press = site.content / "press"
    names = sorted(p.name for p in press.glob("*.md"))
    stem = f"{shown:%Y-%m-%d}-hotline-training-for-border-guards"
    assert names == [f"{stem}.en.md", f"{stem}.ru.md", f"{stem}.tg.md"]
    english = (press / f"{stem}.en.md").read_text(encoding="utf-8")
    assert english.startswith("---\ntitle: Hotline training for border guards\n")
    assert (
        f"date: {shown:%Y-%m-%d %H:%M}\n" in english and "image_alt: Border guards in a classroom" in english
    )
    assert "section: counter-trafficking\n" in english
    # the files keep the model's order of fields (the form shows the writer's first)
    keys = list(parse(english.splitlines())[0])
    assert keys == [name for name in FIELDS if name in keys], keys
    assert (site.content / "images" / "border-guards.jpg").is_file()

    result = site.build()
    assert result.returncode == 0, result.output
    page = result.page("/press/hotline-training-border-guards-2026/")
    assert page.find("h1").get_text(strip=True) == "Hotline training for border guards"
    alternates = {link["hreflang"]: link["href"] for link in page.select('link[rel="alternate"][hreflang]')}
    assert alternates["ru"].endswith("/ru/press/obuchenie-pogranichnikov-goryachaya-liniya-2026/")
    assert alternates["tg"].endswith("/tg/press/omuzishi-sarhadbonon-khati-bovari-2026/")
    russian = result.page("/ru/press/obuchenie-pogranichnikov-goryachaya-liniya-2026/")
    assert russian.find("h1").get_text(strip=True) == "Обучение пограничников работе с горячей линией"
    assert russian.find("img", alt="Пограничники в классе слушают тренера МОМ")
    tajik = result.page("/tg/press/omuzishi-sarhadbonon-khati-bovari-2026/")
    assert tajik.find("html")["lang"] == "tg"
    image = page.find("img", alt="Border guards in a classroom listen to an IOM trainer")
    assert image is not None and result.file(image["src"]).is_file()


def test_the_form_shows_a_writers_fields_first_and_requires_what_the_type_needs():
    """The press release's form: title, summary, text and photo first; the fields for developers
    and the migration (source document, old addresses, old-site number) and the ledger's record
    are kept in the files but not shown; the press contact and the section are required; dates
    use the office's widget with its format; a translation's tick box comes last."""
    config = editor_config("http://127.0.0.1:1/api/v1")
    press = next(c for c in config["collections"] if c["name"] == "press")
    fields = {f["name"]: f for f in press["fields"]}
    names = [f["name"] for f in press["fields"] if f["widget"] != "hidden"]
    assert names[:6] == ["title", "summary", "body", "image", "image_alt", "image_caption"]
    assert names[-1] == "translation_current" and fields["translation_current"]["widget"] == "boolean"
    for name in NOT_SHOWN:
        if name in fields:
            assert fields[name]["widget"] == "hidden", name
    assert "source" in fields and "redirect_from" in fields  # kept, so saving keeps them
    required = {f["name"] for f in press["fields"] if f.get("required")}
    assert {"title", "date", "dateline", "section", "contact_name", "contact_phone"} <= required
    assert fields["date"]["widget"] == "moment"
    precision = fields["date_precision"]
    assert precision["label"] == "Precision of the date"
    assert precision["options"][0] == {"label": "the day", "value": "day"}
    assert fields["summary"]["pattern"][1] == "At most 300 characters"
    assert config["locale"] == "en" and editor_config("x", ui="ru")["locale"] == "ru"


def test_the_preview_is_the_page_the_build_makes_in_the_panes_language(tmp_path):
    """The preview pane of a press release shows the page the site's build makes of the entry
    as it is in the form (its <title>, its date as published, the site's header and
    stylesheet), in Russian when the pane is Russian, and what is typed into the text appears
    in it; at phone width the page is laid out at 390 px."""
    site = FixtureSite(tmp_path / "site", content="real")
    entry = "collections/press/entries/2006-02-15-memorandum-combating-human-trafficking"
    with Editor(project=site.root, port=free_port(), backend_port=free_port()) as editor:
        proc = run_node(ROOT / "tests" / "tools" / "editor_preview.mjs", editor.url, entry, timeout=400)
    assert proc.returncode == 0, proc.stderr
    found = json.loads(proc.stdout.splitlines()[-1])
    assert found["errors"] == [], found["errors"]
    english, russian, typed = found["english"], found["russian"], found["typed"]
    assert english["address"] == "/press/memorandum-of-cooperation-combating-human-trafficking-2006/"
    assert english["lang"] == "en" and english["title"].startswith("Official ceremony of signing")
    assert english["title"].endswith("IOM Tajikistan") and english["h1"].startswith("Official ceremony")
    assert ["2006-02-15", "15 February 2006"] in english["time"], english["time"]
    assert "IOM Tajikistan" in english["header"] and english["stylesheets"]
    assert russian["lang"] == "ru" and russian["address"].startswith("/ru/press/")
    assert russian["h1"].startswith("Официальная церемония") and "15 февраля 2006" in " ".join(
        t[1] for t in russian["time"]
    )
    assert typed["found"], typed  # the sentence typed into the Russian text is in the page
    assert found["phone"]["innerWidth"] == 390


def test_a_translator_confirms_a_translation_and_the_english_version_is_recorded(tmp_path):
    """The tick box 'This translation matches the current English', ticked in the Russian
    version and saved: the Russian file records the English's digest (core/ledger.py) in
    `translated_from:`, the box itself is never written, and the English and Tajik files are
    as they were."""
    site = FixtureSite(tmp_path / "site", content="real")
    press = site.content / "press"
    stem = "2006-02-15-memorandum-combating-human-trafficking"
    before = {lang: (press / f"{stem}.{lang}.md").read_text(encoding="utf-8") for lang in ("en", "ru", "tg")}
    with Editor(project=site.root, port=free_port(), backend_port=free_port(), warm=False) as editor:
        proc = run_node(
            ROOT / "tests" / "tools" / "editor_confirm.mjs", editor.url, f"collections/press/entries/{stem}"
        )
    assert proc.returncode == 0, proc.stderr
    found = json.loads(proc.stdout.splitlines()[-1])
    assert found["saved"] and found["errors"] == [], found
    russian = (press / f"{stem}.ru.md").read_text(encoding="utf-8")
    fields = parse(russian.splitlines())[0]
    assert fields["translated_from"].value == ledger.digest_of(press / f"{stem}.en.md")
    assert "translation_current" not in russian
    without = [line for line in russian.splitlines() if not line.startswith("translated_from:")]
    assert without == [line for line in before["ru"].splitlines() if not line.startswith("translated_from:")]
    assert (press / f"{stem}.en.md").read_text(encoding="utf-8") == before["en"]
    assert (press / f"{stem}.tg.md").read_text(encoding="utf-8") == before["tg"]


def test_saving_an_item_in_the_editor_changes_only_what_was_changed(tmp_path):
    """A press release and the newsletter issue, each in three languages, and a story of the
    issue, opened in the browser, their English title corrected, saved: the English file
    differs only in its title, the translations are byte for byte as they were (the editor
    saves nothing for an item without a change, and every file is already in its format)."""
    site = FixtureSite(tmp_path / "site", content="real")
    files = (
        sorted(site.content.glob("press/*.md"))
        + sorted(site.content.glob("newsletters/2012/issue.*.md"))
        + [site.content / "newsletters" / "2012" / "04-consular-officers-training.en.md"]
    )
    before = {path: path.read_text(encoding="utf-8") for path in files}
    entries = [
        "collections/press/entries/2006-02-15-memorandum-combating-human-trafficking",
        "collections/issue-2012/entries/issue",
        "collections/stories-2012/entries/04-consular-officers-training",
    ]
    with Editor(project=site.root, port=free_port(), backend_port=free_port(), warm=False) as editor:
        proc = run_node(ROOT / "tests" / "tools" / "editor_resave.mjs", editor.url, *entries)
    assert proc.returncode == 0, proc.stderr
    found = json.loads(proc.stdout.splitlines()[-1])
    assert found["saved"] == entries, found
    assert len(files) == 7
    for path in files:
        after = path.read_text(encoding="utf-8")
        if path.name.endswith(".en.md"):
            fields = parse(before[path].splitlines())[0]
            title = fields["title"].value
            assert parse(after.splitlines())[0]["title"].value == f"{title} (edited)", path
            assert body_of(after) == body_of(before[path]), path
            assert {k: f.value for k, f in parse(after.splitlines())[0].items() if k != "title"} == {
                k: f.value for k, f in fields.items() if k != "title"
            }, path
        else:
            assert after == before[path], path


def body_of(text: str) -> str:
    return text.split("\n---\n", 1)[1]


def test_a_hotline_confirmed_in_the_editor_shows_its_banner_again_and_nothing_else_changes(tmp_path):
    """The routine edit of a data file: after calling the number, a writer sets its
    'Confirmed' date in the hotlines form. The file changes in that line only (its comments,
    which say what each field means, stay), and the build shows the banner again."""
    site = FixtureSite(tmp_path / "site", content="real", settings='SITE_TODAY = "2026-12-01"\n')
    hotlines = site.content / "data" / "hotlines.yml"
    before = hotlines.read_text(encoding="utf-8")
    with Editor(project=site.root, port=free_port(), backend_port=free_port(), warm=False) as editor:
        proc = run_node(ROOT / "tests" / "tools" / "editor_data.mjs", editor.url, "2026-11-20")
    assert proc.returncode == 0, proc.stderr
    found = json.loads(proc.stdout.splitlines()[-1])
    assert found["saved"] and not found["errors"], found
    assert found["input"]["value"].startswith("2012-06-30"), found  # the date the file has
    after = hotlines.read_text(encoding="utf-8")
    assert after == before.replace("confirmed: 2012-06-30", "confirmed: 2026-11-20")
    built = site.build()
    assert built.returncode == 0, built.output
    story = built.page("/newsletters/2012/tajik-consular-officers-attend-training-on-human-trafficking/")
    assert "918-85-3434" in story.find("section", class_="hotline").get_text()


def test_every_data_file_is_saved_unchanged_by_the_editor(tmp_path):
    """Decap's YAML format (yaml at the bundle's version), with the backend's repair (the
    form's field order, the file's leading comment), writes each data file back byte for byte."""
    files = sorted((ROOT / "content" / "data").glob("*.yml"))
    config = tmp_path / "config.json"
    config.write_text(json.dumps(editor_config("http://127.0.0.1:1/api/v1")), encoding="utf-8")
    proc = run_node(DATA_FILE, "roundtrip", str(config), *map(str, files), timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert len(files) == 4 and proc.stdout.split() == []

    # and it would see a difference: a hand-edited copy, two fields swapped, its comment gone
    copy = tmp_path / "content" / "data" / "hotlines.yml"
    copy.parent.mkdir(parents=True)
    text = (ROOT / "content" / "data" / "hotlines.yml").read_text(encoding="utf-8")
    number, e164 = "    number: 918-85-3434\n", '    e164: "+992918853434"\n'
    swapped = text.replace(number + e164, e164 + number)
    assert swapped != text
    for changed in (swapped, "hotlines:\n" + text.split("hotlines:\n", 1)[1]):
        copy.write_text(changed, encoding="utf-8")
        proc = run_node(DATA_FILE, "roundtrip", str(config), str(copy), cwd=tmp_path, timeout=60)
        assert proc.stdout.split() == [str(copy)], proc.stderr
