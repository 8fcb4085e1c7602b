"""The rules of tools/quick_page.py, without a build (the preview's tests build)."""

from types import SimpleNamespace

from iomsite.tools.quick_page import front_matter_of, merged


def test_the_front_matter_is_the_block_between_the_fences():
    text = "---\ntitle: A\nsummary: B\n---\n\nThe text.\n---\nNot the front matter.\n"
    assert front_matter_of(text) == "---\ntitle: A\nsummary: B\n---\n"
    assert front_matter_of("The text only.\n") == ""
    assert front_matter_of("---\ntitle: never closed\n") == "---\ntitle: never closed\n"


def test_what_the_two_readings_disagree_on_comes_from_the_new_one_and_the_rest_stays():
    old = SimpleNamespace(
        _content="<p>Old.</p>",
        translations=["the Russian", "the Tajik"],  # given by a later step: not in a reading
        metadata={"title": "T", "issue_link": "/2012/", "summary": "S"},
        gone="read before, not now",
    )
    before = {
        "_content": "<p>Old.</p>",
        "translations": [],
        "metadata": {"title": "T", "summary": "S"},
        "gone": 1,
    }
    after = {"_content": "<p>New.</p>", "translations": [], "metadata": {"title": "T"}}
    result = merged(old, before, after)
    assert result._content == "<p>New.</p>"
    assert result.translations == ["the Russian", "the Tajik"]
    assert result.metadata == {"title": "T", "issue_link": "/2012/"}  # the summary removed, the link kept
    assert not hasattr(result, "gone")
    assert (
        old._content == "<p>Old.</p>" and "summary" in old.metadata and old.gone
    )  # the site's own untouched


def test_values_that_cannot_be_compared_count_as_changed():
    class Stubborn:
        def __eq__(self, other):
            raise TypeError("cannot compare")

    new_value = Stubborn()
    result = merged(SimpleNamespace(x=1), {"x": Stubborn()}, {"x": new_value})
    assert result.x is new_value
