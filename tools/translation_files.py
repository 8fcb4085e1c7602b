"""Translations in the translators' own tools: one XLIFF 2 (or PO) file per item and language,
its units the English's fields of text to translate (`field:title`, ...) and its paragraphs
(`p1`, `p2`, ...: blocks between empty lines), the English as the source, the current
translation as the target. Read back, only the units whose target changed are written into
the `.ru.md`/`.tg.md` file: a paragraph in place, fields as the browser editor writes them;
nothing changed, nothing written. A translation whose every unit is translated is recorded
as made from the English as it is now (`translated_from`, core/ledger.py).

translate-toolkit (kept, GPL, used as a library) reads and writes the formats: Weblate,
OmegaT and memoQ open its XLIFF 2 and PO."""

import re
from pathlib import Path

from translate.storage import po, xliff2

from iomsite.core import ledger, model
from iomsite.core.frontmatter import parse, read_front_matter
from iomsite.core.paths import display_path

PARAGRAPH_BREAK = re.compile(r"(\n[ \t]*\n+)")
FORMATS = {"xliff": (xliff2.Xliff2File, ".xlf"), "po": (po.pofile, ".po")}


class TranslationFileError(ValueError):
    """A translation file that cannot be read back, in plain words."""


def split_body(text: str) -> tuple[list[str], int, list[str]]:
    """(the file's lines, where the body starts (0-based), the body's pieces: paragraphs at
    even indices, the breaks between them at odd ones)."""
    lines = text.splitlines(keepends=True)
    _, body_start = parse([line.rstrip("\n") for line in lines])
    body = "".join(lines[body_start - 1 :])
    return lines, body_start - 1, PARAGRAPH_BREAK.split(body)


def units_of(path: Path) -> dict[str, str]:
    """{unit id: text} of a content file: its fields of text to translate, then its paragraphs."""
    fields, _ = read_front_matter(path)
    units = {
        f"field:{name}": fields[name].value
        for name in model.FIELDS
        if name in fields and model.FIELDS[name].is_text_to_translate and fields[name].value.strip()
    }
    pieces = split_body(path.read_text(encoding="utf-8"))[2]
    paragraphs = [piece for piece in pieces[::2] if piece.strip()]
    units.update({f"p{number}": text.strip("\n") for number, text in enumerate(paragraphs, start=1)})
    return units


def translation_path(english: Path, lang: str) -> Path:
    base = model.file_language(english.name[:-3])[0]
    return english.with_name(f"{base}.{lang}.md")


def export(content_dir: Path, lang: str, target: Path, kind: str = "xliff") -> list[Path]:
    """One file per item in `target`, named like the item's path (press--x.xlf)."""
    store_class, suffix = FORMATS[kind]
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for english in ledger.english_files(content_dir):
        translation = translation_path(english, lang)
        source = units_of(english)
        current = units_of(translation) if translation.exists() else {}
        store = store_class()
        if kind == "xliff":
            store.setsourcelanguage(model.DEFAULT_LANGUAGE)
            store.settargetlanguage(lang)
        for unit_id, text in source.items():
            unit = store.addsourceunit(text)
            if kind == "xliff":
                unit.setid(unit_id)
            else:
                unit.setcontext(unit_id)
            unit.target = current.get(unit_id, "")
        name = translation.relative_to(content_dir).as_posix().replace("/", "--")
        out = target / f"{name[: -len('.md')]}{suffix}"
        out.write_bytes(bytes(store))
        written.append(out)
    return written


def targets_of(path: Path) -> dict[str, str]:
    kind = "xliff" if path.suffix == ".xlf" else "po"
    try:
        store = FORMATS[kind][0].parsefile(str(path))
    except Exception as exc:  # the library raises what its parser raises
        raise TranslationFileError(f"{path.name} cannot be read as {kind.upper()}: {exc}") from exc
    found = {}
    for unit in store.units:
        if unit.isheader():
            continue
        unit_id = unit.getid() if kind == "xliff" else unit.getcontext()
        found[unit_id] = str(unit.target or "")
    return found


def file_for(name: str, content_dir: Path) -> Path:
    relative = name.rsplit(".", 1)[0].replace("--", "/") + ".md"
    path = content_dir / relative
    if not path.exists():
        raise TranslationFileError(f"{name}: there is no {display_path(path, content_dir)} to write it into")
    return path


def with_units(text: str, targets: dict[str, str]) -> tuple[str, dict[str, str]]:
    """The file's text with its paragraphs' changed targets in place, and the changed fields."""
    lines, body_at, pieces = split_body(text)
    fields, _ = parse([line.rstrip("\n") for line in lines])
    numbered = [index for index, piece in enumerate(pieces) if index % 2 == 0 and piece.strip()]
    for number, index in enumerate(numbered, start=1):
        target = targets.get(f"p{number}")
        if target and target != pieces[index].strip("\n"):
            lead = pieces[index][: len(pieces[index]) - len(pieces[index].lstrip("\n"))]
            trail = pieces[index][len(pieces[index].rstrip("\n")) :]
            pieces[index] = lead + target + trail
    changed = {
        name: targets[f"field:{name}"]
        for name in fields
        if targets.get(f"field:{name}") and targets[f"field:{name}"] != fields[name].value
    }
    return "".join(lines[:body_at]) + "".join(pieces), changed


def import_file(path: Path, content_dir: Path) -> Path | None:
    """Write one translation file back; the content file, if it changed."""
    from iomsite.tools.scaffold import write_as_the_editor
    from iomsite.tools.translations import with_field

    translation = file_for(path.name, content_dir)
    targets = targets_of(path)
    text = translation.read_text(encoding="utf-8")
    new, changed_fields = with_units(text, targets)
    english = ledger.original_of(translation)
    if all(targets.get(unit_id) for unit_id in units_of(english)):
        new = with_field(new, "translated_from", ledger.digest_of(english))
    if changed_fields:
        lines = new.splitlines()
        fields, body_start = parse(lines)
        values = {name: changed_fields.get(name, field.value) for name, field in fields.items()}
        values = {  # a list field (rows) goes back as its items
            name: value.split("\n") if name in model.FIELDS and model.FIELDS[name].takes_list else value
            for name, value in values.items()
        }
        order = [name for name in model.FIELDS if name in values]
        body = "\n" + "\n".join(lines[body_start - 1 :]).lstrip("\n") + ("\n" if new.endswith("\n") else "")
        if write_as_the_editor(translation, {k: values[k] for k in order}, order, body):
            return translation
        for name, value in changed_fields.items():
            new = with_field(new, name, value)
    if new == text:
        return None
    translation.write_text(new, encoding="utf-8")
    return translation


def import_folder(folder: Path, content_dir: Path) -> list[Path]:
    files = sorted(p for p in folder.iterdir() if p.suffix in (".xlf", ".po"))
    if not files:
        raise TranslationFileError(f"{folder} has no .xlf or .po file")
    return [changed for path in files if (changed := import_file(path, content_dir))]
