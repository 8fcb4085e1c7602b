"""Embargoes and expiry: nothing appears before its time, and what expires goes by itself.

An article or page whose `date` is later than the build's "now" (clock.py) is *scheduled*:
it is taken out of every list Pelican and the other plugins read (articles, translations,
hidden and draft lists, the generated-content index) before categories, tags, translations,
issues, feeds or listings are made from them, so nothing of it is written. Its translations
wait with it (a translation is never public before its original), and so do the stories of a
scheduled newsletter issue.

`expires:` (a date and time) marks an item as past from that moment: it keeps its address,
says it has ended, leaves the home page, and its call to action disappears (templates read
`expired`). Every such decision is declared to the clock, so that a rebuild reuses no page
made with another decision.

With SHOW_EMBARGOED (setting, or SITE_SHOW_EMBARGOED=1 in the environment; `invoke livereload
--embargoed`) scheduled items are kept, each marked `embargoed_until` (a banner and noindex in
the theme), and the output carries EMBARGOED_MARKER so that it is never published.
"""

import datetime
import logging
import os
import sys
from pathlib import Path

from pelican import signals

from iomsite.core import clock
from iomsite.core.model import translation_group
from iomsite.core.paths import display_path

log = logging.getLogger(__name__)
notice = logging.getLogger("site.notice.schedule")  # advisory: printed, never fails a build

EMBARGOED_MARKER = ".embargoed-preview"  # in an output that shows embargoed items
LIST_NAMES = (
    "articles",
    "translations",
    "hidden_articles",
    "hidden_translations",
    "drafts",
    "drafts_translations",
    "pages",
    "hidden_pages",
    "draft_pages",
    "draft_translations",
)


def show_embargoed(settings) -> bool:
    return bool(settings.get("SHOW_EMBARGOED") or os.environ.get("SITE_SHOW_EMBARGOED"))


def shown_path(item) -> str:
    return display_path(item.source_path, Path(item.settings["PATH"]))


def start(pelican):
    try:
        clock.begin(pelican.settings)
    except clock.ClockError as exc:
        log.error("%s", exc)
        sys.exit(1)


def held_items(items, now) -> list:
    """The scheduled items: dated later than now, translations of a scheduled original, and
    stories of a scheduled issue."""
    held = [item for item in items if getattr(item, "date", None) and item.date > now]
    originals = {translation_group(item.relative_source_path) for item in held if item.in_default_lang}
    issues = {item.issue_slug for item in held if getattr(item, "type", "") == "newsletter-issue"}
    for item in items:
        if item in held:
            continue
        if translation_group(item.relative_source_path) in originals:
            held.append(item)
        elif getattr(item, "type", "") == "newsletter-story" and getattr(item, "issue_slug", None) in issues:
            held.append(item)
    return held


def hold(generator):
    """Before anything is made of the items read: take the scheduled ones out, mark expiry."""
    settings = generator.settings
    now = clock.now(settings)
    lists = [
        getattr(generator, name) for name in LIST_NAMES if isinstance(getattr(generator, name, None), list)
    ]
    everything = [item for items in lists for item in items]
    held = held_items(everything, now)
    warn_days = settings.get("SCHEDULE_NOTICE_DAYS", 14)
    for item in everything:
        written = item.metadata.get("expires")  # the content check has vetted its form
        expires = clock.local_moment(written, settings) if written else None
        item.expires_at = expires
        item.expired = bool(expires and expires <= now)
        if expires:
            clock.depends(f"expired:{item.source_path}", str(item.expired))
            clock.changes_at(expires)
            clock.changes_at(expires - datetime.timedelta(days=warn_days))  # its notice starts
            if not item.expired and (expires - now) <= datetime.timedelta(days=warn_days):
                notice.warning(
                    "%s: expires on %s (Dushanbe time), in %s — then it is marked as past and "
                    "leaves the home page",
                    shown_path(item),
                    local(expires, settings),
                    until(expires - now),
                )
    keep = show_embargoed(settings)
    for item in held:
        clock.depends(f"scheduled:{item.source_path}", "shown" if keep else "held")
        if getattr(item, "date", None) and item.date > now:  # a translation follows its original's
            clock.changes_at(item.date)
        notice.warning(
            "%s: embargoed until %s (Dushanbe time) — %s",
            shown_path(item),
            local(item.date, settings),
            "shown in this preview only, marked as embargoed" if keep else "nothing of it is published yet",
        )
        item.embargoed_until = item.date
    if keep or not held:
        return
    out = {id(item) for item in held}
    for items in lists:
        items[:] = [item for item in items if id(item) not in out]
    generated = generator.context.get("generated_content", {})
    for key in [k for k, v in generated.items() if id(v) in out]:
        del generated[key]


def local(moment: datetime.datetime, settings) -> str:
    return moment.astimezone(clock.zone(settings)).strftime("%Y-%m-%d %H:%M")


def until(delta: datetime.timedelta) -> str:
    days, hours = delta.days, delta.seconds // 3600
    return f"{days} day(s)" if days else f"{hours} hour(s)" if hours else f"{delta.seconds // 60} minute(s)"


def mark_output(pelican):
    """An output that shows embargoed work says so, for `invoke publish` to refuse it."""
    marker = Path(pelican.settings["OUTPUT_PATH"]) / EMBARGOED_MARKER
    if show_embargoed(pelican.settings):
        marker.write_text(
            "This output shows embargoed items: it must never be published.\n", encoding="utf-8"
        )
    else:
        marker.unlink(missing_ok=True)


def add_globals(generator):
    generator.env.globals["SITE_NOW"] = clock.now(generator.settings)


def register():
    signals.initialized.connect(start)
    signals.generator_init.connect(add_globals)
    signals.article_generator_pretaxonomy.connect(hold)
    signals.page_generator_finalized.connect(hold)
    signals.finalized.connect(mark_output)
