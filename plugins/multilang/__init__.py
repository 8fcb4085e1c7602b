"""Three languages in one Pelican pass: slugs, translation links, gettext and Babel dates."""

from .plugin import register  # noqa: F401
