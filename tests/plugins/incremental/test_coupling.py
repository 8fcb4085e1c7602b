"""The contract with Pelican: every point where the project reaches into Pelican is listed in
plugins/incremental/coupling.py, and each still exists, as listed, in the pinned Pelican."""

import importlib
import inspect
import re
from pathlib import Path

import pelican
import pytest
from conftest import ROOT

from iomsite.plugins.incremental.coupling import MADE_FOR, PATCH_POINTS

PELICAN_SOURCE = Path(pelican.__file__).parent


def resolve(target: str):
    module_name, _, path = target.partition(":")
    owner_name, _, name = path.rpartition(".")
    return getattr(importlib.import_module(module_name), owner_name), name


def sets_attribute(owner, name: str) -> bool:
    """Whether the class, or a class it inherits from, assigns `self.<name>` in its code."""
    assignment = re.compile(rf"self\.{re.escape(name)}\s*(?::[^=]+)?=(?!=)")
    for cls in owner.__mro__:
        if cls is object:
            continue
        if isinstance(cls.__dict__.get(name), property) or name in getattr(cls, "__slots__", ()):
            return True
        if assignment.search(inspect.getsource(cls)):
            return True
    return False


def test_the_pinned_pelican_is_the_one_the_layer_was_made_for():
    assert pelican.__version__.startswith(MADE_FOR)


@pytest.mark.parametrize("point", PATCH_POINTS, ids=lambda point: point.target)
def test_each_point_still_exists_as_listed(point):
    owner, name = resolve(point.target)
    if point.kind == "method":
        method = getattr(owner, name)
        assert callable(method), point.target
        assert tuple(inspect.signature(method).parameters) == point.parameters, point.target
    elif point.kind == "property":
        assert isinstance(inspect.getattr_static(owner, name), property), point.target
    else:
        assert point.kind == "attribute", point.kind
        assert sets_attribute(owner, name), f"{point.target}: Pelican no longer sets it"
    for file in point.where.split(","):
        assert (ROOT / "plugins" / file.split("(")[0].strip()).is_file(), file


def pelican_private_names() -> set[str]:
    names = set()
    for path in PELICAN_SOURCE.rglob("*.py"):
        if "tests" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        names |= set(re.findall(r"self\.(_[a-zA-Z]\w*)\s*=", text))
        names |= set(re.findall(r"def (_[a-zA-Z]\w*)\(", text))
    return names


PELICAN_PRIVATE = pelican_private_names()


def test_no_private_name_of_pelican_is_used_without_being_listed():
    """A private name of Pelican's used anywhere in our code (as `x._name` or in getattr) is a
    point of coupling: it is listed, so that an upgrade knows where to look."""
    listed = {point.target.rpartition(".")[2] for point in PATCH_POINTS}
    ours = set()
    for path in [*(ROOT / "plugins").rglob("*.py"), *(ROOT / "tools").rglob("*.py")]:
        text = path.read_text(encoding="utf-8")
        ours |= set(re.findall(r"def (_[a-zA-Z]\w*)\(", text))  # our own helpers of the same name
    unlisted = {}
    for path in [*(ROOT / "plugins").rglob("*.py"), *(ROOT / "tools").rglob("*.py")]:
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"\.(_[a-zA-Z]\w*)\b|[\"'](_[a-zA-Z]\w*)[\"']", text):
            name = match.group(1) or match.group(2)
            if name in PELICAN_PRIVATE and name not in listed and name not in ours:
                unlisted.setdefault(name, set()).add(path.relative_to(ROOT).as_posix())
    assert unlisted == {}, "list these in plugins/incremental/coupling.py"
