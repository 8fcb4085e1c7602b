"""Moved to iomsite.core.characters (the data files use it too); this name stays until the
content check imports it from there."""

from iomsite.core.characters import invisible_characters  # noqa: F401
