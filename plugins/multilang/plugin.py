"""Languages in a single Pelican pass.

Why not pelican-i18n-subsites: it runs one full generation per language (about 3x the build
time, against issue 9's budget of 1.25x plain Pelican), writes no hreflang, and needs themes
written for it. Here every language is read once; this plugin links translations, makes
readable slugs, and gives templates gettext and dates in each page's own language (dates.py).
"""

import logging
from collections import defaultdict
from pathlib import Path

from babel.numbers import format_decimal
from jinja2 import pass_context
from markupsafe import Markup
from pelican import signals
from pelican.contents import Article, Page
from pelican.generators import ArticlesGenerator, PagesGenerator

from iomsite.core import model
from iomsite.core.model import translation_group

from ..incremental import api as incremental
from .catalogs import load_translations
from .check import markup_allowed
from .dates import babel_locale, format_date, format_moment
from .outdated import mark_outdated
from .translit import slugify

log = logging.getLogger(__name__)

_translations: dict = {}


def init_settings(pelican):
    settings = pelican.settings
    i18n_dir = Path(settings.get("I18N_DIR", Path(settings["PATH"]).parent / "i18n"))
    _gettext_results.clear()
    for lang in settings["SITE_LANGUAGES"]:
        _translations[lang] = load_translations(i18n_dir, lang)


def content_lang(ctx) -> str:
    """The language of the page being rendered."""
    if ctx.get("page_lang"):
        return ctx["page_lang"]
    for name in ("article", "page"):
        obj = ctx.get(name)
        if obj is not None and getattr(obj, "lang", None):
            return obj.lang
    return ctx.get("DEFAULT_LANG", "en")


@pass_context
def _gettext(ctx, message):
    return _translations[content_lang(ctx)].gettext(message)


_gettext_results: dict = {}


@pass_context
def fast_gettext(ctx, __string, **variables):
    """`_()` and `{% trans %}`: what Jinja's newstyle gettext does (translate, mark safe when
    autoescaping, always format with the variables), with each translation looked up once per
    language instead of through two more function calls per use (about 40 per page)."""
    lang = content_lang(ctx)
    autoescape = ctx.eval_ctx.autoescape
    key = (lang, __string, autoescape)
    found = _gettext_results.get(key)
    if found is None:
        found = _translations[lang].gettext(__string)
        if autoescape:
            # a translation is trusted only with the markup its English has (check.py reports it)
            found = Markup(found) if markup_allowed(__string, found) else Markup.escape(found)
        _gettext_results[key] = found
    return found % variables


@pass_context
def _ngettext(ctx, singular, plural, n):
    return _translations[content_lang(ctx)].ngettext(singular, plural, n)


@pass_context
def current_lang(ctx):
    return content_lang(ctx)


@pass_context
def alternates(ctx) -> dict:
    """{language: site-relative URL} of this page in every language it exists in."""
    if ctx.get("page_alternates"):  # listing pages pass theirs
        return ctx["page_alternates"]
    for name in ("article", "page"):
        obj = ctx.get(name)
        if obj is not None and getattr(obj, "url", None) is not None:
            found = {obj.lang: obj.url}
            found.update({t.lang: t.url for t in getattr(obj, "translations", [])})
            return found
    return {}


@pass_context
def page_in(ctx, slug: str, lang: str) -> str:
    """URL of the page whose default-language version has the slug `slug`, in `lang` if it is
    translated, else in the default language (navigation never links to a missing page)."""
    for page in ctx.get("pages", []):
        if page.in_default_lang and page.slug == slug:
            return next((t.url for t in getattr(page, "translations", []) if t.lang == lang), page.url)
    return ""


def machine_date(value, precision="day"):
    """The `datetime` attribute of <time>: 2023-05-09, 2023-05 or 2023, as precise as the date
    is known. (Pelican's dates format through its own locale-aware strftime, a hundred times
    slower; this runs for every date of every list.)"""
    if precision == "day":
        return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
    if precision == "month":
        return f"{value.year:04d}-{value.month:02d}"
    return f"{value.year:04d}"


