"""The preview's warm builds (tools/warm_build.py): the same result as `python -m iomsite.tools.build`
(also with the content cache's objects unpickled ahead), content mistakes reported the same
way, and Python code changes picked up."""

import io
import json
from pathlib import Path

import pytest
from conftest import MINIMAL_PRESS, BuildResult, FixtureSite, run_build
from test_incremental import ADDED, EDITED, assert_same_site, clean_build

from iomsite.plugins.incremental import preload
from iomsite.plugins.incremental.content_cache import LEFT_OUT, _Pickler
from iomsite.tools.warm_build import WarmBuilder

PRINTING_PLUGIN = """\
def register():
    print("{word} from the test plugin")
"""


@pytest.fixture
def builder(fixture_site):
    warm = WarmBuilder(fixture_site.root / "pelicanconf.py")
    yield warm
    warm.close()


def files(folder):
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != ".build-state.json"
    }


def test_a_warm_build_gives_the_same_site_as_the_command_line(fixture_site, builder):
    fixture_site.write("press/release.md", MINIMAL_PRESS)
    status, output = builder.build(["--no-search", "--output", str(fixture_site.output)])
    assert status == 0, output
    assert "Built " in output and "Traceback" not in output
    cold = run_build(fixture_site.root / "pelicanconf.py", fixture_site.root / "cold")
    assert cold.returncode == 0, cold.output
    ours, theirs = files(fixture_site.output), files(cold.folder)
    theirs = {name: data for name, data in theirs.items() if not name.startswith("pagefind/")}
    assert ours.keys() == theirs.keys()
    assert [name for name in ours if ours[name] != theirs[name]] == []


def test_a_content_mistake_fails_a_warm_build_with_the_usual_message(fixture_site, builder):
    fixture_site.write("press/release.md", MINIMAL_PRESS.replace("date: 2020-01-15", "date: 2020-13-45"))
    status, output = builder.build(["--no-search", "--output", str(fixture_site.output)])
    assert status == 1
    assert "content/press/release.md" in output and "Traceback" not in output
    fixture_site.write("press/release.md", MINIMAL_PRESS)
    status, output = builder.build(["--no-search", "--output", str(fixture_site.output)])
    assert status == 0, output
    assert builder.restarts == 1  # the same helper served both builds


def test_a_changed_plugin_is_picked_up_by_the_next_warm_build(fixture_site, builder):
    plugin = fixture_site.root / "test_plugins" / "printer" / "__init__.py"
    plugin.parent.mkdir(parents=True)
    plugin.write_text(PRINTING_PLUGIN.format(word="First"), encoding="utf-8")
    settings = fixture_site.root / "pelicanconf.py"
    settings.write_text(
        settings.read_text(encoding="utf-8") + '\nPLUGIN_PATHS = ["plugins", "test_plugins"]\n'
        'PLUGINS = ["printer"] + PLUGINS\n',
        encoding="utf-8",
    )
    fixture_site.write("press/release.md", MINIMAL_PRESS)
    status, output = builder.build(["--no-search", "--output", str(fixture_site.output)])
    assert status == 0 and "First from the test plugin" in output, output
    plugin.write_text(PRINTING_PLUGIN.format(word="Second"), encoding="utf-8")
    status, output = builder.build(["--no-search", "--output", str(fixture_site.output)])
    assert status == 0 and "Second from the test plugin" in output, output
    assert builder.restarts == 2


def test_objects_unpickled_ahead_give_the_same_site_as_a_clean_build(tmp_path):
    """Between builds the helper unpickles the content cache's objects (plugins/incremental/
    preload.py); the next build takes them, and the site is the one a clean build makes."""
    root = FixtureSite(tmp_path / "site", content="real").root
    warm = WarmBuilder(root / "pelicanconf.py")
    try:
        arguments = ["--no-search", "--output", str(root / "output")]
        status, output = warm.build(arguments)
        assert status == 0, output
        edited = root / EDITED
        edited.write_text(edited.read_text(encoding="utf-8") + f"\n{ADDED}\n", encoding="utf-8")
        status, output = warm.build(arguments)
        assert status == 0, output
    finally:
        warm.close()
    report = json.loads((root / "cache" / "build-report.json").read_text(encoding="utf-8"))
    unchanged = report["incremental"]["sources_unchanged"]
    assert unchanged > 20 and f"({unchanged} unpickled ahead by the preview)" in output
    clean = clean_build(root)
    assert clean.returncode == 0, clean.output
    assert_same_site(BuildResult(status, output, root / "output"), clean)


class Item:
    pass


def test_stand_ins_are_replaced_wherever_they_landed_or_the_object_is_not_preloaded():
    settings, context = {"SITENAME": "real"}, {"articles": []}
    item = Item()
    item.settings, item._context = settings, context
    tag = Item()
    tag.settings = settings
    item.tags, item.extra = [tag], {"nested": [settings]}
    blob = io.BytesIO()
    _Pickler(blob, {id(settings): "settings", id(context): "context"}).dump(item)
    path = Path("/nowhere/incremental.sqlite")
    ahead = preload.Ahead(path, 1, "generation", {"a.md": [None, blob.getvalue(), b"", None]})
    stand_ins = {token: {} for token in LEFT_OUT}
    unpickler = preload._CountingUnpickler(io.BytesIO(blob.getvalue()), stand_ins)
    found = unpickler.load()
    places = preload.stand_in_places(found, stand_ins)
    assert len(places) == unpickler.loaded == 4
    ahead.objects["a.md"] = (blob.getvalue(), found, places)
    assert ahead.take("a.md", b"other bytes", settings, context) is None  # a changed record
    ahead.objects["a.md"] = (blob.getvalue(), found, places)
    taken = ahead.take("a.md", blob.getvalue(), settings, context)
    assert taken.settings is settings and taken._context is context
    assert taken.tags[0].settings is settings and taken.extra["nested"][0] is settings
    assert ahead.take("a.md", blob.getvalue(), settings, context) is None  # taken once

    item.extra = (settings,)  # in a tuple: cannot be put back in place
    blob = io.BytesIO()
    _Pickler(blob, {id(settings): "settings", id(context): "context"}).dump(item)
    found = preload._CountingUnpickler(io.BytesIO(blob.getvalue()), stand_ins).load()
    assert preload.stand_in_places(found, stand_ins) is None
