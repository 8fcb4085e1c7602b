"""Where the incremental layer reaches into Pelican, in one list, and the guard that keeps it
off any Pelican it was not made for.

Pelican has no public hooks for reusing a page or a parsed file, so this layer replaces a few
of its methods and reads a few private attributes. Each is listed here with the reason; a
newer Pelican may change any of them, so on another version the layer does not register at
all and the site is built in full by plain Pelican, correctly, only slower (plugin.register).
"""

MADE_FOR = "4.12."  # Pelican 4.12.x

PATCH_POINTS = (
    # (what, where, why)
    (
        "Content.content and Content.summary (class properties)",
        "tracing.py",
        "note which content bodies a page's rendering reads, so that the page is reused only while "
        "those bodies are unchanged",
    ),
    (
        "Content.get_relative_source_path (class method)",
        "sourcepaths.py",
        "the same answer by string slicing: Pelican's os.path calls cost seconds at 9,000 articles",
    ),
    (
        "ArticlesGenerator.generate_tags / generate_categories / generate_authors",
        "taxonomy.py",
        "membership by sets instead of list scans (quadratic at thousands of articles)",
    ),
    (
        "StaticGenerator.generate_output",
        "plugin.py",
        "render the queued pages before static files, so that `finalized` handlers see them written",
    ),
    (
        "generator.get_files (per instance)",
        "plugin.py",
        "one walk of the content folder shared by the Markdown cache and Pelican",
    ),
    (
        "generator.get_cached_data and generator.readers.read_file (per instance)",
        "content_cache.py",
        "serve unchanged files' content objects from the content cache instead of reading them",
    ),
    (
        "MarkdownReader._md (private attribute)",
        "markdown_cache.py",
        "one Markdown instance per process, reset between files, as Pelican's reader would make",
    ),
    (
        "Writer._written_files (private attribute)",
        "writer.py",
        "Pelican's overwrite check for files the writer reuses or renders in other processes",
    ),
    (
        "Writer.write_file's pagination loop (about 88 lines of Pelican 4.12)",
        "writer.py",
        "the same loop for reused and queued pages; Pelican's renders each page at once",
    ),
    (
        "blinker Signal.receivers (private attribute)",
        "content_cache.py",
        "refuse to cache when a read-time handler cannot be replayed on a cached object",
    ),
)


def supported(pelican_version: str) -> bool:
    return pelican_version.startswith(MADE_FOR)
