"""For the content check: donors named in front matter that donors.yml does not know, and
funders a story lists that its own text does not name (a funding line only where the source
says so); and the logos donors.yml names, for the images check to vet (`images_shown`)."""

import difflib
from pathlib import Path

from .data import DataFileError, donors_file, load_donors


def content_problems(files, content_dir: Path, settings: dict) -> list[tuple]:
    """The content check's interface (tools/check_content.py asks every plugin): (file, line,
    problem, fix) for each unknown donor id or unnamed funder, or for a broken donors.yml."""
    name = donors_file(settings)
    try:
        donors = load_donors(Path(content_dir) / name, f"content/{name}")
    except DataFileError as exc:
        return [(exc.path, exc.line, exc.problem, exc.fix)]
    problems = []
    for item in files:
        field = item.fields.get("donors")
        if field is None:
            continue
        for donor_id in (d.strip() for d in field.value.replace("\n", ",").split(",") if d.strip()):
            if donor_id in donors:
                donor = donors[donor_id]
                body = "\n".join(
                    item.path.read_text(encoding="utf-8-sig").splitlines()[item.body_start - 1 :]
                )
                if not donor.named_in(body):
                    problems.append(
                        (
                            item.shown,
                            field.line,
                            f"donor '{donor_id}' is listed, but the text does not name "
                            f"{donor.name(item.lang)}",
                            "a story lists only the funders its source names: add the source's "
                            f"sentence to the text, or remove '{donor_id}' from donors:",
                        )
                    )
            else:
                near = difflib.get_close_matches(donor_id, list(donors), n=3, cutoff=0.5)
                hint = f"did you mean {', '.join(repr(n) for n in near)}? " if near else ""
                problems.append(
                    (
                        item.shown,
                        field.line,
                        f"unknown donor '{donor_id}'",
                        f"{hint}donors are listed in content/data/donors.yml",
                    )
                )
    return problems


def images_shown(content_dir: Path, settings: dict) -> list[tuple]:
    """The content check's interface for images a data file names (tools/check_content.py
    hands them to the plugin that vets images): (file, line, the image as written) of each
    donor's logo, which the theme shows. None from a donors.yml that cannot be read:
    content_problems says why."""
    name = donors_file(settings)
    try:
        donors = load_donors(Path(content_dir) / name, f"content/{name}")
    except DataFileError:
        return []
    return [
        (f"content/{name}", donor.logo_line, donor.logo) for donor in donors.values() if donor.logo.strip()
    ]
