"""Fast builds of a large archive: Markdown converted on every core and remembered between
builds (markdown_cache.py), unchanged files not read again (content_cache.py), and pages reused
from the previous build when nothing they depend on changed (writer.py, tracing.py). See
README.md."""

import logging
from datetime import date
from importlib.metadata import version
from pathlib import Path

from pelican import signals
from pelican.generators import ArticlesGenerator, PagesGenerator, StaticGenerator
from pelican.readers import MarkdownReader

from iomsite.core import buildreport
from iomsite.core.declarations import declared_files

from . import (
    content_cache,
    coupling,
    fingerprint,
    markdown_cache,
    sourcepaths,
    sources,
    taxonomy,
    tracing,
    writer,
)
from .api import switched_off
from .fingerprint import Unstable, digest, files_digest
from .writer import VOLATILE_KEYS, ReusingWriter

log = logging.getLogger(__name__)


def start(pelican):
    settings = pelican.settings
    markdown_cache._instance = None  # settings may differ from a previous build in this process
    markdown_cache._settings.clear()
    sources.forget()
    fingerprint.forget()
    plugin_code = files_digest(Path(__file__).resolve().parent.parent, suffixes=(".py",))
    libraries = [version("markdown"), version("pelican")]
    try:
        generation = digest([settings["MARKDOWN"], settings["FORMATTED_FIELDS"], plugin_code] + libraries)
    except Unstable as exc:
        log.debug("markdown cache off: %s", exc)
        markdown_cache.CachedMarkdownReader.cache = None
    else:
        markdown_cache.CachedMarkdownReader.cache = (
            None if switched_off("markdown") else markdown_cache.ConversionCache(settings, generation)
        )
    markdown_cache.readers.clear()
    content_cache.current = (
        None if switched_off("content") else start_content_cache(settings, plugin_code, libraries)
    )
    if content_cache.current and markdown_cache.CachedMarkdownReader.cache:
        markdown_cache.CachedMarkdownReader.cache.served = content_cache.current.fresh
    tracing.install()
    if not switched_off("taxonomy"):
        taxonomy.install()
        sourcepaths.install()
    render_before_static_files()


def start_content_cache(settings, plugin_code: str, libraries: list):
    """The content cache, if every read-time handler can be replayed (see content_cache.py)."""
    unsafe = content_cache.unsafe_receivers()
    if unsafe:
        log.debug("content cache off: %s cannot be replayed", ", ".join(unsafe))
        return None
    # Reading depends on every setting, the plugins, the files plugins declared (donors are
    # looked up at read time) and, when future dates become drafts, on the day.
    try:
        generation = digest(
            [
                {k: v for k, v in settings.items() if k not in VOLATILE_KEYS},
                plugin_code,
                files_digest(*declared_files(settings)),
                libraries,
                "" if settings.get("WITH_FUTURE_DATES", True) else str(date.today()),
            ]
        )
    except Unstable as exc:
        log.debug("content cache off: %s", exc)
        return None
    return content_cache.ContentCache(settings, generation)


def render_before_static_files():
    """Pelican runs its StaticGenerator after every other generator: the queued pages are
    rendered just before it, so that every `finalized` handler sees them written (and the image
    pipeline knows every image the templates asked for)."""
    if getattr(StaticGenerator.generate_output, "renders_queued_pages", False):
        return
    original = StaticGenerator.generate_output

    def generate_output(self, writer):
        if isinstance(writer, ReusingWriter):
            writer.flush()
        return original(self, writer)

    generate_output.renders_queued_pages = True
    StaticGenerator.generate_output = generate_output


def note_reading_order(generator):
    """Articles then pages: the Markdown cache converts files in the order they are read. It
    asks the generator for its files before the generator does; both get the same set (one
    walk of the content folder, and the same order)."""
    if type(generator) is ArticlesGenerator:
        markdown_cache.readers.append((generator, "ARTICLE_PATHS", "ARTICLE_EXCLUDES"))
    elif type(generator) is PagesGenerator:
        markdown_cache.readers.append((generator, "PAGE_PATHS", "PAGE_EXCLUDES"))
    else:
        return
    get_files, found = generator.get_files, {}

    def get_files_once(paths, exclude=None, extensions=None):
        if extensions is not None and extensions is not False and not extensions:
            # No extension allowed, no file (Pelican's check for files of disabled readers,
            # usually none, walked the whole content folder again for that).
            return set()
        key = (repr(paths), repr(exclude), repr(extensions))
        if key not in found:
            found[key] = get_files(paths, exclude=exclude, extensions=extensions)
        return found[key]

    generator.get_files = get_files_once


def use_cached_reader(readers):
    for extension in MarkdownReader.file_extensions:
        if extension in readers.reader_classes:
            readers.reader_classes[extension] = markdown_cache.CachedMarkdownReader


def reusing_writer(pelican):
    return writer.ReusingWriter


def render_articles_in_background(generator, writer):
    if isinstance(writer, ReusingWriter):
        writer.render_in_background()


def finish(pelican):
    cache = markdown_cache.CachedMarkdownReader.cache
    if cache is not None:
        cache.save()
    kept, ahead = 0, 0
    if content_cache.current is not None:
        kept, ahead = content_cache.current.hits, content_cache.current.hits_ahead
        content_cache.current.save()
        content_cache.current = None
    if writer.current is not None:
        writer.current.flush()  # nothing left, normally
        writer.current.save_state()
        buildreport.add(
            "incremental",
            pages_rendered=writer.current.rendered,
            pages_reused=writer.current.reused,
            files_written=writer.current.files_rendered,
            sources_unchanged=kept,
            markdown_converted=cache.converted if cache else None,
        )
        if pelican.settings.get("INCREMENTAL_REPORT", True):
            print(
                f"Pages: {writer.current.rendered} rendered, {writer.current.reused} reused "
                f"from the previous build ({writer.current.files_rendered} files written); "
                f"sources: {kept} unchanged, not read again"
                + (f" ({ahead} unpickled ahead by the preview)" if ahead else "")
                + "; "
                f"Markdown: {cache.converted if cache else 'all'} file(s) converted."
            )
        writer.current = None


def register():
    pelican_version = version("pelican")
    if not coupling.supported(pelican_version):
        # It patches Pelican at the points coupling.PATCH_POINTS lists; on another Pelican, plain
        # Pelican builds every page (correct, only slower).
        logging.getLogger("site.notice.incremental").warning(  # a notice: printed, never fails a build
            "The incremental build was made for Pelican %sx and this is Pelican %s: every page is "
            "built in full (correct, only slower) until plugins/incremental is checked against it.",
            coupling.MADE_FOR,
            pelican_version,
        )
        return
    signals.initialized.connect(start)
    signals.readers_init.connect(use_cached_reader)
    signals.generator_init.connect(content_cache.attach)
    signals.generator_init.connect(note_reading_order)
    signals.get_writer.connect(reusing_writer)
    signals.article_writer_finalized.connect(render_articles_in_background)
    signals.finalized.connect(finish)
