"""How a file is named to a writer."""

from pathlib import Path


def display_path(path, content_dir: Path) -> str:
    """The path as the writer sees it from the project folder, e.g. content/press/x.md."""
    try:
        return Path(path).resolve().relative_to(Path(content_dir).resolve().parent).as_posix()
    except ValueError:
        return str(path)
