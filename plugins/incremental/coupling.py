"""Where the project reaches into Pelican, in one list, and the guard that keeps the incremental
layer off any Pelican it was not made for.

Pelican has no public hooks for reusing a page or a parsed file, so the incremental layer
replaces a few of its methods and reads a few private attributes; three feature plugins rewrite
a content object's body. Each point is listed here, with where we use it and why; a newer
Pelican may change any of them, so on another version the layer does not register at all and
the site is built in full by plain Pelican, correctly, only slower (plugin.register).

tests/plugins/incremental/test_coupling.py checks every entry against the pinned Pelican (the
method with these parameters, the property, the attribute its class sets) and that no other
private name of Pelican's is used anywhere in plugins/ or tools/.
"""

from dataclasses import dataclass

MADE_FOR = "4.12."  # Pelican 4.12.x


@dataclass(frozen=True)
class Point:
    target: str  # module:Class.name
    kind: str  # "method" (replaced or wrapped), "property", "attribute" (set by Pelican's code)
    where: str  # our files that use it
    why: str
    parameters: tuple = ()  # of a method, as Pelican 4.12 declares them


PATCH_POINTS = (
    Point("pelican.contents:Content.content", "property", "incremental/tracing.py",
          "note which content bodies a page's rendering reads, so that the page is reused only while "
          "those bodies are unchanged"),
    Point("pelican.contents:Content.summary", "property", "incremental/tracing.py",
          "the same for summaries"),
    Point("pelican.contents:Content.get_relative_source_path", "method", "incremental/sourcepaths.py",
          "the same answer by string slicing: Pelican's os.path calls cost seconds at 9,000 articles",
          ("self", "source_path")),
    Point("pelican.generators:ArticlesGenerator.generate_tags", "method", "incremental/taxonomy.py",
          "membership by sets instead of list scans (quadratic at thousands of articles)", ("self", "write")),
    Point("pelican.generators:ArticlesGenerator.generate_categories", "method", "incremental/taxonomy.py",
          "as generate_tags", ("self", "write")),
    Point("pelican.generators:ArticlesGenerator.generate_authors", "method", "incremental/taxonomy.py",
          "as generate_tags", ("self", "write")),
    Point("pelican.generators:StaticGenerator.generate_output", "method", "incremental/plugin.py",
          "render the queued pages before static files, so that `finalized` handlers see them written",
          ("self", "writer")),
    Point("pelican.generators:Generator.get_files", "method", "incremental/plugin.py (per instance)",
          "one walk of the content folder shared by the Markdown cache and Pelican",
          ("self", "paths", "exclude", "extensions")),
    Point("pelican.cache:FileDataCacher.get_cached_data", "method",
          "incremental/content_cache.py (per instance)",
          "serve unchanged files' content objects from the content cache instead of reading them",
          ("self", "filename", "default")),
    Point("pelican.cache:FileDataCacher.cache_data", "method", "incremental/content_cache.py (per instance)",
          "store what was read in the content cache (Pelican's own cache is off)",
          ("self", "filename", "data")),
    Point("pelican.readers:Readers.read_file", "method", "incremental/content_cache.py (per instance)",
          "record what reading a file did, to replay it on the cached object",
          ("self", "base_path", "path", "content_class", "fmt", "context", "preread_signal",
           "preread_sender", "context_signal", "context_sender")),
    Point("pelican.readers:Readers.reader_classes", "attribute", "incremental/plugin.py",
          "the Markdown reader fed from the conversion cache takes the place of Pelican's"),
    Point("pelican.readers:MarkdownReader.read", "method", "incremental/markdown_cache.py (subclass)",
          "conversions come from the cache", ("self", "source_path")),
    Point("pelican.readers:MarkdownReader._md", "attribute", "incremental/markdown_cache.py",
          "one Markdown instance per process, reset between files, as Pelican's reader would make"),
    Point("pelican.readers:MarkdownReader._source_path", "attribute", "incremental/markdown_cache.py",
          "set as Pelican's read() sets it: its metadata processing names the file in warnings"),
    Point("pelican.readers:MarkdownReader._parse_metadata", "method", "incremental/markdown_cache.py",
          "the cached front matter goes through Pelican's own metadata processing", ("self", "meta")),
    Point("pelican.writers:Writer.write_file", "method", "incremental/writer.py (subclass)",
          "the same pagination loop (about 88 lines of Pelican 4.12) for reused and queued pages; "
          "Pelican's renders each page at once",
          ("self", "name", "template", "context", "relative_urls", "paginated", "template_name",
           "override_output", "url", "kwargs")),
    Point("pelican.writers:Writer._written_files", "attribute", "incremental/writer.py",
          "Pelican's overwrite check for files the writer reuses or renders in other processes"),
    Point("pelican.writers:Writer._overridden_files", "attribute", "incremental/writer.py",
          "the same check's list of files a page may override (override_output)"),
    Point("pelican.urlwrappers:URLWrapper._slug", "attribute", "incremental/content_cache.py",
          "settle tags' slugs before an article is cached, not again at every rebuild"),
    Point("pelican.contents:Content._content", "attribute",
          "emails/plugin.py, images/plugin.py, content_types/plugin.py, incremental/writer.py, "
          "incremental/fingerprint.py",
          "the body as read, before Pelican's link replacement: addresses are protected, images made "
          "responsive and raw HTML checked once, at content_object_init; the layer fingerprints it"),
    Point("pelican.contents:Content._context", "attribute", "incremental/fingerprint.py",
          "left out of a content object's fingerprint (the whole site's context)"),
    Point("pelican.contents:Content._summary", "attribute", "incremental/fingerprint.py",
          "left out of the fingerprint: the summary is fingerprinted through its property"),
    Point("blinker:Signal.receivers", "attribute", "incremental/content_cache.py",
          "refuse to cache when a read-time handler cannot be replayed on a cached object"),
)  # fmt: skip


def supported(pelican_version: str) -> bool:
    return pelican_version.startswith(MADE_FOR)
