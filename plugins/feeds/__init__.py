"""Atom and RSS feeds per language, content type and section, written with feedgen."""

from .plugin import register  # noqa: F401
