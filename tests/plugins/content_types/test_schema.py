"""The typed front matter (content_types/schema.py): one pydantic model per content type, made
from the content model, and its errors in the writer's words at the line of the field or the
list item at fault. Unit tests: no build, the reader's fields of a few lines of YAML."""

import datetime
import textwrap

import pytest
from pelican.utils import get_date

from iomsite.core.frontmatter import FrontMatterError, parse
from iomsite.core.model import FIELDS, MOMENT_FORMATS, ROW_FIELDS, TYPES, allowed_fields
from iomsite.plugins.content_types import schema
from iomsite.plugins.content_types.values import parse_date, parse_day

KIND = {"press": "press", "news": "news", "campaign": "campaigns", "story": "newsletter-story"}


def check(kind: str, front_matter: str) -> list[tuple[int, str, str]]:
    """What the schema says of a file of `kind` with these fields (between '---' lines: the
    first field is on line 2). The reader's own problems come first, as the check gives them."""
    lines = ["---", *textwrap.dedent(front_matter).strip("\n").splitlines(), "---", "", "Text."]
    try:
        fields, _ = parse(lines)
    except FrontMatterError as exc:
        told = [(e.line, e.problem, e.fix) for e in exc.every()]
        return told + schema.problems(TYPES[KIND[kind]], exc.fields or {}, complete=False)
    return schema.problems(TYPES[KIND[kind]], fields)


def said(kind: str, front_matter: str) -> list[tuple[int, str]]:
    return [(line, problem) for line, problem, _ in check(kind, front_matter)]


NEWS = "title: A news item\ndate: 2020-01-15\n"


# --- the models are the content model's -----------------------------------------------------------


@pytest.mark.parametrize("ctype", TYPES.values(), ids=lambda t: t.name)
def test_each_content_type_has_a_model_with_its_fields_and_its_required_ones(ctype):
    fields = schema.MODELS[ctype.name].model_fields
    assert set(fields) == allowed_fields(ctype)
    assert {name for name, spec in fields.items() if spec.is_required()} == set(ctype.required)
    assert schema.MODELS[ctype.name].model_config["extra"] == "forbid"


