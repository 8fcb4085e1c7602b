"""Writes every listing page once per language, from the articles of that language only.

Pelican's own generator builds one set of lists from the default-language articles; with
three languages read in one pass we need one set per language, so those are switched off in
pelicanconf.py and written here instead (through Pelican's Writer, so pagination works as
usual).

Untranslated content is listed only in its own language; each list says how many items of
the same list exist only in another language, and links there (see docs/authoring.md).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import groupby

from jinja2 import pass_context
from pelican import signals
from pelican.generators import Generator

from iomsite.core import model
from iomsite.core.sections import site_sections

from . import summaries, urls

HOME_LATEST = 6


def listed(article) -> bool:
    """Stories are reached through their newsletter issue, not listed on their own."""
    return getattr(article, "type", "") != "newsletter-story"


@dataclass
class Listing:
    kind: str  # home, category, section, tag, archives, 404
    slug: str
    lang: str
    template: str
    items: list  # articles shown (newest first)
    paginate: bool = False
    extra: dict = field(default_factory=dict)

    @property
    def url(self) -> str:
        return urls.list_url(self.kind, self.lang, self.slug)


def only_elsewhere(items_by_lang: dict, lang: str) -> dict:
    """{other language: number of its items that have no version in `lang`}."""
    here = {a.translation_key for a in items_by_lang.get(lang, [])}
    counts = {}
    for other, items in items_by_lang.items():
        if other != lang:
            missing = sum(
                1
                for a in items
                if a.translation_key not in here and lang not in {t.lang for t in a.translations}
            )
            if missing:
                counts[other] = missing
    return counts


def in_language(pages, slug: str, lang: str):
    """The page whose default-language version has `slug`, in `lang` where translated."""
    for page in pages:
        if getattr(page, "in_default_lang", True) and page.slug == slug:
            return next((t for t in getattr(page, "translations", []) if t.lang == lang), page)
    return None


def home_parts(current, items, lang: str, pages, settings) -> dict:
    """What the home page leads with: who we are (the about page), the themes of our work
    (the sections this language has items in), and our publications by year, newest first,
    as the archive they are (stories are reached through their issue)."""
    with_items = {a.section for a in items if getattr(a, "section", None)}
    years = [(year, list(group)) for year, group in groupby(current, key=lambda a: a.date.year)]
    return {
        "about_page": in_language(pages, "about", lang),
        "home_sections": [s.slug for s in site_sections(settings) if s.slug in with_items],
        "publication_years": years,
        "publication_span": (years[-1][0], years[0][0]) if years else None,
    }


class ListingsGenerator(Generator):
    def generate_context(self):
        pass

    def plan(self, articles, languages) -> list[Listing]:
        listings = []
        news = model.news_types()
        for lang in languages:
            items = sorted((a for a in articles if a.lang == lang), key=lambda a: a.date, reverse=True)
            shown = [a for a in items if listed(a)]
            by_category = defaultdict(list)
            for article in shown:
                by_category[article.category.slug].append(article)
            current = [a for a in shown if not getattr(a, "expired", False)]  # past items leave the home page
            current_by_category = defaultdict(list)
            for article in current:
                current_by_category[article.category.slug].append(article)
            listings.append(
                Listing(
                    "home",
                    "",
                    lang,
                    "index",
                    shown,
                    extra={
                        "latest": [a for a in current if a.type in news][:HOME_LATEST],
                        "latest_issue": next(iter(current_by_category["newsletters"]), None),
                        "campaigns": current_by_category["campaigns"][:2],
                        **home_parts(current, items, lang, self.context.get("pages", []), self.settings),
                    },
                )
            )
            for category in model.ARTICLE_CATEGORIES:  # with any type the site declared
                if category == "newsletters":  # the newsletter archive: every issue, by year
                    issues = by_category[category]
                    years = [
                        (year, list(group)) for year, group in groupby(issues, key=lambda a: a.date.year)
                    ]
                    listings.append(
                        Listing(
                            "category",
                            category,
                            lang,
                            "newsletter_archive",
                            issues,
                            extra={"category_slug": category, "years": years},
                        )
                    )
                    continue
                listings.append(
                    Listing(
                        "category",
                        category,
                        lang,
                        "category",
                        by_category[category],
                        paginate=True,
                        extra={"category_slug": category},
                    )
                )
            by_section = defaultdict(list)
            by_tag = defaultdict(list)
            for article in items:
                if getattr(article, "section", None):
                    by_section[article.section].append(article)
                for tag in getattr(article, "tags", []):
                    by_tag[tag.slug].append((tag, article))  # Tag.slug uses TAG_REGEX_SUBSTITUTIONS
            for section in site_sections(self.settings):
                if by_section.get(section.slug):
                    listings.append(
                        Listing(
                            "section",
                            section.slug,
                            lang,
                            "section",
                            by_section[section.slug],
                            paginate=True,
                            extra={"section_slug": section.slug},
                        )
                    )
            for slug, pairs in sorted(by_tag.items()):
                listings.append(
                    Listing(
                        "tag",
                        slug,
                        lang,
                        "tag",
                        [a for _, a in pairs],
                        paginate=True,
                        extra={"tag_name": pairs[0][0].name},
                    )
                )
            years = [(year, list(group)) for year, group in groupby(items, key=lambda a: a.date.year)]
            listings.append(Listing("archives", "", lang, "archives", items, extra={"years": years}))
            listings.append(Listing("404", "", lang, "404", []))
        return listings

    def generate_output(self, writer):
        articles = self.context["articles"]
        listings = self.plan(articles, self.settings["SITE_LANGUAGES"])
        exists = defaultdict(dict)  # (kind, slug) -> {lang: url}
        for listing in listings:
            exists[(listing.kind, listing.slug)][listing.lang] = listing.url
        same_list = defaultdict(dict)  # (kind, slug) -> {lang: [items]} for the untranslated notice
        for listing in listings:
            same_list[(listing.kind, listing.slug)][listing.lang] = listing.items

        for listing in listings:
            key = (listing.kind, listing.slug)
            context = dict(listing.extra)
            if listing.kind in ("category", "section", "tag", "archives"):
                context["only_elsewhere"] = {
                    lang: (count, exists[key][lang])
                    for lang, count in only_elsewhere(same_list[key], listing.lang).items()
                }
            paginated = {"articles": listing.items} if listing.paginate else None
            writer.write_file(
                urls.save_as(listing.url),
                self.get_template(listing.template),
                self.context,
                relative_urls=self.settings["RELATIVE_URLS"],
                paginated=paginated,
                template_name=listing.template,
                url=listing.url,
                page_lang=listing.lang,
                page_url=listing.url,
                page_alternates=exists[key] if listing.kind != "404" else {},
                articles=listing.items,
                **context,
            )


@pass_context
def related(ctx, article, limit=5):
    """News and press releases of the article's language sharing its section or a tag, newest
    first (in the site's article order among the same date)."""
    articles = ctx.get("articles", [])
    by_section, by_tag = _related_index(articles)
    lang = article.lang
    positions = set(by_section.get((lang, getattr(article, "section", None)), ()))
    for tag in getattr(article, "tags", []):
        positions.update(by_tag.get((lang, tag.slug), ()))
    found = [articles[p] for p in sorted(positions) if articles[p] is not article]
    return sorted(found, key=lambda a: a.date, reverse=True)[:limit]


_index_of: dict = {"articles": None, "index": None}


def _related_index(articles):
    """Positions of news and press releases by (language, section) and (language, tag), built
    once per build: looking through every article for every page made the build quadratic."""
    if _index_of["articles"] is not articles:
        by_section, by_tag = defaultdict(list), defaultdict(list)
        news = model.news_types()
        for position, item in enumerate(articles):
            if item.type not in news:
                continue
            if getattr(item, "section", None):
                by_section[(item.lang, item.section)].append(position)
            for tag in getattr(item, "tags", []):
                by_tag[(item.lang, tag.slug)].append(position)
        _index_of.update(articles=articles, index=(by_section, by_tag))
    return _index_of["index"]


def add_url_globals(generator):
    """Every template (articles and pages too) links to lists through `list_url`."""
    urls.DEFAULT_LANG = generator.settings["DEFAULT_LANG"]
    generator.env.globals.update({"list_url": urls.list_url, "related": related})


def get_generators(pelican):
    return ListingsGenerator


def register():
    signals.generator_init.connect(add_url_globals)
    signals.generator_init.connect(summaries.add_filter)
    signals.get_generators.connect(get_generators)