def event_date(value, lang="en"):
    """'2019-07-30' (text from front matter) in the page's language."""
    import datetime

    try:
        return format_date(datetime.date.fromisoformat(str(value).strip()), lang)
    except ValueError:
        return value


def format_number(value, lang="en"):
    return format_decimal(value, locale=babel_locale(lang))


def lang_prefix(lang, default="en"):
    return "" if lang == default else f"{lang}/"


def setup_jinja(generator):
    env = generator.env
    env.install_gettext_callables(_gettext, _ngettext, newstyle=True)
    env.globals["gettext"] = env.globals["_"] = fast_gettext
    default = generator.settings["DEFAULT_LANG"]
    env.filters.update(
        {
            "format_date": format_date,
            "format_moment": format_moment,
            "machine_date": machine_date,
            "format_number": format_number,
            "event_date": event_date,
        }
    )
    env.globals.update(
        {
            "LANGUAGE_NAMES": model.LANGUAGE_NAMES,  # each in itself
            "ONLY_IN": {item.code: item.only_in for item in model.SITE_LANGUAGES},
            "SITE_LANGUAGES": generator.settings["SITE_LANGUAGES"],
            "current_lang": current_lang,
            "alternates": alternates,
            "page_in": page_in,
            "lang_prefix": lambda lang: lang_prefix(lang, default),
        }
    )


@incremental.replayable  # changes only the object (and its tags)
def set_slug_and_check_lang(content):
    if not isinstance(content, (Article, Page)):
        return
    languages = content.settings["SITE_LANGUAGES"]
    if content.lang not in languages:
        log.error(
            "%s: unknown language '%s' — use one of %s",
            content.source_path,
            content.lang,
            ", ".join(languages),
        )
    if "slug" not in content.metadata and getattr(content, "title", None):
        content.slug = slugify(content.title)
    # A tag's address by the same rule as the articles' (Pelican's own slugify writes "ё" as
    # "io": tg/tags/ioddosht beside tg/press/...yoddoshti...), before the generator groups them.
    for tag in getattr(content, "tags", None) or []:
        tag.slug = slugify(tag.name)


def link_group(contents, default_lang):
    """Give each item `.translations`: the items of the same translation group (the same file
    name but for the language, in one folder: x.en.md, x.ru.md, x.tg.md) in other languages.
    The content check reports a translation without its original and two files of one
    language in a group before the build."""
    groups = defaultdict(list)
    for item in contents:
        groups[translation_group(item.relative_source_path)].append(item)
    for items in groups.values():
        original = next((i for i in items if i.lang == default_lang), items[0])
        for item in items:
            # The original's slug: feed entry ids and the about page are known by it.
            item.translation_key = original.slug
            item.translations = sorted((i for i in items if i is not item), key=lambda i: i.lang)


def freeze_urls(contents):
    """Pelican recomputes `url` and `save_as` from the settings at every access; once every
    slug is final they are fixed, since templates read them thousands of times."""
    for item in contents:
        item.override_url = item.url
        item.override_save_as = item.save_as


def link_translations(generators):
    for generator in generators:
        if isinstance(generator, (ArticlesGenerator, PagesGenerator)):
            for name in ("articles", "translations", "pages", "hidden_pages", "drafts"):
                freeze_urls(getattr(generator, name, []))
        default = generator.settings["DEFAULT_LANG"]
        if isinstance(generator, ArticlesGenerator):
            link_group(generator.articles + generator.translations, default)
            mark_outdated(generator.articles + generator.translations)
        elif isinstance(generator, PagesGenerator):
            link_group(generator.pages + generator.translations, default)
            mark_outdated(generator.pages + generator.translations)


def data_files(settings) -> list:
    """What rendering reads besides the content (for the incremental layer)."""
    return [Path(settings.get("I18N_DIR", Path(settings["PATH"]).parent / "i18n"))]


def register():
    incremental.depends_on_files(data_files)
    incremental.shown_with_body("outdated_translation")  # a notice on the item's own page
    signals.initialized.connect(init_settings)
    signals.generator_init.connect(setup_jinja)
    signals.content_object_init.connect(set_slug_and_check_lang)
    signals.all_generators_finalized.connect(link_translations)
