"""Newsletter issues as folders: the issue, its stories by section, and the links between them."""

from .plugin import register  # noqa: F401
