"""Hotline banners: a template global picks the banners that fit the page being rendered
(its section, content type and tags, the banner's dates, highest priority first). An expired
banner is not shown; one that expires within HOTLINE_EXPIRY_WARNING_DAYS is reported as a
notice at build time (a notice does not fail the build)."""
import logging
import sys
from pathlib import Path

from jinja2 import pass_context
from pelican import signals

from .data import DataFileError, load_hotlines, today

log = logging.getLogger(__name__)
notice = logging.getLogger("site.notice.hotlines")  # advisory: printed, never fails a build
CATEGORIES = {"press", "news", "newsletters", "campaigns"}
_state = {"hotlines": [], "today": None}


def start(pelican):
    settings = pelican.settings
    name = settings.get("HOTLINES_FILE", "data/hotlines.yml")
    sections = {s.slug for s in settings.get("SECTIONS", [])}
    try:
        hotlines = load_hotlines(Path(settings["PATH"]) / name, f"content/{name}", sections, CATEGORIES)
    except DataFileError as exc:
        log.error("%s", exc)
        sys.exit(1)
    now = today(settings)
    warn_days = settings.get("HOTLINE_EXPIRY_WARNING_DAYS", 14)
    for hotline in hotlines:
        if hotline.end and hotline.end < now:
            notice.warning("content/%s:%d: the banner of hotline '%s' ended on %s and is no longer "
                           "shown — remove it, or set a new 'end' date", name, hotline.line, hotline.id, hotline.end)
        elif hotline.end and hotline.active_on(now) and (hotline.end - now).days <= warn_days:
            notice.warning("content/%s:%d: the banner of hotline '%s' stops being shown after %s (in %d "
                           "days) — set a later 'end' date if the number stays in service", name,
                           hotline.line, hotline.id, hotline.end, (hotline.end - now).days)
    _state.update(hotlines=hotlines, today=now)


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
    fitting = [h for h in _state["hotlines"]
               if h.active_on(_state["today"]) and h.applies(section, category, tags)]
    return sorted(fitting, key=lambda h: -h.priority)[:limit]


def add_globals(generator):
    generator.env.globals["hotline_banners"] = hotline_banners


def register():
    signals.initialized.connect(start)
    signals.generator_init.connect(add_globals)
