"""The browser editor's configuration (Decap CMS `config.yml`), made from the content model
(`core/model.py`: languages, content types, fields) and the sections and
donors data files, never written by hand: a field added to the model appears in the form.

    python -m iomsite.tools.editor.config   # prints it

Collections: one per kind of content (press releases, news, campaigns, pages, and for each
newsletter issue the issue and its stories), each item in three languages side by side, saved
as x.en.md, x.ru.md and x.tg.md in one folder (how the site links translations). Sections and
funders are choices read from their data files when the editor starts. Bodies are edited as
Markdown text ("raw"), so that saving writes back exactly what a writer typed, and figures and
captions keep their syntax.

The form shows a writer's fields first (WRITERS_FIRST: title, summary, text, photo), then the
rest in the model's order; the files keep the model's order (backend.mjs puts the fields
back in it). Fields for developers and the migration (NOT_SHOWN) stay in the files and out of
the form. Dates are entered as the office writes them (DD.MM.YYYY HH:mm, 24 h; a new item's
date is now in Dushanbe) with admin.js's `moment` widget, and written as the files have them
(2006-02-15 10:30). What the model requires is required in the form, and the form also
requires what a type's page needs to be complete (FORM_REQUIRED: a press release's section
and press contact); formats, lengths and the known sections and donors are the form's rules
too. A translation has a tick box, "This translation matches the current English"
(CONFIRM_FIELD): ticked, the backend writes `translated_from:` with the English's digest
(core/ledger.py); the box itself is never written.

The data files (funders, hotlines, sections) are forms too, with the fields their loaders
declare (`EDITOR_FORM`, core/datafiles/form.py); the backend keeps each file's leading
comment and field order when Decap saves it (datafile.mjs).
"""

import re
from pathlib import Path

from iomsite.core import model
from iomsite.core.frontmatter import FrontMatterError, read_front_matter
from iomsite.core.model import (
    EMAIL_PATTERN,
    FIELDS,
    HASHTAG_PATTERN,
    TYPES,
    ContentType,
    fields_of,
)

ROOT = Path(__file__).resolve().parents[2]
MEDIA_FOLDER = "content/images"
EDITOR_NAME = "IOM Tajikistan · website editor"

# The form's order: what a writer writes first, then the photo, then the rest (model order).
WRITERS_FIRST = ("title", "summary", "body", "image", "image_alt", "image_caption")
# Kept in the files, never shown: for developers (source documents, old addresses, the old
# site's numbers) and the ledger's record, which only the backend writes.
NOT_SHOWN = ("source", "redirect_from", "joomla_id", "translated_from")
# What a type's page needs besides the model's required fields, required in the form.
FORM_REQUIRED = {"press": ("section", "contact_name", "contact_phone")}
CONFIRM_FIELD = "translation_current"
# How the choices of a `choice` field read in the form
CHOICE_LABELS = {
    "date_precision": {"day": "the day", "month": "the month only", "year": "the year only"},
    "date_of": {"publication": "its publication", "event": "the event it reports"},
}
MOMENT = r"^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}( ?[+-]\d{4})?|T\d{2}:\d{2}[+-]\d{4})?$"

VERSIONS = {"translated": True, "shared": "duplicate", "english": False}
# Widgets of the kinds the content model's fields and the data files' fields share
SIMPLE_WIDGETS = {
    "text": {"widget": "string"},
    "long": {"widget": "text"},
    "number": {"widget": "number", "value_type": "int"},
    "hashtag": {
        "widget": "string",
        "pattern": [f"^{HASHTAG_PATTERN}$", "# and one word, e.g. #EndHumanTrafficking"],
    },
    "email": {"widget": "string", "pattern": [f"^{EMAIL_PATTERN}$", "One e-mail address, e.g. name@iom.int"]},
    "image": {"widget": "image", "choose_url": False},
}


