"""Shared library (not a Pelican plugin): HTML helpers used by several plugins."""
from .absolute import absolutize  # noqa: F401
