"""Donors plugin: validates `donors:` in front matter against content/data/donors.yml (an
unknown id fails the build naming the file, the line and the closest known ids), gives
templates each article's donors (acknowledgement sentences and logos at the end of the
article), a "current donors" list for any date, and writes a donors page per language: the
donors and partners our publications name, by the year of those publications, each list in
the language's alphabetical order (collation.py)."""

import difflib
import logging
import sys
from pathlib import Path

from pelican import signals
from pelican.contents import Article, Page
from pelican.generators import Generator

from iomsite.core.clock import today
from iomsite.core.htmlparts import write_language_pages
from iomsite.core.paths import display_path

from ..incremental import api as incremental
from .collation import sorted_in
from .data import KINDS, DataFileError, donors_file, line_of, load_donors

log = logging.getLogger(__name__)
_donors: dict = {}


def start(pelican):
    settings = pelican.settings
    path = Path(settings["PATH"]) / donors_file(settings)
    shown = f"{Path(settings['PATH']).name}/{donors_file(settings)}"
    try:
        _donors.clear()
        _donors.update(load_donors(path, shown))
    except DataFileError as exc:
        log.error("%s", exc)
        sys.exit(1)


@incremental.replayable  # changes only the object
def attach_donors(content):
    if not isinstance(content, (Article, Page)):
        return
    raw = content.metadata.get("donors")
    if not raw:
        content.donor_list = []
        return
    ids = [part.strip() for part in (raw if isinstance(raw, list) else str(raw).split(",")) if part.strip()]
    found = []
    for donor_id in ids:
        if donor_id in _donors:
            found.append(_donors[donor_id])
            continue
        near = difflib.get_close_matches(donor_id, list(_donors), n=3, cutoff=0.5)
        hint = f"did you mean {', '.join(repr(n) for n in near)}? " if near else ""
        log.error(
            "%s:%d: unknown donor '%s' — %sdonors are listed in content/data/donors.yml",
            shown_path(content),
            line_of(content.source_path, "donors:", at_start=True),
            donor_id,
            hint,
        )
    content.donor_list = found


def shown_path(content) -> str:
    return display_path(content.source_path, Path(content.settings["PATH"]))


def donors_of(items) -> list:
    """The funders the given content items list, each once, in order (an issue's donors are
    compiled from its stories)."""
    seen = {}
    for item in items:
        for donor in getattr(item, "donor_list", None) or []:
            seen.setdefault(donor.id, donor)
    return list(seen.values())


def current_donors(on=None, settings=None):
    """Funding donors (not partners) active in the year of `on` (a date; default: today)."""
    year = (on or today(settings or {})).year
    return [d for d in _donors.values() if d.funds and d.active_in(year)]


def add_globals(generator):
    settings = generator.settings
    generator.env.globals["current_donors"] = lambda on=None: current_donors(on, settings)
    generator.env.globals["donors_of"] = donors_of
    generator.env.globals["DONOR_KINDS"] = KINDS


def named_by_year(donors, lang: str) -> list:
    """[(years, funders, partners)], the newest publication first: everyone the publications
    of those years name. `funders` are (funder, [its agencies]) pairs: an agency is listed
    under its government (`part_of`) when the same publications name both. Each list is in
    `lang`'s alphabetical order."""
    labels = sorted(
        {label for d in donors for label in d.publication_years}, key=lambda label: label[-4:], reverse=True
    )
    found = []
    for label in labels:
        named = [d for d in donors if label in d.publication_years]
        ids = {d.id for d in named}
        funders = [d for d in named if d.funds and not (d.part_of and d.part_of in ids)]
        tree = [
            (d, sorted_in(lang, [a for a in named if a.part_of == d.id], lambda a: a.name(lang)))
            for d in sorted_in(lang, funders, lambda d: d.name(lang))
        ]
        partners = sorted_in(lang, [d for d in named if not d.funds], lambda d: d.name(lang))
        found.append((label, tree, partners))
    return found


class DonorsPageGenerator(Generator):
    def generate_context(self):
        pass

    def generate_output(self, writer):
        everyone = list(_donors.values())
        write_language_pages(
            self,
            writer,
            "donors",
            "donors/",
            per_language=lambda lang: {"by_year": named_by_year(everyone, lang)},
        )


def get_generators(pelican):
    return DonorsPageGenerator


def data_files(settings) -> list:
    """What reading and rendering read besides the content (for the incremental layer)."""
    return [Path(settings["PATH"]) / donors_file(settings)]


def register():
    incremental.depends_on_files(data_files)
    signals.initialized.connect(start)
    signals.content_object_init.connect(attach_donors)
    signals.generator_init.connect(add_globals)
    signals.get_generators.connect(get_generators)  # a named function: blinker keeps weak references
