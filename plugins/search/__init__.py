"""Search pages per language, for the Pagefind index built after the site."""

from .plugin import register  # noqa: F401
