"""Pelican side of the content model: checks content before the build, then gives every
article and page its `type` and template, and the theme its section names."""

import logging
import sys
from pathlib import Path

from pelican import signals
from pelican.contents import Article, Page

from iomsite.core import model
from iomsite.core.model import TYPES, rows, type_for
from iomsite.core.paths import display_path
from iomsite.core.sections import DataFileError, section_name, sections_file, site_sections

from ..incremental import api as incremental
from . import addresses
from .check import check_content
from .html_policy import FIX as HTML_FIX
from .html_policy import html_problems

log = logging.getLogger(__name__)


def run_preflight_check(pelican):
    """Stop before Pelican reads anything if the content has mistakes (all listed at once)."""
    settings = pelican.settings
    if not settings.get("CONTENT_CHECK_AT_START", True):  # the caller runs it (README)
        return
    problems = check_content(Path(settings["PATH"]), settings)
    for problem in problems:
        log.error("%s", problem)
    if problems:
        sys.exit(1)


def load_section_names(pelican):
    """A mistake in the sections file stops the build here, with its message."""
    try:
        site_sections(pelican.settings)
    except DataFileError as exc:
        log.error("%s", exc)
        sys.exit(1)


def give_section_filter(generator):
    """Templates name a section in a language: {{ slug|section_name(lang) }}."""
    sections = site_sections(generator.settings)
    generator.env.filters["section_name"] = lambda slug, lang="en": section_name(slug, lang, sections)


@incremental.replayable  # changes only the object
def set_type_and_template(content):
    if not isinstance(content, (Article, Page)):
        return
    if isinstance(content, Page):
        ctype = TYPES["page"]
    else:
        rel = Path(content.relative_source_path or "")
        ctype = type_for(rel.parts[0] if rel.parts else "", rel.stem)
        if ctype is None:
            return
    content.type = ctype.name
    if "template" not in content.metadata:
        content.template = ctype.template
    content.date_precision = content.metadata.get("date_precision", "day")
    # campaign rows, parsed once for templates: [number, what, when] and [date, what, where]
    content.figure_rows = [(r + ["", ""])[:3] for r in rows(content.metadata.get("figures"))]
    content.event_rows = [(r + ["", ""])[:3] for r in rows(content.metadata.get("events"))]


@incremental.replayable  # only logs: an unchanged file's problems are logged again from the cache
def refuse_unsafe_html(content):
    """The HTML policy again, on what Markdown made of the text: whatever the content check's
    reading of the source missed, no page carries it."""
    if not isinstance(content, (Article, Page)) or not getattr(content, "_content", None):
        return
    for problem in dict.fromkeys(p for _, p in html_problems(content._content)):
        log.error(
            "%s: %s — %s",
            display_path(content.source_path, Path(content.settings["PATH"])),
            problem,
            HTML_FIX,
        )


def add_globals(generator):
    """The content types for templates: their folders (the menu lists them in this order), the
    type whose list each folder's list is, and every type by its name (their labels:
    components/labels.html)."""
    generator.env.globals.update(
        CONTENT_CATEGORIES=model.ARTICLE_CATEGORIES,
        LIST_TYPES={folder: model.list_type(folder) for folder in model.ARTICLE_CATEGORIES},
        CONTENT_TYPES={ctype.name: ctype for ctype in TYPES.values()},
    )


def data_files(settings) -> list:
    """What reading and rendering read besides the content (for the incremental layer)."""
    return [Path(settings["PATH"]) / sections_file(settings)]


def register():
    incremental.depends_on_files(data_files)
    signals.generator_init.connect(add_globals)
    signals.generator_init.connect(give_section_filter)
    signals.initialized.connect(run_preflight_check)
    signals.initialized.connect(load_section_names)
    signals.content_object_init.connect(set_type_and_template)
    signals.content_object_init.connect(refuse_unsafe_html)
    signals.initialized.connect(addresses.forget)
    signals.content_written.connect(addresses.note_written)
