"""Shared library (not a Pelican plugin): HTML helpers used by several plugins."""

from .absolute import absolutize  # noqa: F401
from .language_pages import language_urls, write_language_pages  # noqa: F401
