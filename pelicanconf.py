"""Site settings for the IOM Tajikistan website (development build).

publishconf.py imports this file and changes only what differs when publishing.
Plugin settings are documented in each plugin's README (plugins/<name>/README.md).
"""

from pathlib import Path

from jinja2 import FileSystemBytecodeCache

from iomsite.core import model  # languages and content types, defined once

ROOT = Path(__file__).resolve().parent

SITENAME = "IOM Tajikistan"
SITEURL = ""  # relative links while previewing; publishconf.py sets the public address
SITE_PUBLIC_URL = "https://www.iom.tj"  # used for canonical URLs and feeds even in preview
AUTHOR = "IOM Tajikistan"
TIMEZONE = model.TIME_ZONE

PATH = "content"
THEME = "theme"
OUTPUT_PATH = "output"
DELETE_OUTPUT_DIRECTORY = False  # tools/build.py builds into a fresh folder and swaps it in

ARTICLE_PATHS = list(model.ARTICLE_CATEGORIES)
# Exactly one content format: Markdown in .md files. Pelican's other readers (reStructuredText,
# whose `include` directive reads any file of the machine; HTML; other Markdown extensions)
# are off, and the content check stops on any other file in the content folders.
READERS = {"rst": None, "html": None, "htm": None, "markdown": None, "mkd": None, "mdown": None}
PAGE_PATHS = list(model.PAGE_FOLDERS)
STATIC_PATHS = []  # images are published only as processed derivatives (plugins/images)
IGNORE_FILES = [".*", "*~", "#*#", "README.md"]  # hidden names, editors' backups, notes


def newest_first(item):
    """Newest first, and items of the same date by file name: Pelican reads files in no fixed
    order, and every build must list them in the same order (plugins/incremental)."""
    return (-item.date.timestamp(), item.source_path)


ARTICLE_ORDER_BY = newest_first

# Content type = Pelican category, taken from the top folder (see plugins/content_types).
PATH_METADATA = rf"(?P<category>{'|'.join(model.ARTICLE_CATEGORIES)})/.*"
USE_FOLDER_AS_CATEGORY = False
DEFAULT_CATEGORY = ""

# --- Languages (plugins/multilang) -------------------------------------------------------
DEFAULT_LANG = model.DEFAULT_LANGUAGE
SITE_LANGUAGES = list(model.LANGUAGES)
# A file's language is in its name (x.ru.md); the versions of an item share the rest of the
# name and are linked by the multilang plugin, not by Pelican.
FILENAME_METADATA = model.FILENAME_LANGUAGE
ARTICLE_TRANSLATION_ID = None
PAGE_TRANSLATION_ID = None

# --- URLs: clean folders, other languages under /ru/ and /tg/ -----------------------------
ARTICLE_URL = "{category}/{slug}/"
ARTICLE_SAVE_AS = "{category}/{slug}/index.html"
ARTICLE_LANG_URL = "{lang}/{category}/{slug}/"
ARTICLE_LANG_SAVE_AS = "{lang}/{category}/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
PAGE_LANG_URL = "{lang}/{slug}/"
PAGE_LANG_SAVE_AS = "{lang}/{slug}/index.html"
SLUGIFY_SOURCE = "title"

# Listing pages (home, categories, tags, sections, archives, 404) are written per language
# by plugins/listings; Pelican's single-language ones are switched off here.
DIRECT_TEMPLATES = []
CATEGORY_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
TAG_SAVE_AS = ""
TAGS_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""
DRAFT_SAVE_AS = ""
DRAFT_LANG_SAVE_AS = ""
DEFAULT_PAGINATION = 12
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)

# Feeds: Pelican's own feed writer is off (the feeds plugin of issue 4 replaces it).
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
CATEGORY_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
TRANSLATION_FEED_RSS = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TAG_FEED_ATOM = None
TAG_FEED_RSS = None

# --- Templates -----------------------------------------------------------------------------
_JINJA_CACHE = ROOT / "cache" / "jinja"
_JINJA_CACHE.mkdir(parents=True, exist_ok=True)
# Autoescape on: titles and front matter are escaped; content HTML is marked |safe explicitly.
JINJA_ENVIRONMENT = {
    "autoescape": True,
    "trim_blocks": True,
    "lstrip_blocks": True,
    "extensions": ["jinja2.ext.i18n"],
    "auto_reload": False,  # templates do not change during a build: no stat() per page
    # Compiled templates kept between builds (Jinja checks each against its source file).
    "bytecode_cache": FileSystemBytecodeCache(str(_JINJA_CACHE)),
}

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
        # the fields in YAML between '---' lines, as the browser editor writes them; replaces meta
        "iomsite.plugins.content_types.front_matter_markdown": {},
        # smarty's typographic quotes, dashes and ellipses: the same output, its pass much cheaper
        "iomsite.core.typography": {},
        # writers' notes, <!-- … -->, left out of the pages (Markdown would publish them)
        "iomsite.core.notes": {},
    },
    "output_format": "html5",
}

