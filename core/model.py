"""The content model: the site's languages, the kinds of content with their folders, templates,
front matter, labels (translated by the theme), new files' names and schema.org types, and the
content types' folders as Pelican categories. A site may declare a type of its own in its
settings (`with_type`).

This is the one place that defines them (`iomsite.core.model`); pelicanconf.py, every plugin,
the tools and the templates (through the globals the content_types plugin gives them) read it
from here. Sections are data that writers edit: content/data/sections.yml (core/sections.py).
"""

import re
from dataclasses import dataclass, field


def N_(message: str) -> str:
    """Marks an interface string written here (a type's labels) for Babel, which extracts this
    file into i18n/messages.pot (i18n/babel.cfg); the theme translates it when it shows it."""
    return message


def Nn_(singular: str, plural: str) -> tuple:
    """The same for a phrase with a number: its singular and plural (keyword Nn_:1,2)."""
    return (singular, plural)


@dataclass(frozen=True)
class Language:
    code: str
    name: str  # in the language itself, for the language switcher
    babel_locale: str  # for numbers and dates (dates.py in multilang)
    og_locale: str  # Open Graph's og:locale
    english_name: str  # in messages to writers: "NAME.tg.md (Tajik)"
    # On a list, the items that exist only in this language (translated by the theme).
    only_in: tuple = ()
    # How a date is written at each precision (day, month, year): Babel's patterns, or "long"
    # for CLDR's own; `month_names` replace CLDR's month (MMMM, LLLL) where the site writes
    # its months otherwise.
    date_patterns: tuple = ("long", "LLLL y", "y")
    month_names: tuple = ()
    # The default share image's three lines (tools/share_images.py): the office's name as the
    # site gives it in this language, and two lines under it.
    share_image: tuple = ()


NBSP = "\u00a0"
SITE_LANGUAGES = (
    Language(
        "en",
        "English",
        "en_GB",  # "15 February 2006"
        "en_GB",
        "English",
        Nn_("%(num)s item is available only in English:", "%(num)s items are available only in English:"),
        date_patterns=("d MMMM y", "MMMM y", "y"),
        share_image=(
            "IOM Tajikistan",
            "International Organization for Migration",
            "Mission in Tajikistan · UN Migration",
        ),
    ),
    Language(
        "ru",
        "Русский",
        "ru",
        "ru_RU",
        "Russian",
        Nn_("%(num)s item is available only in Russian:", "%(num)s items are available only in Russian:"),
        # The year carries "г." whatever the precision: "15 февраля 2006 г.", "июнь 2012 г.".
        date_patterns=(f"d MMMM y{NBSP}'г.'", f"LLLL y{NBSP}'г.'", f"y{NBSP}'г.'"),
        share_image=(
            "МОМ Таджикистан",
            "Международная организация по миграции",
            "Миссия в Таджикистане · Агентство ООН по миграции",
        ),
    ),
    Language(
        "tg",
        "Тоҷикӣ",
        "tg",
        "tg_TJ",
        "Tajik",
        Nn_("%(num)s item is available only in Tajik:", "%(num)s items are available only in Tajik:"),
        # CLDR gives "15 Феврал 2006"; Tajik writes the month in lower case, joined to the
        # year by the izofat, as the site's own text does: "15 феврали соли 2006".
        date_patterns=("d MMMM 'соли' y", "MMMM 'соли' y", "'соли' y"),
        month_names=(
            "январи",
            "феврали",
            "марти",
            "апрели",
            "майи",
            "июни",
            "июли",
            "августи",
            "сентябри",
            "октябри",
            "ноябри",
            "декабри",
        ),  # fmt: skip
        share_image=(
            "СБМ Тоҷикистон",
            "Созмони байналмилалии муҳоҷират",
            "Намояндагӣ дар Тоҷикистон · Агентии СММ оид ба муҳоҷират",
        ),
    ),
)
LANGUAGES = tuple(language.code for language in SITE_LANGUAGES)  # the default language first
DEFAULT_LANGUAGE = LANGUAGES[0]
TRANSLATED_LANGUAGES = LANGUAGES[1:]
LANGUAGE_NAMES = {language.code: language.name for language in SITE_LANGUAGES}
TIME_ZONE = "Asia/Dushanbe"  # the office's: dates and moments writers write are its time


