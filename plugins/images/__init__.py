"""Responsive, light, private images: derivatives, <picture> markup, content-hash cache."""

from .plugin import register  # noqa: F401
