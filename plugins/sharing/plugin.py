"""Structured data and share links, built at build time from front matter and settings.

- `structured_data()` (template global): the JSON-LD objects of the page being rendered:
  the content type's own (`schema_type` in the content model: `NewsArticle` for press releases
  and news), `Organization` (its name: no undated contacts) on the
  homes and the about page, `WebSite` with its search action on the homes. Templates print
  them with `|tojson`, which escapes <, > and &, so front matter cannot close the script.
- `published_date(item)` (template global): the item's publication date as ISO 8601 at the
  precision it is known ("2006-02-15", "2012-06", "2017"; with the time and zone only when a
  time was given), or "" when the date is that of an event the item reports (`date_of: event`):
  no machine-readable field states a day the sources do not give.
- `share_links(url, title)`: plain links to share by e-mail, Telegram, WhatsApp, Facebook and
  X; no widget, no script, nothing loaded from those sites until the reader follows a link.
"""

import re
from urllib.parse import quote

from jinja2 import pass_context
from markupsafe import Markup
from pelican import signals

from iomsite.core import model
from iomsite.core.model import type_named

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def og_locales() -> dict:
    return {language.code: language.og_locale for language in model.SITE_LANGUAGES}


def absolute(settings, path: str) -> str:
    return f"{settings['SITE_PUBLIC_URL'].rstrip('/')}/{path.lstrip('/')}"


def organization(settings) -> dict:
    org = dict(settings["ORGANIZATION"])
    return {
        "@type": "Organization",
        "@id": absolute(settings, "#organization"),
        "url": absolute(settings, ""),
        **org,
    }


def iso_date(value, precision: str = "day") -> str:
    """ISO 8601 as precise as known: 2017, 2012-06, 2006-02-15, or the moment with its zone
    when a time of day was given (a date without one is read as midnight)."""
    if precision == "year":
        return f"{value.year:04d}"
    if precision == "month":
        return f"{value.year:04d}-{value.month:02d}"
    if (value.hour, value.minute, value.second) == (0, 0, 0):
        return value.date().isoformat()
    return value.isoformat()


def published_date(item) -> str:
    """The publication date as far as it is known; "" when the date is an event's."""
    if getattr(item, "date_of", "publication") == "event":
        return ""
    return iso_date(item.date, getattr(item, "date_precision", None) or "day")


def article_dates(article) -> dict:
    """datePublished at its known precision and dateModified (the `modified` field, else the
    publication); an event's date is `contentReferenceTime`, never a publication date."""
    published = published_date(article)
    modified = getattr(article, "modified", None)
    dates = {}
    if published:
        dates["datePublished"] = published
    else:
        dates["contentReferenceTime"] = iso_date(
            article.date, getattr(article, "date_precision", None) or "day"
        )
    if modified:
        dates["dateModified"] = iso_date(modified)
    elif published:
        dates["dateModified"] = published
    return dates


def structured_data(ctx, settings) -> list:
    lang = ctx.get("page_lang") or getattr(ctx.get("article") or ctx.get("page"), "lang", "en")
    article, page = ctx.get("article"), ctx.get("page")
    found = []
    ctype = type_named(getattr(article, "type", "")) if article is not None else None
    if ctype is not None and ctype.schema_type:  # press releases and news: NewsArticle
        image = ctx["image_file"](
            getattr(article, "image", None) or settings["SHARE_IMAGE"].format(lang=lang)
        )
        data = {
            "@context": "https://schema.org",
            "@type": ctype.schema_type,
            "headline": article.title[:110],
            **article_dates(article),
            "inLanguage": article.lang,
            "mainEntityOfPage": absolute(settings, article.url),
            "author": {"@type": "Organization", "name": settings["ORGANIZATION"]["name"]},
            "publisher": organization(settings),
        }
        if image:
            data["image"] = [absolute(settings, image["url"])]
        summary = Markup(getattr(article, "summary", "") or "").striptags()
        if summary and not EMAIL.search(summary):  # JSON has no way to hide an address
            data["description"] = summary
        if getattr(article, "dateline", None):
            data["dateline"] = article.dateline
        found.append(data)
    home = ctx.get("page_url") == ctx["lang_prefix"](lang) and article is None and page is None
    if home or (page is not None and getattr(page, "translation_key", "") == "about"):
        found.append({"@context": "https://schema.org", **organization(settings)})
    if home:
        search = absolute(settings, f"{ctx['lang_prefix'](lang)}search/")
        found.append(
            {
                "@context": "https://schema.org",
                "@type": "WebSite",
                "url": absolute(settings, ctx["lang_prefix"](lang)),
                "name": settings["SITENAME"],
                "inLanguage": lang,
                "publisher": {"@id": absolute(settings, "#organization")},
                "potentialAction": {
                    "@type": "SearchAction",
                    "target": {"@type": "EntryPoint", "urlTemplate": f"{search}?q={{search_term_string}}"},
                    "query-input": "required name=search_term_string",
                },
            }
        )
    return found


def share_links(url: str, title: str) -> list:
    """(name, href) pairs; `url` is absolute."""
    u, t = quote(url, safe=""), quote(title, safe="")
    return [
        ("E-mail", f"mailto:?subject={t}&body={u}"),
        ("Telegram", f"https://t.me/share/url?url={u}&text={t}"),
        ("WhatsApp", f"https://wa.me/?text={t}%20{u}"),
        ("Facebook", f"https://www.facebook.com/sharer/sharer.php?u={u}"),
        ("X", f"https://x.com/intent/post?url={u}&text={t}"),
    ]


def add_globals(generator):
    settings = generator.settings

    @pass_context
    def page_structured_data(ctx):
        return structured_data(ctx, settings)

    generator.env.globals.update(
        {
            "structured_data": page_structured_data,
            "share_links": share_links,
            "published_date": published_date,
            "OG_LOCALES": og_locales(),
        }
    )


def register():
    signals.generator_init.connect(add_globals)
