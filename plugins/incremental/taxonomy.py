"""Tag, category and author pages without Pelican's quadratic step.

Pelican 4.12 gives each tag, category and author page its `dates` list with
`[article for article in self.dates if article in articles]`: a search through the group's
list for every article of the site, so the time grows with the square of the archive (7 s of
a 17 s rebuild at 9,000 articles, for plain Pelican as much as for us). While those pages are
made, each group's list answers `in` from a set of its members instead; everything else about
it (order, contents, what templates and fingerprints see) is the plain list's.
"""
from pelican.generators import ArticlesGenerator


class _Members(list):
    """A list whose `in` looks items up by identity in a set (content items compare by
    identity anyway: Pelican's Content defines no equality)."""

    def __init__(self, items):
        super().__init__(items)
        self._ids = {id(item) for item in items}

    def __contains__(self, item):
        return id(item) in self._ids

    def __reduce_ex__(self, protocol):
        return (list, (list(self),))  # pickled, and so fingerprinted, as the plain list


def install() -> None:
    if getattr(ArticlesGenerator.generate_tags, "uses_member_sets", False):
        return
    tags, categories, authors = (ArticlesGenerator.generate_tags, ArticlesGenerator.generate_categories,
                                 ArticlesGenerator.generate_authors)

    def generate_tags(self, write):
        plain = self.tags
        self.tags = {tag: _Members(articles) for tag, articles in plain.items()}
        try:
            tags(self, write)
        finally:
            self.tags = plain

    def generate_categories(self, write):
        plain = self.categories
        self.categories = [(category, _Members(articles)) for category, articles in plain]
        try:
            categories(self, write)
        finally:
            self.categories = plain

    def generate_authors(self, write):
        plain = self.authors
        self.authors = [(author, _Members(articles)) for author, articles in plain]
        try:
            authors(self, write)
        finally:
            self.authors = plain

    for function in (generate_tags, generate_categories, generate_authors):
        function.uses_member_sets = True
    ArticlesGenerator.generate_tags = generate_tags
    ArticlesGenerator.generate_categories = generate_categories
    ArticlesGenerator.generate_authors = generate_authors
