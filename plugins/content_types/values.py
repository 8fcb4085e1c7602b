"""Front-matter values that read as YAML but that the build cannot use as written, refused by
the content check with their line (the build stopped with a traceback, or with a warning of
Pelican's naming no line, or changed the value silently):

- a list (`- ` lines) where the field holds one text: a title of two items stopped the feeds
  with a traceback, tags as a list were Pelican's "Duplicate definition of `tags`" warning;
- a status Pelican does not know (it skipped the file with a warning), or one the site does
  not use (`hidden` published a page no list shows);
- a value starting with '!' or '&', which YAML reads as a type tag or an anchor name:
  `title: !!binary …` became its base64 text, `title: &a Text` lost '&a'.
"""

import re

from .model import FIELDS

LIST_KINDS = ("donors", "rows")  # the fields that hold one item per '- ' line
STATUSES = FIELDS["status"].choices
NODE_PROPERTY = re.compile(r"^\s*(?:-\s+|[\w-]+\s*:\s+)([!&])")
PROPERTY_PROBLEMS = {
    "!": "YAML reads the '!' at the start of this value as a type and changes or drops the text",
    "&": "YAML reads the '&' at the start of this value as an anchor name and drops it",
}


def value_problems(fields: dict, header: list[str]) -> list[tuple[int, str, str]]:
    """(line, problem, fix) for the values of `fields` the build cannot use; `header` is the
    file's lines up to the closing '---'."""
    found = []
    for key, field in fields.items():
        spec = FIELDS.get(key)
        if spec is None or spec.kind in LIST_KINDS or len(field.values) < 2:
            continue  # an unknown field is reported as such
        if key == "tags":
            fix = "write the tags on one line, separated by commas: tags: first tag, second tag"
        else:
            fix = f"write it on the line of '{key}:', as one text"
        problem = f"'{key}' is a list of {len(field.values)} items, but it holds one text"
        found.append((field.line, problem, fix))
    status = fields.get("status")
    if status is not None and status.value not in STATUSES:
        fix = "write status: draft, or status: published"
        found.append((status.line, f"status '{status.value}' is not known", fix))
    for number, text in enumerate(header, start=1):
        match = NODE_PROPERTY.match(text)
        if match:
            found.append(
                (
                    number,
                    PROPERTY_PROBLEMS[match.group(1)],
                    f'put the whole value in double quotes, e.g. title: "{match.group(1)}…"',
                )
            )
    return found
