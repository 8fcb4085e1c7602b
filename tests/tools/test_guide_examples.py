"""The writers' guide (docs/authoring.md) and the README, tested, so that they cannot drift
from the code again: every example of a content file or a data file is built in a fixture site
and its page must show what the example shows; every mistake shown on purpose must be refused
with the messages shown; every `invoke new` command is run; the field tables of §12 must read
as the content model does.

The guides mark their examples with an HTML comment on the line before the block (readers do
not see it):

    <!-- example: content/press/x.en.md -->              a whole file: built, its page checked
    <!-- example: adds to content/press/x.en.md -->      fields added to that example's file (a
                                                        field it has, e.g. a new slug, replaced)
    <!-- example: content/press/x.en.md, as invoke new writes it -->
                                                        the file the `invoke new` before it writes
    <!-- example: mistake content/news/x.en.md -->       a file the content check refuses ...
    <!-- example: messages -->                           ... with exactly these lines
    <!-- example: content/data/donors.yml -->            entries of a data file (merged by id)
    <!-- example: content/data/redirects.yml -->         old addresses: each leads to its page
"""

import datetime
import json
import re
import shlex
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import ROOT, FixtureSite, run_module
from PIL import Image

from iomsite.core.frontmatter import FrontMatterError, parse
from iomsite.core.model import (
    ARTICLE_CATEGORIES,
    COMMON_OPTIONAL,
    TYPES,
    allowed_fields,
    file_language,
    translation_group,
    type_for,
)
from iomsite.core.sections import load_sections
from iomsite.plugins.content_types.values import parse_date
from iomsite.plugins.donors.data import load_donors
from iomsite.plugins.hotlines.data import load_hotlines

GUIDES = ("docs/authoring.md", "README.md")

HEADING = re.compile(r"^##+ (?P<name>\S+?)\.? ")
MARKER = re.compile(r"^\s*<!-- example: (?P<what>.+?) -->\s*$")
FENCE = re.compile(r"^(?P<indent> *)```(?P<info>[\w-]*)\s*$")


@dataclass
class Block:
    guide: str
    line: int  # of its opening fence
    section: str  # the heading it is under: "7", "11b"
    info: str  # the fence's language
    text: str
    marker: str  # what its marker says; "" without one

    @property
    def where(self) -> str:
        return f"{self.guide}:{self.line} (§{self.section})"


def read_blocks(guide: str) -> list[Block]:
    lines = (ROOT / guide).read_text(encoding="utf-8").splitlines()
    blocks, section, number = [], "", 0
    while number < len(lines):
        if heading := HEADING.match(lines[number]):
            section = heading["name"] if lines[number].startswith("## ") else section
        fence = FENCE.match(lines[number])
        if not fence:
            number += 1
            continue
        indent = len(fence["indent"])
        end = next(n for n in range(number + 1, len(lines)) if lines[n].strip() == "```")
        text = "".join(line[indent:] + "\n" for line in lines[number + 1 : end])
        marker = MARKER.match(lines[number - 1]) if number else None
        blocks.append(
            Block(guide, number + 1, section, fence["info"], text, marker["what"] if marker else "")
        )
        number = end + 1
    return blocks


@dataclass
class Example:
    kind: str  # file, adds, new, mistake, messages, data
    path: str  # in the site folder: content/press/x.en.md ("" for messages)
    block: Block


def example_of(block: Block) -> Example:
    what = block.marker
    if what == "messages":
        return Example("messages", "", block)
    for prefix, kind in (("mistake ", "mistake"), ("adds to ", "adds")):
        if what.startswith(prefix):
            return Example(kind, what[len(prefix) :], block)
    if what.endswith(", as invoke new writes it"):
        return Example("new", what.rpartition(",")[0], block)
    return Example("data" if what.startswith("content/data/") else "file", what, block)


BLOCKS = [block for guide in GUIDES for block in read_blocks(guide)]
EXAMPLES = [example_of(block) for block in BLOCKS if block.marker]


def of_kind(kind: str) -> list[Example]:
    return [example for example in EXAMPLES if example.kind == kind]


def fields_of(text: str) -> dict:
    return parse(text.splitlines())[0]


def value(fields: dict, key: str) -> str:
    return fields[key].value if key in fields else ""


