"""Hotline banners: a template global picks the banners that fit the page being rendered
(its section, content type and tags, the banner's dates, highest priority first).

A dead or reassigned number is the worst mistake this site can make for a person in danger,
so a banner shows only while its number's confirmation (`confirmed` in hotlines.yml) is
younger than HOTLINE_CONFIRMATION_MONTHS, and never on content dated before the number is
known to exist (`known_since`). A banner that is not shown for either reason, or that stops
within HOTLINE_EXPIRY_WARNING_DAYS, is reported as a notice at build time, naming the number
and what to edit (a notice does not fail the build)."""

import datetime
import logging
import sys
from pathlib import Path

from jinja2 import pass_context
from pelican import signals
from pelican.generators import ArticlesGenerator, Generator

from iomsite.core import clock, model
from iomsite.core.htmlparts import language_urls, write_language_pages
from iomsite.core.sections import sections_file, site_sections

from ..incremental import api as incremental
from . import contact
from .data import DataFileError, as_moment, hotlines_file, load_hotlines

log = logging.getLogger(__name__)
notice = logging.getLogger("site.notice.hotlines")  # advisory: printed, never fails a build
_state = {"hotlines": [], "now": None, "months": 12, "contacts": {}}
CONTACT_PATH = "contact/"


def start(pelican):
    settings = pelican.settings
    name = hotlines_file(settings)
    sections = {s.slug for s in site_sections(settings)}
    try:
        hotlines = load_hotlines(
            Path(settings["PATH"]) / name, f"content/{name}", sections, set(model.ARTICLE_CATEGORIES)
        )
    except DataFileError as exc:
        log.error("%s", exc)
        sys.exit(1)
    moment = clock.now(settings)
    now = moment.date()
    warn_days = settings.get("HOTLINE_EXPIRY_WARNING_DAYS", 14)
    months = settings.get("HOTLINE_CONFIRMATION_MONTHS", 12)
    for hotline in hotlines:
        until = hotline.confirmed_until(months)
        if until < now:
            notice.warning(
                "content/%s:%d: the banner of hotline '%s' (%s) is not shown: the number was last "
                "confirmed on %s, more than %d months ago — once someone has called it and it is in "
                "service, set 'confirmed: %s' (that day's date) in content/%s",
                name,
                hotline.line,
                hotline.id,
                hotline.number,
                hotline.confirmed,
                months,
                now,
                name,
            )
        elif (until - now).days <= warn_days:
            notice.warning(
                "content/%s:%d: the confirmation of hotline '%s' (%s) runs out after %s (in %d days) "
                "— call the number, and if it is in service set 'confirmed:' to that day's date",
                name,
                hotline.line,
                hotline.id,
                hotline.number,
                until,
                (until - now).days,
            )
        if hotline.end and not hotline.active_on(moment) and as_moment(hotline.end, end_of_day=True) < moment:
            notice.warning(
                "content/%s:%d: the banner of hotline '%s' ended on %s and is no longer "
                "shown — remove it, or set a new 'end' date",
                name,
                hotline.line,
                hotline.id,
                hotline.end,
            )
        elif hotline.end and hotline.active_on(moment) and (hotline.last_day - now).days <= warn_days:
            notice.warning(
                "content/%s:%d: the banner of hotline '%s' stops being shown after %s (in %d "
                "days) — set a later 'end' date if the number stays in service",
                name,
                hotline.line,
                hotline.id,
                hotline.end,
                (hotline.last_day - now).days,
            )
        # the clock decides whether a banner shows: pages made with another decision are not reused
        clock.depends(f"hotline:{hotline.id}", str(hotline.shown_on(moment, months)))
        for edge in (hotline.start, hotline.end):  # a day's edge is the clock's next day
            if isinstance(edge, datetime.datetime):
                clock.changes_at(edge)
    _state.update(hotlines=hotlines, now=moment, months=months)


@pass_context
def hotline_banners(ctx, limit=1):
    """The banners for the page being rendered, best first."""
    article = ctx.get("article")
    if article is not None:
        section, category = getattr(article, "section", None), article.category.slug
        tags = [t.name for t in getattr(article, "tags", [])] + [t.slug for t in getattr(article, "tags", [])]
    else:
        section, category, tags = ctx.get("section_slug"), ctx.get("category_slug"), []
        if ctx.get("tag_name"):
            tags = [ctx["tag_name"]]
    dated = getattr(article, "date", None)
    fitting = [
        h
        for h in _state["hotlines"]
        if h.shown_on(_state["now"], _state["months"])
        and h.applies(section, category, tags)
        and (dated is None or dated.date() >= h.known_since)
    ]
    return sorted(fitting, key=lambda h: -h.priority)[:limit]


def confirmed_hotline():
    """The confirmed hotline with the highest priority, wherever its banner shows, or None."""
    shown = [h for h in _state["hotlines"] if h.shown_on(_state["now"], _state["months"])]
    return max(shown, key=lambda h: h.priority, default=None)


def compile_contacts(generators):
    """The contact details of our publications, per language, once the articles are read."""
    articles = next(
        (g.context.get("articles", []) for g in generators if isinstance(g, ArticlesGenerator)), []
    )
    settings = generators[0].settings if generators else {}
    default = settings.get("DEFAULT_LANG", "en")
    found = {lang: contact.contacts(articles, lang, default) for lang in settings.get("SITE_LANGUAGES", [])}
    _state["contacts"] = found
    # every page's help block shows the newest telephone: a page made with others is not reused
    incremental.depends_on_value("hotlines:contacts", contact.fingerprint(found.get(default, [])))


def help_route(lang: str, settings) -> dict:
    """What the help block shows: a confirmed hotline, or the office's newest telephone with
    its year; and the contact page."""
    found = _state["contacts"].get(lang, [])
    return {
        "hotline": confirmed_hotline(),
        "office": contact.newest_with(found, "phones"),
        "contact_url": language_urls(settings, CONTACT_PATH)[lang],
    }


def add_globals(generator):
    settings = generator.settings
    generator.env.globals["hotline_banners"] = hotline_banners
    generator.env.globals["help_route"] = lambda lang: help_route(lang, settings)
    generator.env.globals["contact_url"] = lambda lang: language_urls(settings, CONTACT_PATH)[lang]


class ContactPageGenerator(Generator):
    """The contact page of each language: the contact details our publications give."""

    def generate_context(self):
        pass

    def generate_output(self, writer):
        def per_language(lang):
            found = _state["contacts"].get(lang, [])
            return {
                "contacts": found,
                "newest_email": contact.newest_with(found, "email"),
            }

        write_language_pages(self, writer, "contact_page", CONTACT_PATH, per_language)


def get_generators(pelican):
    return ContactPageGenerator


def data_files(settings) -> list:
    """What rendering reads besides the content (for the incremental layer)."""
    content = Path(settings["PATH"])
    return [
        content / hotlines_file(settings),
        content / sections_file(settings),
    ]


def register():
    incremental.depends_on_files(data_files)
    signals.initialized.connect(start)
    signals.generator_init.connect(add_globals)
    signals.all_generators_finalized.connect(compile_contacts)
    signals.get_generators.connect(get_generators)  # a named function: blinker keeps weak references