def data_choices(content_dir: Path, settings: dict) -> dict:
    """The sections and the funders, read by their plugins' own loaders, as the editor's
    choices."""
    from iomsite.core.sections import load_sections, sections_file
    from iomsite.plugins.donors.data import donors_file, load_donors

    sections = load_sections(content_dir / sections_file(settings))
    donors = load_donors(content_dir / donors_file(settings), f"content/{donors_file(settings)}")
    return {
        "section": [{"label": s.name("en"), "value": s.slug} for s in sections],
        "donors": [{"label": d.name("en"), "value": d.id} for d in donors.values() if d.funds],
        "languages": [{"label": model.LANGUAGE_NAMES[lang], "value": lang} for lang in model.LANGUAGES],
        "categories": [{"label": category, "value": category} for category in model.ARTICLE_CATEGORIES],
    }


def widget(name: str, required: bool, choices: dict) -> dict:
    spec = FIELDS[name]
    field = {"label": spec.label, "name": name, "required": required, "i18n": VERSIONS[spec.versions]}
    if spec.hint:
        field["hint"] = spec.hint
    if name in NOT_SHOWN or spec.kind == "digest":
        field.update(widget="hidden")
        field.pop("hint", None)
    elif spec.kind in SIMPLE_WIDGETS:
        field.update(SIMPLE_WIDGETS[spec.kind])
        if spec.kind == "number" and spec.minimum is not None:
            field["min"] = spec.minimum
        if spec.max_length:
            field["pattern"] = [
                f"^[\\s\\S]{{0,{spec.max_length}}}$",
                f"At most {spec.max_length} characters",
            ]
    elif spec.kind == "moment":
        # admin.js: shown and typed as 15.02.2006 10:30 (Dushanbe time), written 2006-02-15 10:30
        field.update(
            widget="moment", pattern=[MOMENT, "Write the date as DD.MM.YYYY HH:mm, e.g. 15.02.2006 10:30"]
        )
        if name == "date":
            field["default"] = ""  # a new item's: now in Dushanbe (admin.js)
    elif spec.kind == "choice":
        labels = CHOICE_LABELS.get(name, {})
        field.update(widget="select", options=[{"label": labels.get(c, c), "value": c} for c in spec.choices])
    elif spec.kind == "section":
        field.update(widget="select", options=choices["section"])
    elif spec.kind == "donors":
        field.update(widget="select", multiple=True, options=choices["donors"])
    elif spec.kind == "rows":
        field.update(widget="list", field={"label": spec.label, "name": "row", "widget": "string"})
    elif spec.kind == "address":
        field.update(
            widget="string",
            pattern=["^[a-z0-9]+(-[a-z0-9]+)*$", "Use lower-case latin letters, digits and hyphens only"],
        )
    else:
        raise ValueError(f"no editor widget for the kind '{spec.kind}' of field '{name}'")
    return field


def fields_for(ctype: ContentType, choices: dict) -> list[dict]:
    """The form: a writer's fields first, then the rest in the model's order, then (for the
    translations) the tick box that records the English they match."""
    required = set(ctype.required) | set(FORM_REQUIRED.get(ctype.folder, ()))
    names = fields_of(ctype) + ["body"]
    order = [n for n in WRITERS_FIRST if n in names] + [n for n in names if n not in WRITERS_FIRST]
    fields = []
    for name in order:
        if name == "body":
            fields.append(
                {
                    "label": "Text",
                    "name": "body",
                    "widget": "markdown",
                    "modes": ["raw"],
                    "i18n": True,
                    "hint": "Paragraphs separated by an empty line; ## before a subheading.",
                }
            )
        else:
            fields.append(widget(name, name in required, choices))
    if "translated_from" in names:
        fields.append(
            {
                "label": "This translation matches the current English",
                "name": CONFIRM_FIELD,
                "widget": "boolean",
                "required": False,
                "i18n": True,
                "default": False,
                "hint": "For a translator, in the Russian or Tajik version: tick it once you have "
                "checked this translation against the English as it is now. Saving records that "
                "English version; later changes to the English then mark it as outdated.",
            }
        )
    return fields


