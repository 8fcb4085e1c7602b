"""The packages of the project, for setuptools: every folder of core/, plugins/ and tools/
(each has an __init__.py) as iomsite.core.<name>, iomsite.plugins.<name> and
iomsite.tools.<name>, with the files they read at run time (stylesheets, Node.js scripts).
Written here because pyproject.toml cannot map the packages it finds under a prefix;
everything else is in pyproject.toml."""

from pathlib import Path

from setuptools import setup

FOLDERS = {"iomsite.core": "core", "iomsite.plugins": "plugins", "iomsite.tools": "tools"}
DATA = ["*.css", "*.mjs", "*.md", "admin/*"]  # admin/: the browser editor's own files


def packages() -> dict[str, str]:
    """{package name: its folder}."""
    found = {}
    for prefix, folder in FOLDERS.items():
        for init in sorted(Path(folder).rglob("__init__.py")):
            found[".".join((prefix, *init.parent.relative_to(folder).parts))] = init.parent.as_posix()
    return found


PACKAGES = packages()
setup(packages=list(PACKAGES), package_dir=PACKAGES, package_data={name: DATA for name in PACKAGES})
