"""E-mail addresses readable by people, not by address harvesters."""

from .plugin import register  # noqa: F401
