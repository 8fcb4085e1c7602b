"""Hotline banners from content/data/hotlines.yml, shown by rules, dates and priority."""

from .plugin import register  # noqa: F401
