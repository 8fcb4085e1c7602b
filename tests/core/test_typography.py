"""core/typography.py gives exactly smarty's output: on hard cases, and on every Markdown file of
the site and its guides."""

from pathlib import Path

import pytest
from markdown import Markdown

from iomsite.core import typography

ROOT = Path(__file__).resolve().parents[2]

HARD_CASES = [
    "He said, \"'Quoted' words in a larger quote.\"",
    "'Quoted,' he said; \"Quoted,\" she said. \"'Both'\" '\"ways\"'",
    "In the '80s and '90s; rock 'n' roll; the 1990's; students' rights; 'tis",
    "'.' and \".\" at the start",
    "A -- B --- C ---- D - E -- 'F' --\"G\"",
    "Wait... and.... and. . . and ...'x'... \"...\"",
    "&nbsp;'x' &mdash;\"y\" &#8211;'z' &ndash;\"w\"",
    "Escaped \\\"quotes\\\" and \\'single\\' ones",
    "`code 'spans' -- \"kept\" ...` and 'after'",
    "[a \"link\"](https://example.org/ \"a 'title'\") and ![an 'image'](x.png)",
    '<span title="x \'y\'">inline "HTML"</span> and "text"',
    "*'emphasis'* **\"strong\"** _'x'_ and 'a *b* c'",
    "<<angled>> quotes >> <<",
    "- a list 'item'\n- another -- item\n\n> a \"quote\"...\n\n    code 'block' --\n",
    "| table | 'cell' |\n|---|---|\n| \"a\" | b -- c |\n",
    "A footnote[^1] 'here'.\n\n[^1]: The \"note\"...\n",
    "«Russian» — «quotes» and 'Latin' ones; Тоҷикистон -- \"Душанбе\"",
    "",
]


def site_files():
    return sorted([*ROOT.glob("content/**/*.md"), *ROOT.glob("docs/*.md"), *ROOT.glob("README.md")])


@pytest.mark.parametrize("config", [{}, {"smart_angled_quotes": True}])
def test_same_output_as_smarty(config):
    extensions = ["markdown.extensions.extra", "markdown.extensions.meta"]
    smarty = Markdown(
        extensions=[*extensions, "markdown.extensions.smarty"],
        extension_configs={"markdown.extensions.smarty": config},
        output_format="html5",
    )
    ours = Markdown(
        extensions=[*extensions, "iomsite.core.typography"],
        extension_configs={"iomsite.core.typography": config},
        output_format="html5",
    )
    texts = HARD_CASES + [path.read_text(encoding="utf-8") for path in site_files()]
    assert len(texts) > len(HARD_CASES) + 50  # the site's files were found
    for text in texts:
        expected = smarty.reset().convert(text)
        assert ours.reset().convert(text) == expected, text[:200]


def test_every_smarty_pattern_is_known():
    """A pattern this module does not know is always tried (correct but slower): a new smarty
    with other patterns shows here, so that the table is brought up to date."""
    md = Markdown(
        extensions=["iomsite.core.typography"],
        extension_configs={"iomsite.core.typography": {"smart_angled_quotes": True}},
    )
    quick = md.treeprocessors["smarty"]
    assert isinstance(quick, typography.SkippingInlineProcessor)
    assert len(quick.needs) == len(quick.inlinePatterns) == 20
    assert all(quick.needs)


def test_an_unknown_pattern_is_always_tried():
    class Unknown:
        pattern = r"x"

    assert typography.needed_text(Unknown()) == ""
    assert "" in "any text"
