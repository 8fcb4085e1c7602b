"""Feeds with feedgen: Atom and RSS 2.0 per language for the whole site, each content type and
each theme section, plain (no stylesheet: a browser shows them as XML), and a "Subscribe" page
per language, the feeds' human view. Pelican's own feed writer is switched off in pelicanconf.py.

Entries carry the full content with absolute links, a summary, a permanent tag: id made from
the translation key and the original date (so neither a rebuild nor a title edit re-sends an
item), Asia/Dushanbe dates, author, categories, the lead image as an enclosure, and language.
An entry is `published` (RSS `pubDate`) only when its publication day is known; its `updated`
is its file's own history (README.md: "Dates"). The feed's own `updated` is its newest entry's,
so an unchanged site gives identical files.
"""

import os
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from feedgen.feed import FeedGenerator
from lxml import etree
from pelican import signals
from pelican.generators import Generator

from iomsite.core import clock, model
from iomsite.core.htmlparts import absolutize, write_language_pages
from iomsite.core.sections import site_sections

from ..incremental import api as incremental
from .revisions import last_changes, mtime

FORMATS = ("atom", "rss")


def prefix(lang, default):
    return "" if lang == default else f"{lang}/"


def feed_path(kind: str, lang: str, slug: str = "", fmt: str = "atom", default: str = "en") -> str:
    """Site-relative path of a feed: feeds/all.atom.xml, ru/feeds/press.rss.xml,
    feeds/sections/counter-trafficking.atom.xml."""
    base = f"{prefix(lang, default)}feeds/"
    name = "all" if kind == "all" else (slug if kind == "category" else f"sections/{slug}")
    return f"{base}{name}.{fmt}.xml"


@dataclass
class Feed:
    kind: str  # all, category, section
    slug: str
    lang: str
    title: str
    page_url: str  # the HTML list this feed follows
    items: list
    name: str = ""  # the list's own name ("Press releases"), for the Subscribe page