def plain(text: str) -> str:
    """Text as a reader sees it, for comparing: Markdown's typography (smarty) undone, spaces
    collapsed."""
    for fancy, simple in (("“", '"'), ("”", '"'), ("‘", "'"), ("’", "'"), ("…", "..."), ("–", "--")):
        text = text.replace(fancy, simple)
    return " ".join(text.split())


def shown(node) -> str:
    return plain(node.get_text(" ")) if node is not None else ""


# --- the guides' examples are all marked, and each marker has its block ----------------------


def test_every_example_of_a_file_is_marked_so_that_it_is_tested():
    unmarked = [
        block.where
        for block in BLOCKS
        if (block.text.startswith("---\n") or block.info == "yaml") and not block.marker
    ]
    assert not unmarked, f"mark these with <!-- example: ... --> (see {Path(__file__).name}): {unmarked}"
    for guide in GUIDES:
        markers = sum(bool(MARKER.match(line)) for line in (ROOT / guide).read_text().splitlines())
        assert markers == sum(block.marker != "" for block in BLOCKS if block.guide == guide), (
            f"{guide}: a <!-- example: ... --> line not directly before a ``` block"
        )
    assert {"file", "data", "mistake", "messages", "new"} <= {e.kind for e in EXAMPLES}, EXAMPLES
    for example in EXAMPLES:
        assert example.kind == "messages" or example.path.startswith("content/"), example.block.where


# --- the whole files, built in one fixture site ----------------------------------------------


def whole_files() -> dict:
    """{path: text} of every example file, with the fields that other examples add to it."""
    files = {}
    for example in of_kind("file"):
        assert example.path not in files, f"{example.block.where}: a second example of {example.path}"
        files[example.path] = example.block.text
    for example in of_kind("adds"):
        assert example.path in files, f"{example.block.where}: adds to {example.path}, which no example shows"
        files[example.path] = add_fields(files[example.path], example.block)
    return files


def add_fields(text: str, fragment: Block) -> str:
    """The file with the fragment's fields before its closing '---'; a field the file has
    already (a new slug) takes the place of its old line(s)."""
    added, had = fields_of(fragment.text), fields_of(text)
    for key in set(added) & set(had):
        assert value(added, key) != value(had, key), f"{fragment.where}: the file has '{key}' already"
    if "slug" in set(added) & set(had):  # §11b: a new slug keeps the old address working
        olds = [old.strip().strip("/") for old in value(added, "redirect_from").split(",")]
        assert any(old.endswith(f"/{value(had, 'slug')}") for old in olds), (
            f"{fragment.where}: the new slug's redirect_from does not give the file's old address"
        )
    lines = text.splitlines(keepends=True)
    closing = next(n for n in range(1, len(lines)) if lines[n].strip() == "---")
    starts = sorted(field.line - 1 for field in had.values()) + [closing]  # 0-based, in `lines`
    replaced = {
        n
        for field in had.values()
        if field.key in added
        for n in range(field.line - 1, min(s for s in starts if s >= field.line))
    }
    kept = [line for n, line in enumerate(lines[:closing]) if n not in replaced]
    return "".join(kept + fragment.text.splitlines(keepends=True)[1:-1] + lines[closing:])


COMPANION_VALUES = {
    "date": "2020-01-01",
    "dateline": "Dushanbe",
    "hashtag": '"#Companion"',
    "issue_label": "Companion issue",
    "signatory": "Companion",
    "signatory_role": "Companion",
    "section": "counter-trafficking",
}


def companion(path: str) -> str:
    """A minimal file of the kind `path` is (an English original, an issue), from the content
    model's required fields."""
    parts = Path(path).parts  # content, folder, ...
    ctype = TYPES["page"] if parts[1] == "pages" else type_for(parts[1], Path(path).stem)
    fields = {"title": f"Companion {Path(path).stem}", **COMPANION_VALUES}
    lines = [f"{key}: {fields[key]}" for key in ctype.required]
    return "---\n" + "\n".join(lines) + "\n---\n\nA companion of the guide's example.\n"


