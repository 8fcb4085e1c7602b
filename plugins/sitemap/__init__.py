"""sitemap.xml with hreflang alternates for every page of every language, and robots.txt."""

from .plugin import register  # noqa: F401
