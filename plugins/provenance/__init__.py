"""Where the site's facts come from: the source register as a page per language, and what a
page's sources note needs to name its source document."""

from .plugin import register  # noqa: F401