def companions(files: dict, data: list = ()) -> dict:
    """What the examples refer to without showing it: the English original of a translation,
    the issue of a story, the page an old address of a data file leads to."""
    english = {translation_group(p.removeprefix("content/")) for p in files if language(p) == "en"}
    found = {path: None for path in redirect_targets(data) if path not in files}
    for path in files:
        if language(path) != "en" and translation_group(path.removeprefix("content/")) not in english:
            found[re.sub(r"\.\w\w\.md$", ".en.md", path)] = None
        folder = Path(path).parent
        if folder.parent.name == "newsletters" and not any(p.startswith(f"{folder}/issue.") for p in files):
            found[f"{folder}/issue.en.md"] = None
    return {path: companion(path) for path in found}


def redirect_targets(data: list) -> list[str]:
    """The content files the old addresses of redirects.yml examples lead to."""
    return [
        f"content/{entry['to']}"
        for example in data
        if Path(example.path).name == "redirects.yml"
        for entry in yaml.safe_load(example.block.text)
        if not entry["to"].startswith("/")
    ]


def language(path: str) -> str:
    return file_language(Path(path).name.removesuffix(".md"))[1]


IMAGE_IN_TEXT = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]+)(?:\s+\"(?P<title>[^\"]*)\")?\)")


def images_referred_to(files: dict, data: list) -> set:
    found = set()
    for text in files.values():
        found |= {match["src"].lstrip("/") for match in IMAGE_IN_TEXT.finditer(text)}
        found |= {fields_of(text)["image"].value} if "image" in fields_of(text) else set()
    for example in data:
        found |= set(re.findall(r"logo: (\S+)", example.block.text))
    return found


def add_images(content: Path, names: set) -> None:
    for name in names:
        path = content / name
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            Image.new("RGB", (640, 480), (40, 90, 140)).save(path, "PNG" if name.endswith(".png") else "JPEG")


DATA_KEYS = {"id", "slug", "from"}  # what names an entry of a data file


def merge_data(path: Path, example: Block) -> None:
    """The example's entries replace those of the same id in the data file, or are added (under
    their key, or in the list the file is: redirects.yml)."""
    given = yaml.safe_load(example.text)
    data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None
    if isinstance(given, list):  # a file that is one list
        data = merged(data or [], given)
    else:
        data = data or {}
        for key, entries in given.items():
            data[key] = merged(data.get(key) or [], entries)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def merged(entries: list, given: list) -> list:
    ids = {entry_id(entry) for entry in given}
    return [entry for entry in entries if entry_id(entry) not in ids] + given


def entry_id(entry: dict) -> str:
    return next(entry[key] for key in DATA_KEYS if key in entry)


def moment_after(files: dict) -> datetime.datetime:
    """A moment after every date of the examples: everything is out, what expires has."""
    moments = [
        parse_date(fields[key].value)
        for fields in map(fields_of, files.values())
        for key in ("date", "expires", "modified")
        if key in fields
    ]
    return max(moments) + datetime.timedelta(days=1)


@dataclass
class Built:
    site: FixtureSite
    files: dict
    now: datetime.datetime
    pages: dict  # {content file: its page, site path}

    def page(self, path: str) -> tuple[BeautifulSoup, str]:
        assert path in self.pages, f"no page was made of {path}: {sorted(self.pages)}"
        page = self.pages[path]
        return BeautifulSoup((self.site.output / page).read_text(encoding="utf-8"), "lxml"), page


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Built:
    site = FixtureSite(tmp_path_factory.mktemp("guide") / "site")
    files = whole_files()
    files.update(companions(files, of_kind("data")))
    for path, text in files.items():
        (site.root / path).parent.mkdir(parents=True, exist_ok=True)
        (site.root / path).write_text(text, encoding="utf-8")
    for example in of_kind("data"):
        merge_data(site.root / example.path, example.block)
    add_images(site.content, images_referred_to(files, of_kind("data")))
    now = moment_after(files)
    result = site.build(env={"SITE_NOW": now.strftime("%Y-%m-%dT%H:%M+05:00")})
    assert result.returncode == 0, result.output
    left = [line for line in result.output.splitlines() if "example text of 'invoke new'" in line]
    assert not left, f"the guide shows files that cannot be published as they are: {left}"
    sources = json.loads((site.output / ".sources.json").read_text(encoding="utf-8"))
    pages = {source: page for page, source in sources.items() if not page.startswith(("_", "."))}
    return Built(site, files, now.replace(tzinfo=None), pages)