# --- Plugins -------------------------------------------------------------------------------
# Our plugins are modules of the installed package `iomsite.plugins` (pyproject.toml).
PLUGINS = [
    "iomsite.plugins.schedule",  # first: the build's clock, and embargoed items taken out early
    "iomsite.plugins.content_types",
    "iomsite.plugins.multilang",
    "iomsite.plugins.newsletter",
    "iomsite.plugins.newsletter_pdf",  # after multilang and newsletter: issues linked to their stories
    "iomsite.plugins.figures",
    "iomsite.plugins.images",
    "iomsite.plugins.listings",
    "iomsite.plugins.assets",
    "iomsite.plugins.sitemap",
    "iomsite.plugins.feeds",
    "iomsite.plugins.donors",
    "iomsite.plugins.hotlines",
    "iomsite.plugins.emails",
    "iomsite.plugins.manifest",
    "iomsite.plugins.headers",
    "iomsite.plugins.search",
    "iomsite.plugins.sharing",
    "iomsite.plugins.provenance",  # the source register (sources/register.yml) and sources notes
    "iomsite.plugins.redirects",
    "iomsite.plugins.incremental",
]

# Data files that writers edit (validated at load; see each plugin's README).
SECTIONS_FILE = "data/sections.yml"

# Pelican's own content cache stays off: plugins/incremental caches Markdown conversion (by
# file content, on every core) and reuses unchanged pages; see its README.
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
RELATIVE_URLS = False
PAGINATED_TEMPLATES = {"category": 20, "section": 20, "tag": 20}
CSS_FILES = ["base.css", "layout.css", "components.css", "print.css"]
THEME_STATIC_PATHS = []  # the stylesheet is bundled by plugins/assets; nothing else to copy
FEED_MAX_ENTRIES = 20  # per feed, newest first (plugins/feeds)

# Images (plugins/images/README.md)
IMAGE_WIDTHS = [480, 960, 1600]
IMAGE_QUALITY = {"webp": 75, "jpeg": 78}
IMAGE_SIZES = "(min-width: 44rem) 40rem, calc(100vw - 2rem)"
IMAGE_CLASS_SIZES = {"logo": ["10rem", [160, 320]]}

# Donors and hotlines (plugins/donors, plugins/hotlines)
DONORS_FILE = "data/donors.yml"
HOTLINES_FILE = "data/hotlines.yml"
HOTLINE_EXPIRY_WARNING_DAYS = 14
HOTLINE_CONFIRMATION_MONTHS = 12  # a banner shows only while its number was confirmed this recently
SITE_TODAY = None  # a fixed "today" (YYYY-MM-DD) for reproducible builds; None: today in Dushanbe

# Content-Security-Policy: in a <meta> on every page and in output/_headers for hosts that
# read it (Netlify, Cloudflare Pages). No 'unsafe-inline' anywhere.
SEARCH_INDEX = True  # Pagefind index after each build (plugins/search); `--no-search` skips it
# Each language's pages are indexed in shards of about this many pages (memory: about 300 KB a
# page, SEARCH_INDEX_JOBS shards at a time); an edit indexes again only the shard of its page.
SEARCH_INDEX_PAGES_PER_RUN = 400
CHECK_SCRIPT_PAGES = [f"{lang}/search/index.html".removeprefix(f"{DEFAULT_LANG}/") for lang in SITE_LANGUAGES]
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'"
)
NEWSLETTER_UNSUBSCRIBE_PLACEHOLDER = "*|UNSUB|*"  # the mailing tool replaces it (Mailchimp syntax)

# Sharing and structured data (plugins/sharing). The Organization gives no address or telephone:
# the sources date every one they give (2006, 2012, 2019) and none says it is current, so they
# are shown only on the contact page, each with its publication and year (plugins/hotlines).
SHARE_IMAGE = "images/share-{lang}.png"  # one per language: tools/share_images.py draws them
ORGANIZATION = {
    "name": "International Organization for Migration (IOM) – Mission in Tajikistan",
    "alternateName": "IOM Tajikistan",
}
