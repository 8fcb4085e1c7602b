"""Markdown images with a title become <figure> with <figcaption>."""

from .plugin import register  # noqa: F401
