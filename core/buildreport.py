"""Shared library (not a Pelican plugin): figures a plugin adds to the build's report.

    from ..buildreport import add
    add("images", processed=3, total=40)

`tools/build.py` writes the figures of the build, with its outcome, to a JSON file
(`--report`, default `cache/build-report.json`), which tests and scripts read instead of the
printed lines. Values must be JSON values. A build in this process starts with none.
"""

_sections: dict[str, dict] = {}


def add(section: str, **figures) -> None:
    _sections.setdefault(section, {}).update(figures)


def collected() -> dict[str, dict]:
    return {name: dict(values) for name, values in _sections.items()}


def forget() -> None:
    _sections.clear()