def test_the_models_are_made_once_at_import_not_per_file(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a model made while checking a file")

    monkeypatch.setattr(schema, "create_model", refuse)
    monkeypatch.setattr(schema, "model_for", refuse)
    assert said("news", NEWS + "slug: Not A Slug") == [
        (4, "slug 'Not A Slug' is not a plain web address part")
    ]


def test_valid_front_matter_of_every_kind_passes():
    assert check("news", NEWS + "tags: a, b\nsummary: Short.\nmodified: 2020-01-16 10:30\nslug: a-b") == []
    assert check("press", "title: T\ndate: 2020-01-15T10:30+05:00\ndateline: Dushanbe\nstatus: draft") == []
    assert check("story", "title: T\ndate: 2012-06-30\nsection: x\norder: 2\ndate_precision: month") == []
    assert (
        check(
            "campaign",
            """\
            title: T
            date: 2020-01-15
            hashtag: "#Tag"
            donors: japan
            figures:
              - 17 | victims of trafficking provided with direct assistance by IOM
                Tajikistan | first half of 2019
              - 8 | prevented
            events:
              - 2019-07-30 | Theatre | Khujand
            redirect_from:
              - /index.php/en/a
              - /index.php/en/b
            """,
        )
        == []
    )


# --- wrong types ----------------------------------------------------------------------------------


def test_a_list_where_one_text_goes_is_refused_at_the_field():
    assert check("news", "title:\n  - First\n  - Second\ndate: 2020-01-15") == [
        (
            2,
            "'title' is a list of 2 items, but it holds one text",
            "write it on the line of 'title:', as one text",
        )
    ]
    assert check("news", NEWS + "tags:\n  - migration\n  - health") == [
        (
            4,
            "'tags' is a list of 2 items, but it holds one text",
            "write the tags on one line, separated by commas: tags: first tag, second tag",
        )
    ]
    assert said("news", NEWS + "status:\n  - draft\n  - published") == [
        (4, "'status' is a list of 2 items, but it holds one text")
    ]


def test_one_value_where_a_list_goes_is_a_list_of_one():
    assert check("news", NEWS + "donors: japan") == []
    assert check("campaign", 'title: T\ndate: 2020-01-15\nhashtag: "#T"\nfigures: 17 | victims | 2019') == []


# --- wrong shapes ---------------------------------------------------------------------------------


def test_rows_written_as_lines_without_dashes_are_one_row_and_refused_at_the_field():
    assert check(
        "campaign",
        """\
        title: T
        date: 2020-01-15
        hashtag: "#T"
        figures:
          17 | victims | 2019
          8 | prevented | 2019
        """,
    ) == [
        (
            5,
            "the lines of 'figures' are read as one figure ('17 | victims | 2019 8 | prevented | 2019'): "
            "a line that does not start with '- ' goes on with the line above",
            "write each figure as its own '- ' item: a line 'figures:', "
            "then '  - number | what it counts | when' per figure",
        )
    ]


def test_a_row_with_too_many_parts_or_without_its_label_is_refused_at_its_item():
    found = said(
        "campaign",
        """\
        title: T
        date: 2020-01-15
        hashtag: "#T"
        figures:
          - 17 | victims | 2019
          - 17
          - 8 | | 2019
          - 9 | a | b | c
        """,
    )
    assert found == [
        (7, "the figure '17' has no 'what it counts' part; a figure is number | what it counts | when"),
        (
            8,
            "the figure '8 | | 2019' has no 'what it counts' part; "
            "a figure is number | what it counts | when",
        ),
        (9, "the figure '9 | a | b | c' has 4 parts; a figure has 3: number | what it counts | when"),
    ]


def test_an_event_must_start_with_a_day_the_page_can_read():
    found = said(
        "campaign",
        """\
        title: T
        date: 2020-01-15
        hashtag: "#T"
        events:
          - soon | Theatre
          - 2019-02-30 | Theatre
          - 2019-7-30 | Theatre
          - 2019-07-30 10:00 | Theatre
          - 2019-07-30
        """,
    )
    assert found == [
        (6, "the event 'soon | Theatre' does not start with a date"),
        (
            7,
            "the event '2019-02-30 | Theatre' does not start with a date: February 2019 has 28 days, so "
            "there is no day 30",
        ),
        (
            8,
            "the event '2019-7-30 | Theatre' does not start with a date as YYYY-MM-DD "
            "('2019-7-30': two digits for the month and the day)",
        ),
        (
            9,
            "the event '2019-07-30 10:00 | Theatre' starts with a day and a time ('2019-07-30 10:00'): an "
            "event's date is a day, YYYY-MM-DD",
        ),
        (10, "the event '2019-07-30' has no 'what' part; an event is YYYY-MM-DD | what | where"),
    ]


def test_rows_of_a_block_are_told_at_their_own_line():
    assert said(
        "campaign", 'title: T\ndate: 2020-01-15\nhashtag: "#T"\nevents: |\n  2019-07-30 | a\n  then | b'
    ) == [(7, "the event 'then | b' does not start with a date")]


# --- unknown fields -------------------------------------------------------------------------------


def test_an_unknown_field_is_told_the_nearest_known_name_of_its_type():
    assert check("news", NEWS + "tgas: migration") == [
        (4, "unknown field 'tgas' for a news item", "did you mean 'tags'?")
    ]
    assert check("news", NEWS + "hashtag: '#x'") == [
        (
            4,
            "unknown field 'hashtag' for a news item",
            "remove it, or check the field list in docs/authoring.md",
        )
    ]
    assert check("news", NEWS + "lang: ru") == [
        (
            4,
            "unknown field 'lang' for a news item",
            "remove it: the file's name gives its language and its original (x.en.md, x.ru.md)",
        )
    ]


# --- values out of range --------------------------------------------------------------------------


def test_a_date_that_does_not_exist_says_which_number_is_wrong():
    with_time = "write it as YYYY-MM-DD, e.g. 2006-02-15 (optionally with a time: 2006-02-15 10:30)"
    assert check("news", "title: T\ndate: 2017-13-45\nmodified: 2017-02-31") == [
        (3, "'2017-13-45' is not a date: there is no month 13 (months go from 01 to 12)", with_time),
        (
            4,
            "'2017-02-31' is not a date: February 2017 has 28 days, so there is no day 31",
            "write it as YYYY-MM-DD, e.g. 2006-02-15",
        ),
    ]
    assert said("news", "title: T\ndate: 15/02/2006") == [(3, "'15/02/2006' is not a date")]
    assert said("news", "title: T\ndate: 0000-01-01") == [
        (3, "'0000-01-01' is not a date: there is no year 0 (years start at 0001)")
    ]


def test_a_choice_not_in_the_model_is_refused_with_the_choices():
    assert check("news", NEWS + "date_precision: week") == [
        (
            4,
            "date_precision 'week' is not known",
            "write date_precision: day, or date_precision: month, or date_precision: year",
        )
    ]
    assert check("news", NEWS + "status: publish") == [
        (4, "status 'publish' is not known", "write status: draft, or status: published")
    ]


@pytest.mark.parametrize("order", ["first", "0", "-1", "1.5", "+2", "٣", '" 2"'])
def test_an_order_that_is_not_a_positive_whole_number_is_refused(order):
    value = order.strip('"')
    assert check("story", f"title: T\ndate: 2012-06-30\nsection: x\norder: {order}") == [
        (5, f"order '{value}' is not a whole number of 1 or more", "write it in digits, e.g. order: 2")
    ]


@pytest.mark.parametrize("slug", ["Capital", "two words", "trailing-", "a--b", "ünïcode", "a/b"])
def test_a_slug_that_is_not_a_plain_web_address_part_is_refused(slug):
    assert check("news", NEWS + f'slug: "{slug}"') == [
        (
            4,
            f"slug '{slug}' is not a plain web address part",
            "use lower-case latin letters, digits and hyphens, e.g. memorandum-signing-2006",
        )
    ]


def test_a_summary_over_its_limit_is_refused_at_the_field():
    limit = FIELDS["summary"].max_length
    assert check("news", NEWS + "summary: " + "a" * limit) == []
    assert check("news", NEWS + "summary: " + "a" * (limit + 1)) == [
        (
            4,
            f"the summary is {limit + 1} characters long",
            "keep it under 300: lists, feeds and shares cut longer ones",
        )
    ]


# --- required fields ------------------------------------------------------------------------------


def test_a_required_field_missing_or_empty_is_named_with_the_content_type():
    assert check("press", "title: T\ndate: 2020-01-15") == [
        (
            2,
            "missing 'dateline' (required for a press release)",
            "add a line 'dateline: ...' to the front matter",
        )
    ]
    assert said("story", 'date: 2012-06-30\ntitle: "  "') == [
        (3, "missing 'title' (required for a newsletter story)"),
        (2, "missing 'section' (required for a newsletter story)"),
    ]


def test_a_file_the_reader_could_not_read_whole_is_not_said_to_miss_a_field():
    """`hashtag: #x` is an empty hashtag and the reader says why: not also "missing"."""
    assert said(
        "campaign", "title: T\ndate: 2020-01-15\nhashtag: #EndHumanTrafficking\ndate_precision: week"
    ) == [
        (4, "the text of 'hashtag' from '#' on would be lost (in this format, ' #' starts a note)"),
        (5, "date_precision 'week' is not known"),
    ]


# --- never pydantic's words -----------------------------------------------------------------------

MISTAKES = [
    ("news", "title:\n  - a\n  - b\ndate:\n  - 2020-01-01\n  - 2020-01-02\nstatus:\n  - x\n  - y"),
    ("news", "date: x\nslug:\n  - a\n  - b\nsummary:\n  - a\n  - b\norder: 1\nexpires:\n  - a\n  - b"),
    ("story", "title: ''\ndate: ''\nsection: ''\norder: ''\ndate_precision: ''\nslug: ''"),
    (
        "campaign",
        "title: T\ndate: 2020-01-01\nhashtag: x\nfigures: ''\nevents:\n  - ''\n  - '|'\n  - '| | | |'",
    ),
]


@pytest.mark.parametrize("kind, front_matter", MISTAKES)
def test_every_refusal_is_in_plain_words_with_a_fix(kind, front_matter):
    found = check(kind, front_matter)
    assert found
    for line, problem, fix in found:
        assert line >= 2 and problem and fix
        for pydantic_word in (
            "Input should",
            "validation error",
            "Field required",
            "Extra inputs",
            "pydantic",
        ):
            assert pydantic_word not in problem + fix, (problem, fix)


# --- what the schema accepts, the build reads as the schema does ----------------------------------

MOMENTS = [
    "2006-02-15",
    "2006-2-5",
    "2006-02-15 10:30",
    "2006-02-15 10:30+0500",
    "2006-02-15 10:30 +05:00",
    "2006-02-15T10:30+05:00",
    "2006-02-15T10:30Z",
]


@pytest.mark.parametrize("moment", MOMENTS)
def test_a_moment_the_schema_accepts_is_the_same_moment_for_pelican(moment):
    """Pelican reads `date:` and `modified:` with dateutil (pelican.utils.get_date): every form
    of model.MOMENT_FORMATS must give the moment the check read."""
    assert check("news", f"title: T\ndate: {moment}\nmodified: {moment}") == []
    assert get_date(moment) == parse_date(moment)
    assert any(_parses(moment, fmt) for fmt in MOMENT_FORMATS)


def _parses(text: str, fmt: str) -> bool:
    try:
        datetime.datetime.strptime(text, fmt)
    except ValueError:
        return False
    return True


@pytest.mark.parametrize("order", ["1", "2", "10", "007"])
def test_an_order_the_schema_accepts_is_a_number_for_the_newsletter(order):
    """plugins/newsletter sorts stories by int(order): what the schema lets through it reads."""
    assert check("story", f"title: T\ndate: 2012-06-30\nsection: x\norder: {order}") == []
    assert int(order) >= FIELDS["order"].minimum


def test_an_event_day_the_schema_accepts_is_a_day_for_the_page():
    """The page reads an event's date with date.fromisoformat (multilang's event_date); what it
    cannot read, it would show as written."""
    from iomsite.plugins.multilang.plugin import event_date

    for day in ("2019-07-30", "2020-02-29"):
        assert parse_day(day) == datetime.date.fromisoformat(day)
        assert event_date(day) == datetime.date.fromisoformat(day).strftime("%-d %B %Y")
    for not_a_day in ("2019-7-30", "2019-07-30 10:00", "2019-02-29", "20190730"):
        assert parse_day(not_a_day) is None
    assert ROW_FIELDS["events"].first_is_day


# --- the authoring guide's old campaign example, through the check command ------------------------

# As docs/authoring.md showed it before d56d76f: rows as lines going on under 'figures:' and
# 'events:' without '- ' (YAML joins them into one row each), and '#' values unquoted.
OLD_CAMPAIGN_EXAMPLE = """\
---
title: World Day against Trafficking in Persons 2026
slug: world-day-against-trafficking-2026
date: 2026-07-30
hashtag: #EndHumanTrafficking
tagline: Act and educate to #EndHumanTrafficking
section: counter-trafficking
figures: 17 | victims of trafficking provided with direct assistance | first half of 2026
    8 | other cases of potential trafficking prevented | first half of 2026
events: 2026-07-30 | Theatre performance for young people | Khujand
    2026-08-02 | Youth forum | Dushanbe
quote: The words of the quote, without quotation marks.
quote_by: Name Surname, Chief of Mission, IOM Tajikistan
call_to_action: Act to #EndHumanTrafficking
---

The text of the campaign.
"""


def test_the_guides_old_campaign_example_is_refused_at_the_line_of_each_row_at_fault(tmp_path):
    from conftest import FixtureSite, run_module

    site = FixtureSite(tmp_path / "site")
    name = "campaigns/2026-07-30-world-day-against-trafficking-in-persons-2026.en.md"
    site.write(name, OLD_CAMPAIGN_EXAMPLE, fence=False)
    proc = run_module("iomsite.tools.check_content", site.settings, timeout=120)
    assert proc.returncode == 1 and "Traceback" not in proc.stdout + proc.stderr, proc.stdout + proc.stderr
    printed = [line for line in proc.stdout.splitlines() if line.startswith("content/")]

    def lost(line, key, value):
        return (
            f"content/{name}:{line}: the text of '{key}' from '#' on would be lost (in this format, ' #' "
            f'starts a note) — put the whole value in double quotes: {key}: "{value}"'
        )

    def joined(line, key, noun, row, pattern):
        return (
            f"content/{name}:{line}: the lines of '{key}' are read as one {noun} ('{row}'): "
            "a line that does not start with '- ' goes on with the line above — "
            f"write each {noun} as its own '- ' item: a line '{key}:', then '  - {pattern}' per {noun}"
        )

    assert printed == [
        lost(5, "hashtag", "#EndHumanTrafficking"),
        lost(6, "tagline", "Act and educate to #EndHumanTrafficking"),
        joined(
            8,
            "figures",
            "figure",
            "17 | victims of trafficking provided with direct assistance | first h…",
            "number | what it counts | when",
        ),
        joined(
            10,
            "events",
            "event",
            "2026-07-30 | Theatre performance for young people | Khujand 2026-08-0…",
            "YYYY-MM-DD | what | where",
        ),
        lost(14, "call_to_action", "Act to #EndHumanTrafficking"),
    ]
