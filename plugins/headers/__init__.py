"""output/_headers: security and caching headers for hosts that read the file."""

from .plugin import register  # noqa: F401