def page_checks(page: BeautifulSoup, fields: dict, path: str, built: Built) -> None:
    for key in fields:
        assert key in SHOWN, f"{path}: the test does not know how a page shows '{key}': add it to SHOWN"
        SHOWN[key](page, fields, Context(path, built))


@dataclass
class Context:
    path: str
    built: Built

    @property
    def lang(self) -> str:
        return language(self.path)

    def data(self, name: str) -> Path:
        return self.built.site.content / "data" / name


def title(page, fields, ctx):
    assert shown(page.find("h1")) == plain(value(fields, "title"))


def slug(page, fields, ctx):
    assert ctx.built.pages[ctx.path].endswith(f"/{value(fields, 'slug')}/index.html")


def date(page, fields, ctx):
    moment = parse_date(value(fields, "date"))
    assert page.select_one(".article-meta time")["datetime"].startswith(moment.date().isoformat())


def dateline(page, fields, ctx):
    assert shown(page.select_one("p.dateline")).startswith(f"{value(fields, 'dateline')}, ")


def section(page, fields, ctx):
    sections = {s.slug: s for s in load_sections(ctx.data("sections.yml"))}
    name = sections[value(fields, "section")].name(ctx.lang)
    assert name in [shown(a) for a in page.select(".article-meta a")], name


def tags(page, fields, ctx):
    links = [shown(a) for a in page.select(".article-meta a")]
    for tag in value(fields, "tags").split(","):
        assert tag.strip() in links, (tag, links)


def donors(page, fields, ctx):
    known = load_donors(ctx.data("donors.yml"), "donors.yml")
    credits = shown(page.select_one(".donor-credits"))
    for donor in re.split(r"[,\n]", value(fields, "donors")):
        assert known[donor.strip()].name(ctx.lang) in credits, (donor, credits)


def summary(page, fields, ctx):
    description = plain(page.find("meta", attrs={"name": "description"})["content"])
    assert plain(value(fields, "summary")).startswith(description.removesuffix("…"))


def contact(page, fields, ctx):
    address = shown(page.select_one("section.contact address"))
    for key in ("contact_name", "contact_phone", "contact_fax", "contact_email", "contact_website"):
        assert plain(value(fields, key)) in address, (key, address)
    for part in value(fields, "contact_address").split(";"):
        assert plain(part) in address, (part, address)


def one(selector: str, key: str):
    def check(page, fields, ctx):
        assert shown(page.select_one(selector)) == plain(value(fields, key)), (selector, key)

    return check


def cells(row: str) -> list[str]:
    """The three parts of a figure or an event (the last may be left out)."""
    return ([plain(cell) for cell in row.split("|")] + ["", ""])[:3]


def hashtag(page, fields, ctx):
    """On a line of its own under the title, or in the tagline that says it (not twice)."""
    tag = plain(value(fields, "hashtag"))
    own_line = page.select_one("p.hero__hashtag")
    if tag in shown(page.select_one("p.hero__tagline")):
        assert own_line is None
    else:
        assert shown(own_line) == tag


def figures(page, fields, ctx):
    items = page.select("section.figures li")
    assert len(items) == len(fields["figures"].values)
    for item, row in zip(items, fields["figures"].values):
        number, what, when = cells(row)
        assert shown(item.strong) == number and shown(item.find("span")) == what, (row, item)
        assert shown(item.select_one(".figures__when")) == when, (row, item)


def events(page, fields, ctx):
    items = page.select("section.events li")
    assert len(items) == len(fields["events"].values)
    for item, row in zip(items, fields["events"].values):
        when, what, where = cells(row)
        assert item.time["datetime"] == when and what in shown(item), (row, item)
        assert not where or shown(item).endswith(f"{what}, {where}"), (row, item)


def expired(fields, ctx) -> bool:
    return "expires" in fields and parse_date(value(fields, "expires")) <= ctx.built.now


def call_to_action(page, fields, ctx):
    shown_call = page.select_one("p.call-to-action")
    if expired(fields, ctx):
        assert shown_call is None, "an ended campaign's call to action disappears"
    else:
        assert shown(shown_call) == plain(value(fields, "call_to_action"))


def expires(page, fields, ctx):
    assert (page.select_one(".notice--past") is not None) == expired(fields, ctx)


def image(page, fields, ctx):
    picture = page.select_one("figure.lead-figure img")
    assert Path(value(fields, "image")).stem in picture["src"], picture
    assert picture["alt"] == value(fields, "image_alt")