class FeedsGenerator(Generator):
    def generate_context(self):
        self.snippets, self.labels = {}, {}

    # --- helpers -----------------------------------------------------------------------
    def label(self, snippet: str, lang: str, **values) -> str:
        """Render an interface string through the theme's gettext catalogues (each snippet is
        compiled once: compiling per call was the feeds' main cost on large sites)."""
        key = (snippet, lang, tuple(sorted((k, str(v)) for k, v in values.items())))
        if key not in self.labels:
            template = self.snippets.get(snippet)
            if template is None:
                template = self.snippets[snippet] = self.env.from_string(
                    '{% import "components/labels.html" as labels with context %}' + snippet
                )
            self.labels[key] = template.render(page_lang=lang, **values).strip()
        return self.labels[key]

    def absolute(self, path: str) -> str:
        return f"{self.settings['SITE_PUBLIC_URL'].rstrip('/')}/{path.lstrip('/')}"

    def updated(self, article):
        """When the article last changed (once per build: every feed it is in asks)."""
        if article not in self.updates:
            self.updates[article] = self.last_change(article)
        return self.updates[article]

    def last_change(self, article):
        """The file's own history: its `modified` field, its last change (git, or the file's
        time), and its date only where that is a known publication day (an embargo's moment);
        failing all, the build's day (SITE_TODAY). Never a day the sources do not give."""
        tz = ZoneInfo(self.settings["TIMEZONE"])
        candidates = [article.date] if publication_day_known(article) else []
        if getattr(article, "modified", None):
            candidates.append(article.modified)
        changed = self.changes.get(os.path.realpath(article.source_path))  # as Path.resolve, faster
        if changed is None:
            try:
                changed = mtime(article.source_path)
            except OSError:  # no file (content made by a plugin)
                pass
        if changed is not None:
            candidates.append(changed.astimezone(tz))
        if not candidates:
            candidates.append(clock.now(self.settings))
        return max(candidates).astimezone(tz)

    def entry_id(self, article) -> str:
        """tag:<host>,<date>:<key>/<lang>, the date as precise as it is known (RFC 4151 takes
        2017, 2012-06 or 2006-02-15): an id states no day the sources do not give."""
        host = urlsplit(self.settings["SITE_PUBLIC_URL"]).hostname
        date, precision = article.date, getattr(article, "date_precision", None) or "day"
        # not strftime: Pelican's is slow, and this runs per entry
        known = {"year": f"{date.year:04d}", "month": f"{date.year:04d}-{date.month:02d}"}
        when = known.get(precision) or date.date().isoformat()
        return f"tag:{host},{when}:{article.translation_key}/{article.lang}"

    def entry_content(self, article) -> str:
        if article in self.contents:
            return self.contents[article]
        html = article.content
        if getattr(article, "type", "") == "newsletter-issue":
            html += self.label(
                '{% import "components/feed_parts.html" as parts with context %}{{ parts.issue_toc(issue) }}',
                article.lang,
                issue=article,
                SITEURL=self.settings["SITEURL"],
            )
        self.contents[article] = absolutize(html, self.absolute(article.url))
        return self.contents[article]

    def enclosure(self, article):
        """The lead image as published by the images plugin (originals are never published)."""
        enclosure = getattr(article, "pdf_enclosure", None) or getattr(article, "image_enclosure", None)
        if not enclosure:  # a newsletter issue carries its PDF (plugins/newsletter_pdf)
            return None
        url, length, kind = enclosure
        return self.absolute(url), length, kind

    # --- feeds -------------------------------------------------------------------------
    def plan(self, articles) -> list[Feed]:
        default = self.settings["DEFAULT_LANG"]
        feeds = []
        for lang in self.settings["SITE_LANGUAGES"]:
            mine = sorted((a for a in articles if a.lang == lang), key=lambda a: a.date, reverse=True)
            announced = [a for a in mine if a.type != "newsletter-story"]  # issues announce stories
            site = self.label("{{ _('IOM Tajikistan') }}", lang)
            feeds.append(Feed("all", "", lang, site, prefix(lang, default), announced))
            for category in model.ARTICLE_CATEGORIES:
                name = self.label("{{ labels.category_name(slug) }}", lang, slug=category)
                feeds.append(
                    Feed(
                        "category",
                        category,
                        lang,
                        f"{site}: {name}",
                        f"{prefix(lang, default)}{category}/",
                        [a for a in announced if a.category.slug == category],
                        name,
                    )
                )
            by_section = defaultdict(list)
            for article in mine:
                if getattr(article, "section", None):
                    by_section[article.section].append(article)
            section_name = self.env.filters["section_name"]
            for section in site_sections(self.settings):
                if by_section.get(section.slug):
                    feeds.append(
                        Feed(
                            "section",
                            section.slug,
                            lang,
                            f"{site}: {section_name(section.slug, lang)}",
                            f"{prefix(lang, default)}sections/{section.slug}/",
                            by_section[section.slug],
                            section_name(section.slug, lang),
                        )
                    )
        return feeds

    def build_feed(self, feed: Feed) -> FeedGenerator:
        default = self.settings["DEFAULT_LANG"]
        limit = self.settings.get("FEED_MAX_ENTRIES", 20)
        items = feed.items[:limit]
        generator = FeedGenerator()
        generator.load_extension("dc", atom=False, rss=True)
        generator.id(self.absolute(feed_path(feed.kind, feed.lang, feed.slug, "atom", default)))
        generator.title(feed.title)
        generator.subtitle(
            self.label(
                "{{ _('International Organization for Migration (IOM), Mission in Tajikistan') }}", feed.lang
            )
        )
        generator.language(feed.lang)
        generator.author({"name": self.settings["AUTHOR"]})
        entry_dates = {}
        for article in items:
            entry = generator.add_entry(order="append")
            entry_dates[article] = self.updated(article)
            entry.id(self.entry_id(article))
            entry.title(article.title)
            entry.link(href=self.absolute(article.url), rel="alternate")
            summary = self.env.filters["striptags"](getattr(article, "summary", "") or "")
            entry.summary(summary)
            entry.content(self.entry_content(article), type="html")
            if publication_day_known(article):  # optional in Atom and RSS: never guessed
                entry.published(article.date)
            entry.updated(entry_dates[article])
            entry.author(
                {"name": getattr(article, "author", None) and article.author.name or self.settings["AUTHOR"]}
            )
            terms = [self.label("{{ labels.category_name(slug) }}", feed.lang, slug=article.category.slug)]
            if getattr(article, "section", None):
                terms.append(self.env.filters["section_name"](article.section, feed.lang))
            terms += [tag.name for tag in getattr(article, "tags", [])]
            for term in terms:
                entry.category(term=term)
            entry.dc.dc_language(article.lang)
            enclosure = self.enclosure(article)
            if enclosure:
                entry.enclosure(*enclosure)
                self.enclosures[enclosure[0]] = enclosure
        newest = max(entry_dates.values(), default=None)
        if newest is None:  # an empty feed: dated by its newest possible content, the site's start
            newest = self.first_date
        generator.updated(newest)
        return generator

    def write_feed(self, feed: Feed, writer=None):
        """Both formats of a feed; on a rebuild, a feed whose entries, their texts and dates did
        not change is not made again (plugins/incremental)."""
        limit = self.settings.get("FEED_MAX_ENTRIES", 20)
        items = feed.items[:limit]
        incremental.make_or_reuse(
            writer,
            f"feed:{feed.kind}:{feed.lang}:{feed.slug}",
            self.context,
            [feed, limit, [self.updated(a) for a in items], self.first_date],
            items,
            lambda: self.make_feed_files(feed),
        )

    def make_feed_files(self, feed: Feed) -> list:
        default = self.settings["DEFAULT_LANG"]
        generator = self.build_feed(feed)  # once; only the self link differs between formats
        written = []
        for fmt in FORMATS:
            path = feed_path(feed.kind, feed.lang, feed.slug, fmt, default)
            generator.link(
                [
                    {"href": self.absolute(feed.page_url), "rel": "alternate"},
                    {"href": self.absolute(path), "rel": "self"},
                ],
                replace=True,
            )
            xml = generator.atom_str(pretty=True) if fmt == "atom" else generator.rss_str(pretty=True)
            target = Path(self.output_path) / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(self.finish(xml, feed.lang, fmt))
            written.append(path)
        return written

    def finish(self, xml: bytes, lang: str, fmt: str) -> bytes:
        """Add each entry's language (feedgen does not write it)."""
        root = etree.fromstring(xml)
        if fmt == "atom":
            for entry in root.findall("{http://www.w3.org/2005/Atom}entry"):
                entry.set("{http://www.w3.org/XML/1998/namespace}lang", lang)
                # feedgen 1.0.0 drops rel/type/length of entry links in Atom (its loop variable
                # `link` is shadowed by the new element), so enclosures are restored here.
                for link in entry.findall("{http://www.w3.org/2005/Atom}link"):
                    if link.get("href") in self.enclosures and not link.get("rel"):
                        _, length, kind = self.enclosures[link.get("href")]
                        link.set("rel", "enclosure")
                        link.set("type", kind)
                        link.set("length", length)
        return etree.tostring(root.getroottree(), xml_declaration=True, encoding="UTF-8", pretty_print=True)

    def generate_output(self, writer):
        self.changes = last_changes(Path(self.settings["PATH"]))
        self.contents = {}  # article -> its absolutized HTML, shared by all feeds
        self.updates = {}  # article -> when it last changed
        self.enclosures = {}  # url -> (url, length, type)
        articles = self.context["articles"]
        # dates an empty feed: the oldest change of any entry (not a publication date)
        self.first_date = min((self.updated(a) for a in articles), default=None)
        feeds = self.plan(articles)
        for feed in feeds:
            self.write_feed(feed, writer)
        default = self.settings["DEFAULT_LANG"]
        by_lang = defaultdict(list)
        for feed in feeds:
            by_lang[feed.lang].append(feed)
        write_language_pages(
            self,
            writer,
            "subscribe",
            "subscribe/",
            per_language=lambda lang: {
                "feeds": [
                    (
                        f,
                        feed_path(f.kind, f.lang, f.slug, "atom", default),
                        feed_path(f.kind, f.lang, f.slug, "rss", default),
                    )
                    for f in by_lang[lang]
                ]
            },
        )


def publication_day_known(article) -> bool:
    """Whether the article's date is the day it was published: not an event's date
    (`date_of: event`), not a month or a year (`date_precision`)."""
    return (getattr(article, "date_precision", None) or "day") == "day" and getattr(
        article, "date_of", "publication"
    ) != "event"


def add_globals(generator):
    default = generator.settings["DEFAULT_LANG"]
    generator.env.globals["feed_url"] = lambda kind, lang, slug="", fmt="atom": feed_path(
        kind, lang, slug, fmt, default
    )


def get_generators(pelican):
    return FeedsGenerator


def register():
    signals.generator_init.connect(add_globals)
    signals.get_generators.connect(get_generators)
