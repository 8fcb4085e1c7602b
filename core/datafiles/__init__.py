"""Shared library (not a Pelican plugin): load the YAML data files that writers edit, with
line numbers, so every plugin can say `file:line: problem — how to fix`."""

from .loader import DataFileError, key_line, line, line_of, listed, load_yaml, source_of  # noqa: F401