def moved(built: Built, old: str, new: str) -> None:
    """The old address leads to `new` (a site address): a redirect page at the old path (for
    hosts that serve files) and a line in _redirects with and without the final '/'."""
    path = unquote(old).strip("/")
    page_file = built.site.output / path / "index.html"
    assert page_file.is_file(), f"no redirect page for the old address {old}"
    page = BeautifulSoup(page_file.read_text(encoding="utf-8"), "lxml")
    refresh = page.find("meta", attrs={"http-equiv": "refresh"})
    assert refresh is not None and refresh["content"].replace(" ", "") == f"0;url={new}", (old, refresh)
    canonical = page.find("link", rel="canonical")
    assert canonical is not None and urlsplit(canonical["href"]).path == new, (old, canonical)
    rules = (built.site.output / "_redirects").read_text(encoding="utf-8").splitlines()
    rules = {tuple(line.split()[:2]) for line in rules if not line.startswith("#")}
    for form in (old.rstrip("/"), old.rstrip("/") + "/"):
        assert (form, new) in rules, f"_redirects does not lead {form} to {new}"


def address(built: Built, path: str) -> str:
    return "/" + built.page(path)[1].removesuffix("index.html")


def redirect_from(page, fields, ctx):
    for old in value(fields, "redirect_from").split(","):  # several are separated by commas
        moved(ctx.built, old.strip(), address(ctx.built, ctx.path))


def signatory(page, fields, ctx):
    signature = page.select_one("p.signature")
    assert shown(signature).startswith(value(fields, "signatory"))
    assert shown(signature.span) == plain(value(fields, "signatory_role"))


def translated_from(page, fields, ctx):
    """The guide's translation is of the English as the guide shows it: no "outdated" notice."""
    assert page.find(attrs={"data-translation": "outdated"}) is None, ctx


SHOWN = {
    "title": title,
    "slug": slug,
    "redirect_from": redirect_from,
    "date": date,
    "dateline": dateline,
    "reference": one("p.reference", "reference"),
    "section": section,
    "tags": tags,
    "donors": donors,
    "summary": summary,
    **dict.fromkeys(
        (
            "contact_name",
            "contact_address",
            "contact_phone",
            "contact_fax",
            "contact_email",
            "contact_website",
        ),
        contact,
    ),
    "hashtag": hashtag,
    "tagline": one("p.hero__tagline", "tagline"),
    "figures": figures,
    "events": events,
    "quote": one("figure.quote blockquote", "quote"),
    "quote_by": one("figure.quote figcaption", "quote_by"),
    "call_to_action": call_to_action,
    "expires": expires,
    "image": image,
    "image_alt": image,
    "image_caption": one("figure.lead-figure figcaption", "image_caption"),
    "issue_label": lambda page, fields, ctx: (
        value(fields, "issue_label") in shown(page.select_one(".kicker"))
    ),
    "signatory": signatory,
    "signatory_role": signatory,
    "about": one("#about-title + p", "about"),
    "supporters": one("#supporters-title + p", "supporters"),
    "follow_us": one("#follow-title + p", "follow_us"),
    "credits": one("p.credits", "credits"),
    "translated_from": translated_from,
}


def body_checks(page: BeautifulSoup, body: str) -> None:
    """Each paragraph of the text is on the page; an image with its alt text, and the line
    in italics under it as its caption."""
    prose = page.select_one(".prose")
    for paragraph in (p.strip() for p in body.split("\n\n") if p.strip()):
        picture = IMAGE_IN_TEXT.match(paragraph)
        if not picture:
            assert plain(paragraph) in shown(prose), paragraph
            continue
        img = prose.find("img", alt=picture["alt"])
        assert img is not None, paragraph
        under = paragraph.splitlines()[1:]
        if under and under[0].startswith("*"):
            assert shown(img.find_parent("figure").figcaption) == plain(under[0].strip("*")), paragraph
        elif under:
            assert plain(" ".join(under)) in shown(prose), paragraph
        elif picture["title"]:
            assert shown(img.find_parent("figure").figcaption) == plain(picture["title"]), paragraph


EXAMPLE_FILES = sorted(example.path for example in of_kind("file"))