# The model's {year}, {month} and {day} are the item's own date. Decap's {{year}} etc. are the
# moment of the first save in UTC (its date field is not inferred from our `moment` widget),
# so an item written between midnight and 5 a.m. in Dushanbe was named with the day before.
# The date field is stored as written in Dushanbe time ("2026-12-04 00:05"), which Decap's
# date filter reads and prints unchanged in any browser's zone.
DATE_PARTS = {"year": "YYYY", "month": "MM", "day": "DD"}


def decap_name(pattern: str) -> str:
    """A file-name pattern of the model ('{year}-{slug}') as Decap writes one
    ("{{fields.date | date('YYYY')}}-{{slug}}")."""

    def placeholder(match: re.Match) -> str:
        part = DATE_PARTS.get(match[1])
        return f"{{{{fields.date | date('{part}')}}}}" if part else f"{{{{{match[1]}}}}}"

    return re.sub(r"\{(\w+)\}", placeholder, pattern)


def folder_kinds() -> list[ContentType]:
    """The content types kept in a folder of their own, a collection each, in the model's order
    (the newsletter's two are in each issue's folder: issue_collections)."""
    return [t for t in TYPES.values() if t.folder != TYPES["newsletter-issue"].folder]


def collection(name: str, label: str, ctype: ContentType, folder: str, slug: str, choices: dict) -> dict:
    return {
        "name": name,
        "label": label,
        "label_singular": ctype.label.capitalize(),
        "folder": f"content/{folder}",
        "create": True,
        "extension": "md",
        "format": "frontmatter",
        "slug": slug,
        "identifier_field": "title",
        "summary": "{{title}}" if ctype.folder == "pages" else "{{date | date('DD.MM.YYYY')}} · {{title}}",
        "sortable_fields": ["date", "title"] if "date" in ctype.required else ["title"],
        "i18n": True,
        "media_folder": f"/{MEDIA_FOLDER}",
        "public_folder": "images",  # the lead photo is written as images/<name>
        "fields": fields_for(ctype, choices),
    }


def issue_collections(content_dir: Path, choices: dict) -> list[dict]:
    """Each newsletter issue (content/newsletters/<folder>/issue.<lang>.md) as a form, in a
    collection of its own, and its stories in another; a new issue, a folder, is made with
    `invoke new issue`. Decap allows languages in separate files only in folder collections,
    and tells entries of a folder apart only by a field's value (decap-cms-core's
    backend.filterEntries): the issue is the entry whose `issue_label` is its label, the
    stories those without an `issue_label`."""
    ctype = TYPES["newsletter-issue"]
    found = []
    for issue in sorted((content_dir / ctype.folder).glob(f"*/{ctype.file_name}.en.md")):
        try:
            label = read_front_matter(issue)[0]["issue_label"].value
        except (FrontMatterError, KeyError):
            continue  # the content check reports it
        folder = issue.parent.name
        kind = collection(
            f"issue-{folder}",
            f"Newsletter {folder}",
            ctype,
            f"{ctype.folder}/{folder}",
            decap_name(ctype.file_name),
            choices,
        )
        kind.update(create=False, summary="{{title}}", filter={"field": "issue_label", "value": label})
        stories = collection(
            f"stories-{folder}",
            f"Newsletter {folder}: stories",
            TYPES["newsletter-story"],
            f"{ctype.folder}/{folder}",
            decap_name(TYPES["newsletter-story"].file_name),
            choices,
        )
        # a filter without a value keeps the entries that have no such field: the stories
        stories.update(summary="{{section}} · {{title}}", filter={"field": "issue_label"})
        found += [kind, stories]
    return found


