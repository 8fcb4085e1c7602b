"""Record which content file each page was made from (output/.sources.json), for the checks."""

from .plugin import register  # noqa: F401
