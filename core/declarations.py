"""What a build depends on besides its content, as plugins declare it (in `register()`, and
as decisions are made): read by the incremental layer, which reuses a page only while all of
them are unchanged. Declared through `iomsite.plugins.incremental.api`; kept here, below the
plugins, because the clock (core/clock.py) declares its decisions too."""

from pathlib import Path

_file_finders: list = []
_values: dict[str, str] = {}


def depends_on_files(find) -> None:
    """Declare, once (in `register()`), the files rendering reads: `find(settings)` returns
    paths, each a file or a folder (every file under it counts)."""
    if find not in _file_finders:
        _file_finders.append(find)


def declared_files(settings) -> list[Path]:
    return [Path(path) for find in _file_finders for path in find(settings)]


_with_body: set[str] = set()


def shown_with_body(attribute: str) -> None:
    """Declare, once, an attribute a plugin gives content items that is shown only where the
    item's text is (a notice on its own page): it counts with the item's body, so a change
    makes again the pages that show that item's text, not the whole site."""
    _with_body.add(attribute)


def body_attributes() -> frozenset:
    return frozenset(_with_body)


def depends_on_value(key: str, value: str) -> None:
    """Declare a decision the build made (made again, with its value, by every build)."""
    _values[key] = str(value)


def declared_values() -> list[tuple[str, str]]:
    return sorted(_values.items())


def forget_values(prefix: str) -> None:
    """The declaring plugin's values of a previous build in this process (at the start of a
    build, before it declares its own again)."""
    for key in [key for key in _values if key.startswith(prefix)]:
        del _values[key]
