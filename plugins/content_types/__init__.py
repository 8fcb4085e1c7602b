"""Content model of the site: content types, theme sections, front-matter rules and checks."""

from .plugin import register  # noqa: F401