@pytest.mark.parametrize("path", EXAMPLE_FILES)
def test_each_example_file_is_built_into_a_page_showing_its_fields(built, path):
    lines = built.files[path].splitlines()
    fields, body_start = parse(lines)
    page, address = built.page(path)
    page_checks(page, fields, path, built)
    body_checks(page, "\n".join(lines[body_start - 1 :]))
    if language(path) != "en":  # linked to its English original by the file name
        original = built.pages[re.sub(r"\.\w\w\.md$", ".en.md", path)].removesuffix("index.html")
        switcher = page.select_one("nav.lang-switcher a[hreflang=en]")
        assert switcher["href"] == f"/{original}", (address, switcher)


def test_each_data_example_shows_on_the_site(built):
    for example in of_kind("data"):
        name = Path(example.path).name
        assert name in DATA_SHOWN, f"{example.block.where}: the test does not know how {name} shows"
        DATA_SHOWN[name](built, yaml.safe_load(example.block.text))


def donors_shown(built: Built, given: dict) -> None:
    """Each donor under every year of the publications that name it, in each language; an
    agency under its government where the same publications name both."""
    known = load_donors(built.site.content / "data" / "donors.yml", "donors.yml")
    for entry in given["donors"]:
        donor = known[entry["id"]]
        for lang in ("en", "ru", "tg"):
            prefix = "" if lang == "en" else f"{lang}/"
            page = BeautifulSoup((built.site.output / f"{prefix}donors/index.html").read_text(), "lxml")
            for label in donor.publication_years:
                section = page.find("section", attrs={"aria-labelledby": f"named-{label}"})
                items = [li for li in section.find_all("li") if shown(li).startswith(donor.name(lang))]
                assert items, (lang, entry["id"], label)
                parent = known.get(entry.get("part_of") or "")
                if parent and label in parent.publication_years:
                    assert shown(items[0].find_parent("li")).startswith(parent.name(lang)), (lang, label)
                if entry.get("logo"):
                    assert items[0].find("img", alt=donor.name(lang)) is not None, (lang, "logo")


def hotlines_shown(built: Built, given: dict) -> None:
    data = built.site.content / "data"
    sections = {s.slug for s in load_sections(data / "sections.yml")}
    known = {
        h.id: h
        for h in load_hotlines(data / "hotlines.yml", "hotlines.yml", sections, set(ARTICLE_CATEGORIES))
    }
    for entry in given["hotlines"]:
        hotline = known[entry["id"]]
        sections = entry["banner"]["show_on"].get("sections") or []
        pages = [path for path, text in built.files.items() if value(fields_of(text), "section") in sections]
        assert pages, f"no example is in the sections of hotline {entry['id']}"
        for path in pages:
            page, address = built.page(path)
            heading = page.select_one(f"#hotline-{entry['id']}")
            assert heading, f"no banner of hotline {entry['id']} on {address} at {built.now} (confirmed?)"
            banner = heading.parent
            assert shown(heading) == hotline.name(language(path)), address
            number = banner.select_one("a.hotline__number")
            assert shown(number) == entry["number"] and number["href"] == f"tel:{hotline.e164}", address


def redirects_shown(built: Built, given: list) -> None:
    for entry in given:
        target = entry["to"]
        moved(built, entry["from"], target if target.startswith("/") else address(built, f"content/{target}"))


DATA_SHOWN = {"donors.yml": donors_shown, "hotlines.yml": hotlines_shown, "redirects.yml": redirects_shown}


# --- the mistakes shown on purpose -----------------------------------------------------------


def test_the_mistakes_shown_are_refused_with_the_messages_shown(tmp_path):
    site = FixtureSite(tmp_path / "site")
    mistakes = {example.path: example.block.text for example in of_kind("mistake")}
    assert len(mistakes) == len(of_kind("mistake")), "two mistakes in one file"
    for path, text in {**mistakes, **companions(mistakes)}.items():
        (site.root / path).parent.mkdir(parents=True, exist_ok=True)
        (site.root / path).write_text(text, encoding="utf-8")
    proc = run_module("iomsite.tools.check_content", site.settings, cwd=site.root, timeout=120)
    assert proc.returncode == 1 and "Traceback" not in proc.stdout + proc.stderr, proc.stdout + proc.stderr
    printed = sorted(line for line in proc.stdout.splitlines() if line.startswith("content/"))
    shown_lines = sorted(line for example in of_kind("messages") for line in example.block.text.splitlines())
    assert printed == shown_lines


