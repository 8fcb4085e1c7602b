"""Pages that share well: Open Graph, Twitter cards, JSON-LD and plain share links."""

from .plugin import register  # noqa: F401
