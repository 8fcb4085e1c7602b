"""Content held to its sources: every number in an English text appears in the source document
it names (`source:` in its front matter, a document of sources/). Numbers are the facts a slip
changes most easily. A translation is held to its English by the content check itself
(plugins/multilang/facts.py; tests/plugins/multilang/test_translated_facts.py)."""

import re
import shutil
from pathlib import Path

from conftest import ROOT

from iomsite.core.frontmatter import parse
from iomsite.core.model import file_language

# Front matter that is not the source's text: addresses (old ones too), languages, our own dating.
NOT_TEXT = {
    "date",
    "modified",
    "slug",
    "source",
    "image",
    "date_precision",
    "status",
    "order",
    "redirect_from",
    "joomla_id",
}
NUMBER = re.compile(r"(?<![\w.,])(\d+(?:[.,]\d+)*)(?:st|nd|rd|th)?(?!\w)")  # 2nd: 2
NOT_NUMBERS = re.compile(r"\]\([^)]*\)|\{(?:filename|static)\}\S+|^\d+\. ", re.M)  # links, list markers


def numbers(text: str) -> set[str]:
    """The numbers of a text, a decimal comma read as a point (8,5 in Russian is 8.5)."""
    return {n.replace(",", ".") for n in NUMBER.findall(NOT_NUMBERS.sub(" ", text))}


def front_matter_and_body(path: Path) -> tuple[dict, str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    fields, body_start = parse(lines)
    return {key: field.value for key, field in fields.items()}, "\n".join(lines[body_start - 1 :])


def is_english(path: Path) -> bool:
    return file_language(path.name[:-3])[1] == "en"


def text_of(fields: dict, body: str) -> str:
    return "\n".join(v for k, v in fields.items() if k not in NOT_TEXT) + "\n" + body


def unsupported_numbers(content: Path, sources: Path) -> list[str]:
    """'file: number N is not in source 001' for each number of an English text no source
    supports."""
    source_files = {p.name[:3]: p for p in sources.glob("[0-9][0-9][0-9]_*.txt")}
    problems = []
    files = sorted(p for p in content.rglob("*.md") if p.relative_to(content).parts[0] != "data")
    for path in filter(is_english, files):
        fields, body = front_matter_and_body(path)
        shown = path.relative_to(content.parent).as_posix()
        if fields.get("source") not in source_files:
            problems.append(f"{shown}: names no source document (source: 000 to 004)")
            continue
        allowed = numbers(source_files[fields["source"]].read_text(encoding="utf-8"))
        for number in sorted(numbers(text_of(fields, body)) - allowed):
            problems.append(f"{shown}: the number {number} is not in source {fields['source']}")
    return problems


def test_every_number_of_the_content_is_in_its_source():
    assert unsupported_numbers(ROOT / "content", ROOT / "sources") == []


def test_every_english_file_names_its_source():
    for path in (ROOT / "content").rglob("*.md"):
        if is_english(path):
            assert front_matter_and_body(path)[0].get("source"), path


def test_a_changed_figure_is_caught_in_english(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    campaign = content / "campaigns" / "2019-world-day-against-trafficking.en.md"
    campaign.write_text(
        campaign.read_text(encoding="utf-8").replace("assistance to 17 victims", "assistance to 71 victims"),
        encoding="utf-8",
    )
    assert unsupported_numbers(content, ROOT / "sources") == [
        "content/campaigns/2019-world-day-against-trafficking.en.md: the number 71 is not in source 003"
    ]
