"""Load and validate content/data/donors.yml."""

import re
from dataclasses import dataclass, field
from pathlib import Path

from iomsite.core.datafiles import DataFileError, key_line, line, line_of, listed, load_yaml, source_of  # noqa: F401
from iomsite.core.datafiles.form import DataForm, Field
from iomsite.core.datafiles.texts import per_language

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
        """Whether `text` names this donor: by a name in any language, or by the short name
        in brackets at the end of one, e.g. (USAID)."""
        names = set(self.names.values())
        names |= {m.group(1) for n in self.names.values() if (m := re.search(r"\(([^()]+)\)$", n))}
        return any(name in text for name in names)


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


def load_donors(path: Path, shown: str) -> dict:
    donors = {}
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
        )
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
