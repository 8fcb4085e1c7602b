"""The preview's warm builds (tools/warm_build.py): the same result as `python -m tools.build`,
content mistakes reported the same way, and Python code changes picked up."""
import pytest

from conftest import MINIMAL_PRESS, run_build
from tools.warm_build import WarmBuilder

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
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != ".build-state.json"}


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
    settings.write_text(settings.read_text(encoding="utf-8") + '\nPLUGIN_PATHS = ["plugins", "test_plugins"]\n'
                        'PLUGINS = ["printer"] + PLUGINS\n', encoding="utf-8")
    fixture_site.write("press/release.md", MINIMAL_PRESS)
    status, output = builder.build(["--no-search", "--output", str(fixture_site.output)])
    assert status == 0 and "First from the test plugin" in output, output
    plugin.write_text(PRINTING_PLUGIN.format(word="Second"), encoding="utf-8")
    status, output = builder.build(["--no-search", "--output", str(fixture_site.output)])
    assert status == 0 and "Second from the test plugin" in output, output
    assert builder.restarts == 2
