"""Load and validate content/data/donors.yml."""

import re
from dataclasses import dataclass, field
from pathlib import Path

from iomsite.core.datafiles import DataFileError, key_line, line, line_of, listed, load_yaml, source_of  # noqa: F401
from iomsite.core.datafiles.form import DataForm, Field
from iomsite.core.datafiles.texts import per_language
from iomsite.core.names import find_name

KINDS = ("government", "un-agency", "fund", "partner")
FUNDING_KINDS = ("government", "un-agency", "fund")


@dataclass(frozen=True)
class Donor:
    id: str
    kind: str
    names: dict
    years: tuple  # the years a source names it as funding (funders only)
    source: str = ""
    website: str = ""
    logo: str = ""
    acknowledgements: dict = field(default_factory=dict)
    publication_years: tuple = ()  # `named_in:` the years of the publications naming it ("2016–2017")
    part_of: str = ""  # the id of the government it is an agency of, where a source says so
    logo_line: int = field(default=0, compare=False)  # where the logo is named (the content check)

    def name(self, lang: str) -> str:
        return self.names.get(lang) or self.names["en"]

    def acknowledgement(self, lang: str) -> str:
        return self.acknowledgements.get(lang, "")

    def active_in(self, year: int) -> bool:
        return year in self.years

    @property
    def funds(self) -> bool:
        return self.kind in FUNDING_KINDS

    def named_in(self, text: str) -> bool:
        """Whether `text` names this donor: by a name in any language and any grammatical form
        ("Правительством Соединённого Королевства"), or by the short name in brackets at the
        end of one, e.g. (USAID)."""
        names = set(self.names.values())
        names |= {m.group(1) for n in self.names.values() if (m := re.search(r"\(([^()]+)\)$", n))}
        return any(name in text or find_name(name, text) for name in names)


def donors_file(settings) -> str:
    """donors.yml's path inside content/ (setting DONORS_FILE)."""
    return settings.get("DONORS_FILE", "data/donors.yml")


def parse_years(value, where, path, at: int = 1) -> tuple:
    items = value if isinstance(value, list) else [value]
    years = set()
    for item in items:
        match = re.fullmatch(r"\s*(\d{4})\s*(?:[-–]\s*(\d{4})\s*)?", str(item))
        if not match:
            raise DataFileError(
                path,
                f"{where}: '{item}' is not a year or a range of years",
                'write years like [2012, 2017] or ["2012-2017"]',
                at,
            )
        first, last = int(match.group(1)), int(match.group(2) or match.group(1))
        if last < first:
            raise DataFileError(
                path, f"{where}: the range '{item}' ends before it starts", "write the earlier year first", at
            )
        years.update(range(first, last + 1))
    return tuple(sorted(years))


PUBLICATION_YEARS = re.compile(r"\s*(\d{4})\s*(?:[-–]\s*(\d{4})\s*)?")


def parse_named_in(value, where, path, at: int = 1) -> tuple:
    """The years of the publications that name a donor, each a year or a publication's span
    of years ("2016–2017": the news listing of those years), newest first. A funder without
    them is named in the years it funds (`value` is those, then)."""
    if value in (None, "", []):
        raise DataFileError(
            path,
            f"{where} has no 'named_in'",
            "add the years of the publications that name it, e.g. named_in: [2012]",
            at,
        )
    labels = []
    for item in value if isinstance(value, list) else [value]:
        match = PUBLICATION_YEARS.fullmatch(str(item))
        if not match or (match.group(2) and int(match.group(2)) < int(match.group(1))):
            raise DataFileError(
                path,
                f"{where}: named_in '{item}' is not a year or a span of years",
                'write the years of the publications, like [2012, "2016–2017"]',
                at,
            )
        first, last = match.group(1), match.group(2)
        labels.append(f"{first}–{last}" if last and last != first else first)
    return tuple(sorted(set(labels), key=lambda label: label[-4:], reverse=True))


def years_of(label: str) -> range:
    return range(int(label[:4]), int(label[-4:]) + 1)


def check_named_in(donor, path, at) -> None:
    """A funder is named, in the years it funds, by a publication of that year."""
    for year in donor.years:
        if not any(year in years_of(label) for label in donor.publication_years):
            raise DataFileError(
                path,
                f"donor '{donor.id}': funded in {year}, but no publication of {year} names it (named_in)",
                f"add {year} (or the span of years of that publication) to named_in",
                at,
            )