def editor_config(
    backend_url: str,
    content_dir: Path = ROOT / "content",
    settings: dict | None = None,
    site_url: str = "",
    ui: str = "en",
) -> dict:
    settings = settings or {}
    choices = data_choices(content_dir, settings)
    return {
        "backend": {"name": "git-gateway", "branch": "main"},  # only the local backend is used
        "local_backend": {"url": backend_url},
        "site_url": site_url,
        "display_url": site_url,
        "logo_url": "/admin/logo.svg",  # the mission's name on the login screen
        "show_preview_links": False,  # the preview is the pane (no deployed preview to check for)
        "locale": ui,
        "media_folder": MEDIA_FOLDER,
        "public_folder": "images",  # the lead photo is written as images/<name>
        "i18n": {
            "structure": "multiple_files",
            "locales": list(model.LANGUAGES),
            "default_locale": model.DEFAULT_LANGUAGE,
        },
        "collections": [
            collection(
                ctype.folder,
                ctype.plural or ctype.folder.capitalize(),  # pages: "Pages"
                ctype,
                ctype.folder,
                decap_name(ctype.file_name),
                choices,
            )
            for ctype in folder_kinds()
        ]
        + issue_collections(content_dir, choices)
        + [data_collection(settings, choices)],
    }


def data_widget(spec, choices: dict) -> dict:
    """A Decap widget for a data file's field (core/datafiles/form.py)."""
    field = {"label": spec.label, "name": spec.name, "required": spec.required}
    if spec.hint:
        field["hint"] = spec.hint
    options = (
        choices.get(spec.choices, [])
        if isinstance(spec.choices, str)
        else [{"label": label, "value": value} for value, label in spec.choices]
    )
    if spec.kind in SIMPLE_WIDGETS:
        field.update(SIMPLE_WIDGETS[spec.kind])
    elif spec.kind == "date":
        field.update(widget="datetime", format="YYYY-MM-DD", date_format="YYYY-MM-DD", time_format=False)
    elif spec.kind in ("choice", "choices"):
        field.update(widget="select", options=options, multiple=spec.kind == "choices")
    elif spec.kind == "years":
        field.update(
            widget="list", field={"label": "Year", "name": "year", "widget": "number", "value_type": "int"}
        )
    elif spec.kind == "words":
        field.update(widget="list", field={"label": spec.label, "name": "word", "widget": "string"})
    elif spec.kind == "per_language":
        field.update(
            widget="object",
            collapsed=False,
            fields=[
                {
                    "label": model.LANGUAGE_NAMES[lang],
                    "name": lang,
                    "widget": "string",
                    "required": spec.required and lang == model.DEFAULT_LANGUAGE,
                }
                for lang in model.LANGUAGES
            ],
        )
    elif spec.kind == "yes_no":
        field.update(widget="boolean", default=False)
    elif spec.kind == "group":
        field.update(widget="object", fields=[data_widget(inner, choices) for inner in spec.fields])
    return field


def data_collection(settings: dict, choices: dict) -> dict:
    """The data files writers edit (funders, hotlines, sections, the glossary), each a form with its list."""
    from iomsite.core import sections
    from iomsite.plugins.donors import data as donors
    from iomsite.plugins.hotlines import data as hotlines
    from iomsite.plugins.multilang import glossary

    files = []
    for form, name in (
        (donors.EDITOR_FORM, donors.donors_file(settings)),
        (hotlines.EDITOR_FORM, hotlines.hotlines_file(settings)),
        (sections.EDITOR_FORM, sections.sections_file(settings)),
        (glossary.EDITOR_FORM, glossary.glossary_file(settings)),
    ):
        items = {
            "label": form.label,
            "name": form.key,
            "widget": "list",
            "label_singular": form.item,
            "summary": form.summary,
            "collapsed": True,
            "fields": [data_widget(spec, choices) for spec in form.fields],
        }
        files.append({"label": form.label, "name": form.key, "file": f"content/{name}", "fields": [items]})
    return {
        "name": "data",
        "label": "Lists: funders, hotlines, sections, glossary",
        "format": "yml",
        "extension": "yml",
        "editor": {"preview": False},
        "files": files,
    }


if __name__ == "__main__":
    import yaml

    print(yaml.safe_dump(editor_config("http://127.0.0.1:8081/api/v1"), sort_keys=False, allow_unicode=True))
