"""Donors and partners from content/data/donors.yml: acknowledgements, donors page, current donors."""

from .plugin import register  # noqa: F401