# --- the commands ----------------------------------------------------------------------------


def commands() -> list[tuple[Block, list]]:
    return [
        (block, shlex.split(line)[2:])
        for block in BLOCKS
        if block.info == "sh"
        for line in block.text.splitlines()
        if line.startswith("invoke new ")
    ]


def test_each_invoke_new_command_writes_what_the_guide_shows(tmp_path):
    from iomsite.tools.scaffold import new_content

    content = tmp_path / "content"
    examples = {value(fields_of(e.block.text), "title"): e for e in of_kind("file")}
    written = {e.path: e.block.text for e in of_kind("new")}
    assert commands()
    for block, words in commands():
        kind, title, options = words[0], words[1], dict(zip(words[2::2], words[3::2]))
        example = examples.get(title)
        assert example, f"{block.where}: no example shows the file of `invoke new {kind} {title!r}`"
        day = datetime.date.fromisoformat(value(fields_of(example.block.text), "date")[:10])
        path = new_content(
            kind,
            title,
            lang=options.get("--lang", "en"),
            translation_of=options.get("--translation-of", ""),
            issue=options.get("--issue", ""),
            content_dir=content,
            date=day,
        )
        made = path.relative_to(tmp_path).as_posix()
        assert made == example.path, (block.where, made)
        text = path.read_text(encoding="utf-8")
        if made in written:
            assert text == written[made], f"the guide shows {made} as invoke new writes it"
        fields, shown_fields = fields_of(text), fields_of(example.block.text)
        assert set(fields) <= set(shown_fields), (
            f"{example.block.where}: lacks {set(fields) - set(shown_fields)}"
        )
        assert value(fields, "slug") == value(shown_fields, "slug"), example.block.where


# --- §12, every field -------------------------------------------------------------------------


TABLE_KINDS = {
    "Fields for every kind": None,
    "Press releases": "press",
    "Campaigns": "campaigns",
    "Newsletter issues": "newsletter-issue",
    "Newsletter stories": "newsletter-story",
}


def field_tables() -> list[tuple[str | None, list]]:
    """(content type or None for every kind, rows as [fields cell, meaning, example]) of §12."""
    text = (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
    part = text.split("\n## 12.", 1)[1].split("\n## ", 1)[0]
    tables = []
    for chunk in part.split("\n### ")[1:]:
        heading = chunk.splitlines()[0]
        kind = next((k for prefix, k in TABLE_KINDS.items() if heading.startswith(prefix)), "unknown")
        assert kind != "unknown", f"§12: a table the test does not know: {heading}"
        rows = [
            [cell.strip().replace("\\|", "|") for cell in re.split(r"(?<!\\)\|", line)[1:-1]]
            for line in chunk.splitlines()
            if line.startswith("| `")
        ]
        tables.append((kind, rows))
    return tables


def test_the_field_tables_name_the_model_fields_and_their_examples_read_as_shown():
    required_somewhere = set()
    for kind, rows in field_tables():
        allowed = set(COMMON_OPTIONAL) | {"title", "date"} if kind is None else allowed_fields(TYPES[kind])
        for names, meaning, examples in rows:
            for name in re.findall(r"`(\w+)`", names):
                assert name in allowed, f"§12: '{name}' is not a field of {kind or 'every kind'}"
                if meaning.startswith("**required**"):
                    types = [TYPES[kind]] if kind else [t for t in TYPES.values() if t.name != "page"]
                    assert all(name in t.required for t in types), f"§12: '{name}' is not required"
                    required_somewhere |= {(t.name, name) for t in types}
            for example in re.findall(r"`(\w+: [^`]+)`", examples):
                key, _, written = example.partition(": ")
                expected = json.loads(written) if written.startswith('"') else written
                try:
                    read = fields_of(f"---\n{example}\n---\n")[key].value
                except FrontMatterError as exc:
                    pytest.fail(f"§12: `{example}` cannot be read: {exc}")
                assert read == expected, f"§12: `{example}` is read as {read!r}"
    missing = {(t.name, name) for t in TYPES.values() for name in t.required} - required_somewhere
    assert missing <= {("page", "title")}, f"§12 does not mark these required: {missing}"
