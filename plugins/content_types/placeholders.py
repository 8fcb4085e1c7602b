"""The example values `invoke new` writes in required fields only the writer can fill (who signs a
newsletter's foreword, a campaign's hashtag): one list, from which tools/scaffold.py writes them
and by which the content check refuses a file that still has one, with its line and what to
write instead. Like the example sentences (model.PLACEHOLDER_SUMMARY, PLACEHOLDER_BODY), a
preview shows them with a notice; `invoke check-content` and `invoke publish` refuse them.

The other values `invoke new` writes are real ones, right more often than not (a press
release's dateline, Dushanbe: tools/scaffold.py's DEFAULTS), and never refused. So an example
value here must be one no real file has: "#EndHumanTrafficking" is a real campaign's hashtag.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Example:
    text: str  # what `invoke new` writes
    instead: str  # what the writer writes in its place, for the check's fix


EXAMPLE_VALUES = {
    "hashtag": Example(
        "#CampaignHashtag",
        'the campaign\'s own hashtag, between double quotes, e.g. hashtag: "#EndHumanTrafficking"',
    ),
    "issue_label": Example(
        "Quarter and year",
        "the quarter, number or year as the issue itself gives it, e.g. July–September 2026",
    ),
    "signatory": Example("Name Surname", "the name of who signs the foreword, as the issue gives it"),
}


def example_value_problems(fields: dict) -> list[tuple[int, str, str, bool]]:
    """(line, problem, fix, advisory) for each field that still has the example value `invoke
    new` wrote: advisory, since a draft keeps it while it is written."""
    found = []
    for key, example in EXAMPLE_VALUES.items():
        field = fields.get(key)
        if field is not None and field.value.strip() == example.text:
            found.append(
                (
                    field.line,
                    f"'{key}' still has the example text of 'invoke new' ('{example.text}')",
                    f"replace the example text '{example.text}' with {example.instead}",
                    True,
                )
            )
    return found
