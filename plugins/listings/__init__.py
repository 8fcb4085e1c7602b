"""Per-language listing pages: home, categories, sections, tags, archives, 404."""

from .plugin import register  # noqa: F401
