"""The fields of a data file, declared next to its loader, for the browser editor's form
(tools/editor/config.py turns them into Decap CMS widgets). The loader stays the judge of what
is valid; the form only helps writers get it right before the build says so."""

from dataclasses import dataclass

KINDS = (
    "text",  # one line
    "long",  # a paragraph
    "date",  # YYYY-MM-DD
    "number",  # a whole number
    "choice",  # one of `choices`
    "choices",  # several of `choices`
    "years",  # a list of years
    "words",  # a list of short texts
    "per_language",  # a text in en (required when the field is), ru and tg
    "image",  # a file under content/images
    "yes_no",
    "group",  # the `fields` under it
)


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: str
    required: bool = False
    hint: str = ""
    choices: tuple = ()  # (value, label) pairs, or a key of the choices the editor reads
    fields: tuple = ()  # of a group

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"field '{self.name}': unknown kind '{self.kind}'")


@dataclass(frozen=True)
class DataForm:
    key: str  # the file's one top-level key, the list's name: donors
    label: str  # Funders and partners
    item: str  # what one entry is: funder or partner
    summary: str  # how an entry is shown in the list, e.g. "{{fields.id}}"
    fields: tuple
