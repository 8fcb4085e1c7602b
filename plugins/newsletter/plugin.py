"""A newsletter issue is a folder under content/newsletters/: `issue.md` (and its translations
`issue.ru.md`, `issue.tg.md`) plus one Markdown file per story. This plugin gives them their
addresses, groups each issue's stories by section in the configured order, and links
story <-> issue, story <-> story and issue <-> issue (per language)."""

from collections import defaultdict
from pathlib import Path

from pelican import signals
from pelican.contents import Article

from iomsite.core.model import translation_group
from iomsite.core.sections import site_sections

from ..incremental import api as incremental
from .email_edition import NewsletterEmailGenerator


def issue_folder(content) -> str:
    return Path(content.relative_source_path).parts[1]


@incremental.replayable  # changes only the object
def set_urls(content):
    if not isinstance(content, Article) or getattr(content, "type", "") not in (
        "newsletter-issue",
        "newsletter-story",
    ):
        return
    folder = issue_folder(content)
    prefix = "" if content.in_default_lang else f"{content.lang}/"
    content.issue_slug = folder
    if content.type == "newsletter-issue":
        content.slug = folder  # the issue's translations share the folder name as their key
        url = f"{prefix}newsletters/{folder}/"
    else:
        url = f"{prefix}newsletters/{folder}/{content.slug}/"
    content.override_url = url
    content.override_save_as = url + "index.html"


def story_sort_key(section_order):
    def key(story):
        return (
            section_order.get(story.section, len(section_order)),
            int(story.metadata.get("order", 0) or 0),
            Path(story.source_path).name,
        )

    return key


def link_issues(generator):
    sections = site_sections(generator.settings)
    section_order = {s.slug: s.order for s in sections}
    articles = generator.articles + generator.translations
    issues = {}
    stories = defaultdict(list)
    for article in articles:
        if getattr(article, "type", "") == "newsletter-issue":
            issues[(article.issue_slug, article.lang)] = article
        elif getattr(article, "type", "") == "newsletter-story":
            stories[(article.issue_slug, article.lang)].append(article)

    default = generator.settings["DEFAULT_LANG"]
    for (folder, lang), issue in issues.items():
        items = sorted(stories.get((folder, lang), []), key=story_sort_key(section_order))
        issue.stories = items
        # Stories not yet translated are listed in the table of contents in the default language
        # (the template marks their language), so a translated issue is never an empty shell.
        here = {translation_group(s.relative_source_path) for s in items}
        originals = stories.get((folder, default), [])
        fallback = [s for s in originals if translation_group(s.relative_source_path) not in here]
        grouped = defaultdict(list)
        for story in sorted(items + fallback, key=story_sort_key(section_order)):
            grouped[story.section].append(story)
        issue.stories_by_section = [(s.slug, grouped[s.slug]) for s in sections if grouped[s.slug]]
        issue.toc_stories = [story for _, group in issue.stories_by_section for story in group]
        for index, story in enumerate(items):
            story.issue = issue
            story.previous_story = items[index - 1] if index > 0 else None
            story.next_story = items[index + 1] if index + 1 < len(items) else None

    by_lang = defaultdict(list)
    for (_folder, lang), issue in issues.items():
        by_lang[lang].append(issue)
    for lang_issues in by_lang.values():
        lang_issues.sort(key=lambda i: i.date)
        for index, issue in enumerate(lang_issues):
            issue.previous_issue = lang_issues[index - 1] if index > 0 else None
            issue.next_issue = lang_issues[index + 1] if index + 1 < len(lang_issues) else None


def get_generators(pelican):
    return NewsletterEmailGenerator


def register():
    signals.content_object_init.connect(set_urls)
    signals.article_generator_finalized.connect(link_issues)
    signals.get_generators.connect(get_generators)