def check_parts(donors: dict, path, lines: dict) -> None:
    for donor in donors.values():
        if not donor.part_of:
            continue
        parent = donors.get(donor.part_of)
        if parent is None or parent.kind != "government" or parent.part_of:
            raise DataFileError(
                path,
                f"donor '{donor.id}': part_of '{donor.part_of}' is not a government listed here",
                "name the id of the government (kind: government) a source says it belongs to, "
                "or remove part_of",
                lines[donor.id],
            )


def load_donors(path: Path, shown: str) -> dict:
    donors, lines = {}, {}
    for entry in listed(load_yaml(path, shown), "donors", "donors", shown, "id", EDITOR_FORM, "donor"):
        entry_line = line(entry)
        if not isinstance(entry, dict) or not entry.get("id"):
            raise DataFileError(shown, "a donor has no 'id'", "add 'id: <short-name>'", entry_line)
        donor_id = str(entry["id"])
        where = f"donor '{donor_id}'"
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", donor_id):
            raise DataFileError(
                shown,
                f"{where}: the id must be lower-case letters, digits and hyphens",
                "e.g. 'id: global-fund'",
                entry_line,
            )
        if donor_id in donors:
            raise DataFileError(shown, f"{where} is listed twice", "keep one entry", entry_line)
        kind = entry.get("kind")
        if kind is None:
            raise DataFileError(
                shown, f"{where} has no 'kind'", f"add 'kind:' with one of: {', '.join(KINDS)}", entry_line
            )
        if kind not in KINDS:
            raise DataFileError(
                shown, f"{where}: kind '{kind}' is not known", f"use one of: {', '.join(KINDS)}", entry_line
            )
        if "active" in entry:
            raise DataFileError(
                shown,
                f"{where}: 'active' is now called 'funded'",
                "rename it 'funded:' and keep only years a source names it as funding",
                entry_line,
            )
        if kind == "partner" and entry.get("funded"):
            raise DataFileError(
                shown,
                f"{where}: a partner has no years of funding",
                "remove 'funded:', or make it a funder (kind: government, un-agency or fund) "
                "if a source names it as funding our work",
                entry_line,
            )
        source = source_of(entry, where, shown, "that names this donor, and its words")
        website = str(entry.get("website") or "").strip()
        if website and not re.fullmatch(r"https?://[^\s\"'<>]+", website):
            raise DataFileError(
                shown,
                f"{where}: the website '{website}' is not a web address",
                "write it as https://… (only http and https addresses become links), or remove it",
                entry_line,
            )
        donors[donor_id] = Donor(
            donor_id,
            kind,
            per_language(entry.get("name"), where, "name", shown, entry_line, required=True),
            parse_years(entry.get("funded", []), where, shown, key_line(entry, "funded")),
            source,
            str(entry.get("website") or ""),
            str(entry.get("logo") or ""),
            per_language(entry.get("acknowledgement"), where, "acknowledgement", shown, entry_line),
            parse_named_in(
                entry.get("named_in") or [str(y) for y in entry.get("funded") or []],
                where,
                shown,
                key_line(entry, "named_in") or entry_line,
            ),
            str(entry.get("part_of") or "").strip(),
            key_line(entry, "logo"),
        )
        check_named_in(donors[donor_id], shown, key_line(entry, "named_in") or entry_line)
        lines[donor_id] = key_line(entry, "part_of") or entry_line
    check_parts(donors, shown, lines)
    return donors


# The browser editor's form for donors.yml (what each field means: the file's own header).
EDITOR_FORM = DataForm(
    key="donors",
    label="Funders and partners",
    item="funder or partner",
    summary="{{fields.id}} ({{fields.kind}})",
    fields=(
        Field("id", "Short name", "text", True, "used in content as donors: <short name>, e.g. global-fund"),
        Field(
            "kind",
            "Kind",
            "choice",
            True,
            "partner: a source names it as working with us, not as funding",
            choices=tuple((kind, kind) for kind in KINDS),
        ),
        Field("name", "Name", "per_language", True),
        Field("source", "Source", "long", True, "where our sources name it: the document and its words"),
        Field("funded", "Years funded", "years", hint="only years a source names it as funding"),
        Field(
            "named_in",
            "Named in our publications of",
            "words",
            True,
            'the years of the publications that name it, e.g. 2012 or "2016–2017"',
        ),
        Field(
            "part_of",
            "Agency of the government",
            "text",
            hint="the id of its government, only where a source says so (usaid: united-states)",
        ),
        Field("website", "Website", "text", hint="only an address a source gives"),
        Field("logo", "Logo", "image"),
        Field(
            "acknowledgement",
            "Acknowledgement",
            "per_language",
            hint="a sentence a source gives for work this donor funds, in its wording",
        ),
    ),
)
