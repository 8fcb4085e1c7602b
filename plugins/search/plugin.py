"""Writes `/search/`, `/ru/search/` and `/tg/search/`. The index itself is made by Pagefind
after the pages are written (tools/build.py, tools/search_index.py), one per language (from
`<html lang>`, in shards); templates mark what is indexed (`data-pagefind-body` on articles and
pages only) and what is not.

The search page is the only page with a script (`theme/js/search.js`), loaded only there, and
Pagefind's WebAssembly needs `'wasm-unsafe-eval'`: its Content-Security-Policy adds that, and
nothing else. With JavaScript off, its form (and the header link) leads to the archives, the
plain-HTML list of every title of the language.
"""

from pelican import signals
from pelican.generators import Generator

from iomsite.core.htmlparts import write_language_pages


class SearchPageGenerator(Generator):
    def generate_context(self):
        pass

    def generate_output(self, writer):
        csp = self.settings["CONTENT_SECURITY_POLICY"].replace(
            "script-src 'self'", "script-src 'self' 'wasm-unsafe-eval'"
        )
        write_language_pages(self, writer, "search", "search/", CONTENT_SECURITY_POLICY=csp)


def get_generators(pelican):
    return SearchPageGenerator


def register():
    signals.get_generators.connect(get_generators)
