"""Writes every listing page once per language, from the articles of that language only.

Pelican's own generator builds one set of lists from the default-language articles; with
three languages read in one pass we need one set per language, so those are switched off in
pelicanconf.py and written here instead (through Pelican's Writer, so pagination works as
usual).
"""
from collections import defaultdict
from itertools import groupby

from pelican import signals
from pelican.generators import Generator

from . import urls

CATEGORIES = ("press", "news", "newsletters", "campaigns")
HOME_LATEST = 6


def listed(article) -> bool:
    """Stories are reached through their newsletter issue, not listed on their own."""
    return getattr(article, "type", "") != "newsletter-story"


class ListingsGenerator(Generator):
    def generate_context(self):
        pass

    def generate_output(self, writer):
        articles = self.context["articles"]
        languages = self.settings["SITE_LANGUAGES"]
        by_lang = defaultdict(list)
        for article in articles:
            by_lang[article.lang].append(article)
        for lang in languages:
            items = sorted(by_lang.get(lang, []), key=lambda a: a.date, reverse=True)
            self.write_language(writer, lang, items)

    def write(self, writer, template, url, lang, paginated=None, **extra):
        writer.write_file(
            urls.save_as(url), self.get_template(template), self.context,
            relative_urls=self.settings["RELATIVE_URLS"], paginated=paginated,
            template_name=template, url=url, page_lang=lang, page_url=url, **extra)

    def write_language(self, writer, lang, items):
        shown = [a for a in items if listed(a)]
        by_category = defaultdict(list)
        for article in shown:
            by_category[article.category.slug].append(article)

        self.write(writer, "index", urls.list_url("home", lang), lang,
                   latest=[a for a in shown if a.type in ("press-release", "news")][:HOME_LATEST],
                   latest_issue=next(iter(by_category["newsletters"]), None),
                   campaigns=by_category["campaigns"][:2])

        for category in CATEGORIES:
            listed_items = by_category[category]
            self.write(writer, "category", urls.list_url("category", lang, category), lang,
                       paginated={"articles": listed_items}, articles=listed_items,
                       category_slug=category)

        by_section = defaultdict(list)
        for article in items:
            if getattr(article, "section", None):
                by_section[article.section].append(article)
        for section in self.settings.get("SECTIONS", []):
            section_items = by_section.get(section.slug, [])
            if section_items:
                self.write(writer, "section", urls.list_url("section", lang, section.slug), lang,
                           paginated={"articles": section_items}, articles=section_items,
                           section_slug=section.slug)

        by_tag = defaultdict(list)
        for article in items:
            for tag in getattr(article, "tags", []):
                by_tag[tag].append(article)  # Pelican's Tag: slug made with TAG_REGEX_SUBSTITUTIONS
        for tag, tag_items in sorted(by_tag.items()):
            self.write(writer, "tag", urls.list_url("tag", lang, tag.slug), lang,
                       paginated={"articles": tag_items}, articles=tag_items, tag_name=tag.name)

        years = [(year, list(group)) for year, group in groupby(items, key=lambda a: a.date.year)]
        self.write(writer, "archives", urls.list_url("archives", lang), lang, years=years)
        self.write(writer, "404", urls.list_url("404", lang), lang)


def add_url_globals(generator):
    """Every template (articles and pages too) links to lists through `list_url`."""
    urls.DEFAULT_LANG = generator.settings["DEFAULT_LANG"]
    generator.env.globals.update({"list_url": urls.list_url})


def get_generators(pelican):
    return ListingsGenerator


def register():
    signals.generator_init.connect(add_url_globals)
    signals.get_generators.connect(get_generators)
