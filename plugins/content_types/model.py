"""The content model: the site's languages, the kinds of content with their folders, templates
and front matter, and the content types' folders as Pelican categories.

This is the one place that defines them; pelicanconf.py, every plugin, the tools and the
templates (through the globals the content_types plugin gives them) read it from here.
Sections are data that writers edit: content/data/sections.yml (sections.py).
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Language:
    code: str
    name: str  # in the language itself, for the language switcher
    babel_locale: str  # for numbers and dates (dates.py in multilang)
    og_locale: str  # Open Graph's og:locale


SITE_LANGUAGES = (
    Language("en", "English", "en_GB", "en_GB"),  # en_GB: "15 February 2006"
    Language("ru", "Русский", "ru", "ru_RU"),
    Language("tg", "Тоҷикӣ", "tg", "tg_TJ"),
)
LANGUAGES = tuple(language.code for language in SITE_LANGUAGES)  # the default language first
DEFAULT_LANGUAGE = LANGUAGES[0]
TRANSLATED_LANGUAGES = LANGUAGES[1:]
LANGUAGE_NAMES = {language.code: language.name for language in SITE_LANGUAGES}

# Articles live in one top folder per content type, which Pelican takes as their category; in
# the order of the site's menu. Pages (about, ...) are in PAGE_FOLDERS.
ARTICLE_CATEGORIES = ("press", "news", "newsletters", "campaigns")
PAGE_FOLDERS = ("pages",)
# Addresses the site makes itself at the top of each language: a page (at /<slug>/) may not
# take one (plugins/listings, feeds, donors, search, images, assets, Pagefind).
RESERVED_PAGE_SLUGS = frozenset(
    ARTICLE_CATEGORIES
    + LANGUAGES
    + ("sections", "tags", "archives", "donors", "search", "subscribe", "feeds", "media", "theme", "pagefind")
)
DATE_PRECISIONS = ("day", "month", "year")


@dataclass(frozen=True)
class ContentType:
    name: str  # value of `type` set on the content
    folder: str  # top folder under content/ (= Pelican category)
    template: str  # theme template used to render it
    label: str  # plain-language name used in messages
    required: tuple = ("title", "date")
    optional: tuple = field(default=())


COMMON_OPTIONAL = (
    "lang",
    "translation_of",
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
    "date_note",
    "author",
    "source",  # the source document it is made from, by its number in sources/README.md
    "expires",  # the moment it ends (plugins/schedule)
    "redirect_from",  # old addresses that lead here (plugins/redirects)
    "joomla_id",  # the article's number on the old Joomla site (plugins/redirects)
)

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
    ),
    "news": ContentType("news", "news", "news_item", "news item"),
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
    ),
    "newsletter-story": ContentType(
        "newsletter-story",
        "newsletters",
        "newsletter_story",
        "newsletter story",
        required=("title", "date", "section"),
        optional=("order",),
    ),
    "page": ContentType("page", "pages", "page", "page", required=("title",)),
}

ISSUE_FILE_STEM = "issue"

# What `invoke new` writes for the writer to replace; the content check refuses to publish it.
PLACEHOLDER_SUMMARY = "One or two sentences that say what this is about."
PLACEHOLDER_BODY = "Write the text here. Leave one empty line between paragraphs."


def type_for(folder: str, file_stem: str) -> ContentType | None:
    """The content type of a file from its top folder and file name."""
    if folder == "newsletters":
        is_issue = file_stem.split(".")[0] == ISSUE_FILE_STEM  # issue.md, issue.ru.md, ...
        return TYPES["newsletter-issue" if is_issue else "newsletter-story"]
    return TYPES.get(folder)


def allowed_fields(ctype: ContentType) -> set:
    return set(ctype.required) | set(ctype.optional) | set(COMMON_OPTIONAL)


def rows(value) -> list[list[str]]:
    """A multi-line field of `a | b | c` rows (campaign figures and events), as lists of
    stripped cells; Pelican gives one line as a string and several as a list."""
    lines = value if isinstance(value, list) else str(value or "").splitlines()
    return [[cell.strip() for cell in line.split("|")] for line in lines if line.strip()]


assert {t.folder for t in TYPES.values()} == set(ARTICLE_CATEGORIES) | set(PAGE_FOLDERS)
