"""The theme's stylesheets, bundled into one cacheable file named by its content hash."""

from .plugin import register  # noqa: F401