def language(code: str) -> Language | None:
    """The site language of that code."""
    return next((item for item in SITE_LANGUAGES if item.code == code), None)


def languages_listed(last: str = "or", each: str = "{}") -> str:
    """The language codes as a message names them: 'en, ru or tg' (each written as `each`)."""
    codes = [each.format(code) for code in LANGUAGES]
    return f"{', '.join(codes[:-1])} {last} {codes[-1]}" if len(codes) > 1 else codes[0]


# Articles live in one top folder per content type, which Pelican takes as their category; in
# the order of the site's menu. Pages (about, ...) are in PAGE_FOLDERS.
ARTICLE_CATEGORIES = ("press", "news", "newsletters", "campaigns")
PAGE_FOLDERS = ("pages",)
# Addresses the site makes itself at the top of each language: a page (at /<slug>/) may not
# take one (plugins/listings, feeds, donors, search, images, assets, Pagefind).
RESERVED_PAGE_SLUGS = frozenset(
    ARTICLE_CATEGORIES
    + LANGUAGES
    + (
        "sections",
        "tags",
        "archives",
        "contact",
        "donors",
        "search",
        "subscribe",
        "sources",
        "feeds",
        "media",
        "theme",
        "pagefind",
    )
)
DATE_PRECISIONS = ("day", "month", "year")
# What an item's `date` is: the day it was published (the default), or the day of the event it
# reports when its source gives that and no publication date (shown as "Event date", and no
# machine-readable publication date is made of it: plugins/sharing, plugins/feeds).
DATE_KINDS = ("publication", "event")
# How a moment (`date`, `modified`) may be written: a day, optionally with a time and an
# offset from UTC. Each form is one Pelican's date reader reads as the same moment.
MOMENT_FORMATS = ("%Y-%m-%d", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M%z", "%Y-%m-%dT%H:%M%z", "%Y-%m-%d %H:%M %z")
# A web address part (`slug`): lower-case latin letters and digits, words joined by hyphens.
SLUG_PATTERN = r"[a-z0-9]+(?:-[a-z0-9]+)*"


@dataclass(frozen=True)
class ContentType:
    name: str  # value of `type` set on the content
    folder: str  # top folder under content/ (= Pelican category)
    template: str  # theme template used to render it
    label: str  # plain-language name used in messages
    required: tuple = ("title", "date")
    optional: tuple = field(default=())
    # Its names on the site, in English, translated through gettext (N_ above): one item
    # ("Press release"), its list (the menu, the list's heading, its feed: "Press releases";
    # empty for a type that is not a list of its own) and the link to that list.
    singular: str = ""
    plural: str = ""
    all_items: str = ""
    # A new file's name, without language and '.md' (`invoke new`, the browser editor).
    file_name: str = "{year}-{month}-{day}-{slug}"
    schema_type: str = ""  # its schema.org type in the page's JSON-LD (plugins/sharing), if any
    news: bool = False  # news: on the home page's latest items and among related items
    command: str = ""  # its word for `invoke new` ("invoke new campaign ..."); none: not made so


COMMON_OPTIONAL = (
    "slug",
    "summary",
    "tags",
    "section",
    "donors",
    "image",
    "image_alt",
    "image_caption",
    "modified",
    "status",
    "date_precision",
    "date_of",  # what its date is: the publication (the default) or the event it reports
    "date_note",
    "source_note",  # a note on the source, for the page's sources note (not the reading flow)
    "author",
    "source",  # the source document it is made from, by its number in sources/README.md
    "expires",  # the moment it ends (plugins/schedule)
    "redirect_from",  # old addresses that lead here (plugins/redirects)
    "joomla_id",  # the article's number on the old Joomla site (plugins/redirects)
    "translated_from",  # a translation: the version of the English it was made from (core/ledger.py)
    "translation_override",  # a translation published although its English changed a fact: why
)

ISSUE_FILE_STEM = "issue"

# The content types by their folder (for the newsletter's two, by their name), in the order of
# the browser editor's collections. A site may declare one of its own: with_type below.
TYPES = {
    "press": ContentType(
        "press-release",
        "press",
        "press_release",
        "press release",
        required=("title", "date", "dateline"),
        optional=(
            "reference",
            "contact_name",
            "contact_address",
            "contact_phone",
            "contact_fax",
            "contact_email",
        ),
        singular=N_("Press release"),
        plural=N_("Press releases"),
        all_items=N_("All press releases"),
        schema_type="NewsArticle",
        news=True,
        command="press",
    ),
    "news": ContentType(
        "news",
        "news",
        "news_item",
        "news item",
        singular=N_("News"),
        plural=N_("News"),
        all_items=N_("All news"),
        schema_type="NewsArticle",
        news=True,
        command="news",
    ),
    "campaigns": ContentType(
        "campaign",
        "campaigns",
        "campaign",
        "campaign page",
        required=("title", "date", "hashtag"),
        optional=(
            "tagline",
            "events",
            "figures",
            "quote",
            "quote_by",
            "call_to_action",
            "events",
            "contact_name",
            "contact_address",
            "contact_phone",
            "contact_fax",
            "contact_email",
        ),
        singular=N_("Campaign"),
        plural=N_("Campaigns"),
        all_items=N_("All campaigns"),
        command="campaign",
    ),
    "newsletter-issue": ContentType(
        "newsletter-issue",
        "newsletters",
        "newsletter_issue",
        "newsletter issue",
        required=("title", "date", "issue_label", "signatory", "signatory_role"),
        optional=(
            "about",
            "supporters",
            "follow_us",
            "contact_name",
            "contact_email",
            "contact_phone",
            "contact_fax",
            "contact_website",
            "credits",
        ),
        singular=N_("Newsletter issue"),
        plural=N_("Newsletter"),
        all_items=N_("All newsletter issues"),
        file_name=ISSUE_FILE_STEM,  # in the issue's folder: newsletters/<issue>/issue.en.md
        command="issue",
    ),
    "newsletter-story": ContentType(
        "newsletter-story",
        "newsletters",
        "newsletter_story",
        "newsletter story",
        required=("title", "date", "section"),
        optional=("order",),
        singular=N_("Newsletter story"),  # listed in its issue, not on its own
        file_name="{slug}",
        command="story",
    ),
    "page": ContentType(
        "page",
        "pages",
        "page",
        "page",
        required=("title",),
        singular=N_("Page"),
        file_name="{slug}",
        command="page",
    ),
}

# A content file's language is in its name: x.en.md (or x.md), x.ru.md, x.tg.md; the versions
# of one item share the rest of the name, in one folder (the browser editor names them so).
_LANGUAGE_SUFFIX = re.compile(r"\.([a-z]{2})$")


def file_language(stem: str) -> tuple[str, str]:
    """(name without language, language) of a file name without its '.md': 'x.ru' -> ('x',
    'ru'), 'x' -> ('x', 'en'). Any two-letter suffix is returned; the content check refuses
    one that is not a site language."""
    found = _LANGUAGE_SUFFIX.search(stem)
    return (stem[: found.start()], found.group(1)) if found else (stem, DEFAULT_LANGUAGE)


def translation_group(relative_path: str) -> str:
    """What the language versions of one item share: 'press/x.ru.md' and 'press/x.en.md' ->
    'press/x' (the path inside content/, without language and '.md')."""
    folder, _, name = relative_path.replace("\\", "/").rpartition("/")
    base = file_language(name[:-3] if name.endswith(".md") else name)[0]
    return f"{folder}/{base}" if folder else base


# Pelican reads the language from the file name (FILENAME_METADATA in pelicanconf.py).
def filename_language_pattern() -> str:
    return rf"(?P<date>\d{{4}}-\d{{2}}-\d{{2}})?.*?(?:\.(?P<lang>{'|'.join(LANGUAGES)}))?$"


FILENAME_LANGUAGE = filename_language_pattern()

# What `invoke new` writes for the writer to replace; the content check refuses to publish it.
PLACEHOLDER_SUMMARY = "One or two sentences that say what this is about."
PLACEHOLDER_BODY = "Write the text here. Leave one empty line between paragraphs."


def folders_listed() -> str:
    """The content folders as a message names them: 'press/, news/, newsletters/<issue>/,
    campaigns/ or pages/' (a newsletter's files are in its issue's folder)."""
    names = [
        f"{folder}/<issue>/" if folder == "newsletters" else f"{folder}/" for folder in ARTICLE_CATEGORIES
    ]
    names += [f"{folder}/" for folder in PAGE_FOLDERS]
    return f"{', '.join(names[:-1])} or {names[-1]}"


def type_for(folder: str, file_stem: str) -> ContentType | None:
    """The content type of a file from its top folder and file name."""
    if folder == "newsletters":
        is_issue = file_stem.split(".")[0] == ISSUE_FILE_STEM  # issue.md, issue.ru.md, ...
        return TYPES["newsletter-issue" if is_issue else "newsletter-story"]
    return TYPES.get(folder)


def allowed_fields(ctype: ContentType) -> set:
    return set(ctype.required) | set(ctype.optional) | set(COMMON_OPTIONAL)


@dataclass(frozen=True)
class RowFormat:
    noun: str  # "figure"
    cells: tuple  # what each part holds, in order
    required: int = 2  # how many of the first parts must be given (the rest may be left out)
    first_is_day: bool = False  # the first part is a day, YYYY-MM-DD (an event's date)

    @property
    def pattern(self) -> str:
        return " | ".join(self.cells)

    @property
    def a_noun(self) -> str:
        return f"{'an' if self.noun[0] in 'aeiou' else 'a'} {self.noun}"


# Fields holding one row per YAML list item, its parts separated by '|' (campaigns).
ROW_FIELDS = {
    "figures": RowFormat("figure", ("number", "what it counts", "when")),
    "events": RowFormat("event", ("YYYY-MM-DD", "what", "where"), first_is_day=True),
}


def rows(value) -> list[list[str]]:
    """A multi-line field of `a | b | c` rows (campaign figures and events), as lists of
    stripped cells; Pelican gives one line as a string and several as a list."""
    lines = value if isinstance(value, list) else str(value or "").splitlines()
    return [[cell.strip() for cell in line.split("|")] for line in lines if line.strip()]


assert {t.folder for t in TYPES.values()} == set(ARTICLE_CATEGORIES) | set(PAGE_FOLDERS)


# The kinds of field that hold a list, one item per '- ' line (one value alone is one item).
LIST_KINDS = ("donors", "rows")


# A hashtag as social networks read one: # and one word (letters, digits, _), no space.
HASHTAG_PATTERN = r"#\w+"
# One e-mail address as a mailto: link takes it: no scheme, space, comma or second address.
EMAIL_PATTERN = r"[^@\s,;:<>()\[\]\"]+@[^@\s,;:<>()\[\]\"'.]+(?:\.[^@\s,;:<>()\[\]\"'.]+)+"


@dataclass(frozen=True)
class FieldSpec:
    """What a front-matter field holds, how the browser editor shows it (tools/editor/config.py)
    and where it goes in a file; the content check's schema (schema.py) is made from it.
    `versions`: "translated" (each language its own value), "shared" (the English value, copied
    into each translation) or "english" (in the English file only).

    Kinds: text, long (one text); moment (a date as MOMENT_FORMATS); choice (one of `choices`);
    section, donors (known from the data files); image (a file); rows (a list; its rows'
    parts in ROW_FIELDS); address (a web address part, SLUG_PATTERN); email (one e-mail
    address, EMAIL_PATTERN); hashtag (HASHTAG_PATTERN); number (a whole number from
    `minimum`); digest (twelve hexadecimal digits, DIGEST_PATTERN: core/ledger.py). Every field
    but a list holds one text."""

    label: str
    kind: str = "text"
    versions: str = "translated"
    hint: str = ""
    choices: tuple = ()
    max_length: int = 0  # the most characters it may have (0: no limit)
    minimum: int = 0  # a number's smallest value
    checked_by: str = ""  # the plugin whose check judges its value (the schema: only its shape)

    @property
    def takes_list(self) -> bool:
        return self.kind in LIST_KINDS

    @property
    def is_text_to_translate(self) -> bool:
        """A field a translator writes in words, or copies with the contact lines it sits among
        (an e-mail: part of each translation's digest, core/ledger.py, since before it had a
        kind of its own); not an address part, a date, a choice or a digest."""
        return self.versions == "translated" and self.kind in ("text", "long", "rows", "email")


# Every field, in the order the editor's form shows them and files list them.
FIELDS = {
    "title": FieldSpec("Title"),
    "slug": FieldSpec(
        "Web address",
        "address",
        hint="Lower-case latin letters, digits and hyphens; "
        "it stays the same when the title changes. Leave empty to make it from the title.",
    ),
    "date": FieldSpec(
        "Date and time",
        "moment",
        "shared",
        "Dushanbe time. A later moment is an embargo: the item appears only then.",
    ),
    "date_precision": FieldSpec(
        "Precision of the date",
        "choice",
        "shared",
        "How much of the date the source gives: the day (the default), the month only or the year only.",
        choices=DATE_PRECISIONS,
    ),
    "date_of": FieldSpec(
        "The date is that of the",
        "choice",
        "shared",
        "publication (the default), or the event the item reports when the source gives no publication date.",
        choices=DATE_KINDS,
    ),
    "date_note": FieldSpec(
        "How the date was chosen",
        "long",
        hint="Only when the source gives no exact date. Shown in the page's Sources note, not by the date.",
    ),
    "source_note": FieldSpec(
        "Note on the source",
        "long",
        hint="What a careful reader may want to know of the source (e.g. what the printed edition "
        "showed); shown in the page's Sources note, not in its text.",
    ),
    "expires": FieldSpec(
        "Ends at", "moment", "shared", "Optional: the moment it is marked as past.", checked_by="schedule"
    ),
    "dateline": FieldSpec("Dateline (place)"),
    "reference": FieldSpec("Reference number"),
    "hashtag": FieldSpec("Hashtag", "hashtag", "shared", "One word after #, e.g. #EndHumanTrafficking."),
    "tagline": FieldSpec("Tagline"),
    "issue_label": FieldSpec("Issue label (period)"),
    "section": FieldSpec("Section", "section", "shared"),
    "order": FieldSpec("Order in the issue", "number", "shared", minimum=1),
    "tags": FieldSpec("Tags", hint="Separated by commas."),
    "donors": FieldSpec("Funded by", "donors", "shared", "Only donors the text itself names as funding it."),
    "summary": FieldSpec(
        "Summary", "long", hint="One or two sentences, under 300 characters.", max_length=300
    ),
    "image": FieldSpec("Lead photo", "image", "shared"),
    "image_alt": FieldSpec(
        "Photo description (alt text)",
        hint="What the photo shows, for people who cannot see it. Required with a photo.",
    ),
    "image_caption": FieldSpec("Photo caption"),
    "figures": FieldSpec("Figures", "rows", hint="One per line: number | what | when."),
    "events": FieldSpec("Events", "rows", hint="One per line: YYYY-MM-DD | what | where."),
    "quote": FieldSpec("Quote", "long"),
    "quote_by": FieldSpec("Quote by"),
    "call_to_action": FieldSpec("Call to action"),
    "signatory": FieldSpec("Foreword signed by"),
    "signatory_role": FieldSpec("Role of the signatory"),
    "about": FieldSpec("About our mission", "long"),
    "supporters": FieldSpec("Who supports us?", "long"),
    "follow_us": FieldSpec("Follow us online", "long"),
    "contact_name": FieldSpec("Contact: name"),
    "contact_address": FieldSpec("Contact: address"),
    "contact_phone": FieldSpec("Contact: phone"),
    "contact_fax": FieldSpec("Contact: fax"),
    "contact_email": FieldSpec("Contact: e-mail", "email"),
    "contact_website": FieldSpec("Contact: website"),
    "credits": FieldSpec("Credits"),
    "author": FieldSpec("Author"),
    "status": FieldSpec("Status", "choice", "shared", "A draft is not published.", ("published", "draft")),
    "modified": FieldSpec("Last changed", "moment", "shared"),
    "source": FieldSpec("Source document", versions="english", hint="Its number in sources/README.md."),
    "redirect_from": FieldSpec("Old addresses", "rows", "english", "One per line, e.g. /index.php/en/..."),
    "joomla_id": FieldSpec("Number on the old site", "number", "english", minimum=1),
    "translated_from": FieldSpec(
        "Translated from (English version)",
        "digest",
        hint="Written when a translator confirms the translation matches the English "
        "(invoke translations --mark-current FILE).",
    ),
    "translation_override": FieldSpec(
        "Published although the English changed",
        "long",
        hint="Only in a translation, and only on purpose: why it may go out before it is updated.",
    ),
}
DIGEST_PATTERN = r"[0-9a-f]{12}"  # a `digest` field: core/ledger.py


def fields_of(ctype: ContentType) -> list[str]:
    """A content type's fields, in the order of FIELDS."""
    allowed = allowed_fields(ctype)
    return [name for name in FIELDS if name in allowed]


assert all(name in FIELDS for t in TYPES.values() for name in allowed_fields(t)), (
    "a field without a FieldSpec"
)


def list_type(folder: str) -> ContentType | None:
    """The content type whose list a folder's list is (its name, its "all" link): the
    newsletter issues for newsletters/."""
    return next((t for t in TYPES.values() if t.folder == folder and t.plural), None)


def type_named(name: str) -> ContentType | None:
    """The content type whose `type` is `name` ('press-release')."""
    return next((t for t in TYPES.values() if t.name == name), None)


def news_types() -> frozenset:
    """The names of the types that are news (`type` of the content)."""
    return frozenset(t.name for t in TYPES.values() if t.news)


def with_type(ctype: ContentType) -> None:
    """Declare a content type of the site's own, besides the model's: its folder becomes one of
    ARTICLE_CATEGORIES (last in the menu) and an address the site makes (RESERVED_PAGE_SLUGS).
    Called in the site's settings right after the model is imported, before the settings made
    from it (ARTICLE_PATHS, PATH_METADATA); declaring the same type again changes nothing. Its
    fields must be in FIELDS; its labels are translated in the site's catalogues (i18n/)."""
    global ARTICLE_CATEGORIES, RESERVED_PAGE_SLUGS
    unknown = sorted(name for name in allowed_fields(ctype) if name not in FIELDS)
    if unknown:
        raise ValueError(
            f"the type '{ctype.name}' has fields without a FieldSpec in FIELDS: {', '.join(unknown)}"
        )
    if TYPES.get(ctype.folder) == ctype:
        return  # declared already (the warm build reads the settings again)
    if ctype.folder in RESERVED_PAGE_SLUGS | set(PAGE_FOLDERS) or ctype.name in {
        t.name for t in TYPES.values()
    }:
        raise ValueError(f"the folder '{ctype.folder}' or the type '{ctype.name}' is taken: choose another")
    if not (ctype.singular and ctype.plural and ctype.all_items):
        raise ValueError(f"the type '{ctype.name}' needs its labels: singular, plural and all_items")
    TYPES[ctype.folder] = ctype
    ARTICLE_CATEGORIES += (ctype.folder,)
    RESERVED_PAGE_SLUGS = RESERVED_PAGE_SLUGS | {ctype.folder}


def with_language(added: Language) -> None:
    """Declare a language of the site's own, after the model's: it is last in the language
    switcher, its pages are under /<code>/, its files are NAME.<code>.md. Called in the site's
    settings right after the model is imported, before the settings made from it
    (SITE_LANGUAGES, FILENAME_METADATA); declaring the same language again changes nothing. Its
    interface is translated in its catalogue, i18n/<code>/LC_MESSAGES/messages.po."""
    global SITE_LANGUAGES, LANGUAGES, TRANSLATED_LANGUAGES, LANGUAGE_NAMES
    global RESERVED_PAGE_SLUGS, FILENAME_LANGUAGE
    if language(added.code) == added:
        return  # declared already (the warm build reads the settings again)
    if not re.fullmatch(r"[a-z]{2}", added.code) or added.code in LANGUAGES:
        raise ValueError(f"the language code '{added.code}' is taken or not two latin letters")
    if added.code in RESERVED_PAGE_SLUGS or len(added.only_in) != 2:
        raise ValueError(f"the language '{added.code}' needs a free code and its only_in phrases")
    SITE_LANGUAGES += (added,)
    LANGUAGES += (added.code,)
    TRANSLATED_LANGUAGES = LANGUAGES[1:]
    LANGUAGE_NAMES = {**LANGUAGE_NAMES, added.code: added.name}
    RESERVED_PAGE_SLUGS = RESERVED_PAGE_SLUGS | {added.code}
    FILENAME_LANGUAGE = filename_language_pattern()
