"""Unit tests of what decides whether a page is stale (plugins/incremental/fingerprint.py): the
same values give the same digest, and any change of a value a page is made from changes it."""

import datetime
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import pytest

from iomsite.plugins.incremental import fingerprint
from iomsite.plugins.incremental.fingerprint import (
    Unstable,
    call_digest,
    content_fields,
    digest,
    fields_digest,
    files_digest,
)


@dataclass
class Section:
    slug: str
    names: dict


VALUE = {
    "title": "Агентство",
    "when": datetime.datetime(2027, 1, 10, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=5))),
    "tags": ["a", "b"],
    "sections": [Section("x", {"en": "X", "tg": "Ҳ"})],
    "flags": {True, False},
    "n": 3,
}


def test_the_same_values_give_the_same_digest_in_another_process():
    here = digest(VALUE)
    assert digest(dict(reversed(list(VALUE.items())))) == here  # key order does not matter
    code = textwrap.dedent(f"""
        import datetime, sys
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        from test_fingerprint import VALUE
        from iomsite.plugins.incremental.fingerprint import digest
        print(digest(VALUE))
    """)
    other = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONHASHSEED": "12345", "PATH": "/usr/bin:/bin"},
    )  # another set order
    assert other.stdout.strip() == here


@pytest.mark.parametrize(
    "change",
    [
        lambda v: v.update(title="Агентствo"),  # one letter (a Latin o)
        lambda v: v.update(when=v["when"] + datetime.timedelta(minutes=1)),  # an embargo a minute later
        lambda v: v["tags"].reverse(),  # order of a list
        lambda v: v["sections"][0].names.update(tg="Ҳифз"),  # deep in a dataclass
        lambda v: v.update(n=4),
        lambda v: v.update(n="3"),  # the type, not only the text
    ],
)
def test_any_change_of_a_value_changes_the_digest(change):
    import copy

    changed = copy.deepcopy(VALUE)
    change(changed)
    assert digest(changed) != digest(VALUE)


def test_a_value_without_a_stable_state_is_refused_not_guessed():
    import threading

    with pytest.raises(Unstable):  # the writer then renders every page, which is always correct
        digest({"x": threading.Lock()})


def test_content_fields_leave_out_the_body_and_front_matter_copies():
    metadata = {"title": "T", "summary": "S"}
    item = SimpleNamespace(
        metadata=metadata,
        title=metadata["title"],
        _content="<p>body</p>",
        settings={"huge": 1},
        url="press/t/",
        expired=False,
    )
    fields = content_fields(item)
    assert set(fields) == {"metadata", "url", "expired"}
    before = fields_digest(fields)
    item.expired = True  # what the clock decides is part of an item's fields
    assert fields_digest(content_fields(item)) != before


def test_call_digests_tell_calls_apart():
    assert call_digest(["press/x/index.html", "article", False]) == call_digest(
        ["press/x/index.html", "article", False]
    )
    assert call_digest(["press/x/index.html", "article", False]) != call_digest(
        ["press/x/index.html", "article", None]
    )
    assert call_digest([{"page": 1}]) != call_digest([{"page": 2}])


def test_files_digest_follows_names_and_bytes(tmp_path):
    (tmp_path / "theme").mkdir()
    (tmp_path / "theme" / "a.html").write_text("one")
    first = files_digest(tmp_path / "theme")
    fingerprint.forget()
    assert files_digest(tmp_path / "theme") == first
    (tmp_path / "theme" / "a.html").write_text("two")
    fingerprint.forget()
    second = files_digest(tmp_path / "theme")
    assert second != first
    (tmp_path / "theme" / "a.html").rename(tmp_path / "theme" / "b.html")
    fingerprint.forget()
    assert files_digest(tmp_path / "theme") not in (first, second)
    fingerprint.forget()
    assert files_digest(tmp_path / "missing") != files_digest(tmp_path / "theme")
