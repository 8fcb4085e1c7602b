"""`invoke translations`: the translation ledger as a to-do list. Every item and translated
language: current, outdated (the English changed since the translation was made: the change
shown as a word diff from git history, and whether it touched a fact), missing, or not marked.
`--html FILE` writes the same as a page for the office (not published with the site);
`--mark-current FILE...` records in each translation that it matches its English as it is now.
Exit status 0: it is a to-do list (`invoke publish` is what refuses; `refusal` below).

What a fact is: a number (figures, dates, phone numbers: plugins/multilang/facts.py) or a name
of the glossary (content/data/glossary.yml). An English change that touches one may not go out
in one language only; a change of wording alone is a warning."""

import argparse
import html
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from iomsite.core import ledger, model
from iomsite.core.frontmatter import dump_front_matter, parse
from iomsite.core.paths import display_path
from iomsite.plugins.multilang.facts import numbers
from iomsite.plugins.multilang.glossary import glossary_file, load_glossary

ROOT = Path(__file__).resolve().parent.parent


def git(folder: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True, timeout=60)


def earlier_version(english: Path, digest: str) -> tuple[str, str] | None:
    """(commit, the English's text then) of the newest commit whose English had `digest`; None
    if git does not know it (no history, or a version never committed)."""
    found = git(english.parent, "log", "--format=%H", "--", english.name)
    if found.returncode != 0:
        return None
    top = git(english.parent, "rev-parse", "--show-prefix").stdout.strip()
    for commit in found.stdout.split():
        text = git(english.parent, "show", f"{commit}:{top}{english.name}").stdout
        if text and ledger.digest_of_text(text) == digest:
            return commit, text
    return None


@dataclass
class Change:
    """What changed in an outdated translation's English."""

    known: bool  # git knows the version the translation was made from
    facts: list  # the facts that changed: "number 17 -> 71", "name «UNHCR»"
    diff: str  # the English's change, as a word diff


def english_change(entry: ledger.Entry, terms: list) -> Change:
    earlier = earlier_version(entry.english, entry.translated_from)
    if earlier is None:
        return Change(False, ["(the version it was made from is not in git: cannot tell)"], "")
    commit, then = earlier
    before = ledger.translatable_text(then)
    after = ledger.translatable_text(entry.english.read_text(encoding="utf-8-sig"))
    facts = [f"number {n} removed" for n in sorted(numbers(before, "en") - numbers(after, "en"))]
    facts += [f"number {n} added" for n in sorted(numbers(after, "en") - numbers(before, "en"))]
    for term in terms:
        if term.named_in(before, "en") != term.named_in(after, "en"):
            facts.append(f"name «{term.name['en']}» {'added' if term.named_in(after, 'en') else 'removed'}")
    diff = git(
        entry.english.parent, "diff", "--no-color", "--word-diff=plain", commit, "--", entry.english.name
    )
    lines = [line for line in diff.stdout.splitlines() if "[-" in line or "{+" in line]
    return Change(True, facts, "\n".join(lines))


def glossary_terms(content_dir: Path) -> list:
    path = content_dir / glossary_file({})
    return load_glossary(path, "content/data/glossary.yml")


def report(content_dir: Path, entries: list) -> list[tuple]:
    """(entry, its change or None) for every entry."""
    terms = glossary_terms(content_dir)
    return [(e, english_change(e, terms) if e.state == ledger.OUTDATED else None) for e in entries]


def print_table(content_dir: Path, rows: list, out=sys.stdout) -> None:
    counts = {}
    for entry, change in rows:
        counts[entry.state] = counts.get(entry.state, 0) + 1
        shown = display_path(entry.translation or entry.english, content_dir)
        if entry.state == ledger.MISSING:
            shown = f"{display_path(entry.english, content_dir)} ({entry.lang})"
        print(f"{entry.state:<11} {entry.lang}  {shown}", file=out)
        if change:
            if entry.override:
                print(f"            published anyway: {entry.override}", file=out)
            for fact in change.facts:
                print(f"            fact changed: {fact}", file=out)
            for line in change.diff.splitlines():
                print(f"            | {line}", file=out)
    summary = ", ".join(f"{n} {state}" for state, n in sorted(counts.items()))
    print(f"{len(rows)} translation(s): {summary}.", file=out)


def write_html(content_dir: Path, rows: list, target: Path) -> None:
    body = []
    for entry, change in rows:
        path = display_path(entry.translation or entry.english, content_dir)
        details = ""
        if change:
            facts = "".join(f"<li>{html.escape(f)}</li>" for f in change.facts)
            details = f"<ul>{facts}</ul><pre>{html.escape(change.diff)}</pre>"
        body.append(
            f'<tr class="{entry.state.replace(" ", "-")}"><td>{html.escape(entry.state)}</td>'
            f"<td>{entry.lang}</td><td>{html.escape(path)}</td><td>{details}</td></tr>"
        )
    target.write_text(
        "<!doctype html><html lang='en'><meta charset='utf-8'><title>Translations</title>"
        "<style>body{font-family:sans-serif}td{border-top:1px solid #ccc;padding:.3em;vertical-align:top}"
        ".outdated{background:#fff4ce}.missing{background:#fde7e9}pre{white-space:pre-wrap}</style>"
        "<h1>Translations</h1><table>"
        "<tr><th>State</th><th>Language</th><th>File</th><th>What changed</th></tr>"
        + "".join(body)
        + "</table></html>\n",
        encoding="utf-8",
    )


def with_field(text: str, name: str, value: str) -> str:
    """The file's text with `name: value` in its front matter (replaced, or added at its place
    in the editor's order: the ledger's fields come last)."""
    lines = text.splitlines(keepends=True)
    fields, body_start = parse([line.rstrip("\n") for line in lines])
    new = dump_front_matter({name: value}).splitlines()[1] + "\n"  # quoted where YAML needs it
    if name in fields:
        start = fields[name].line - 1
        end = start + 1
        while end < body_start - 2 and lines[end].startswith((" ", "\t")):
            end += 1  # its continuation lines
        return "".join(lines[:start] + [new] + lines[end:])
    later = [fields[key].line for key in fields if key == "translation_override"]
    at = (later[0] if later else body_start - 1) - 1
    return "".join(lines[:at] + [new] + lines[at:])


def mark_current(path: Path) -> str:
    """Record that the translation matches its English as it is now."""
    lang = model.file_language(path.name[:-3])[1]
    if lang == model.DEFAULT_LANGUAGE or lang not in model.LANGUAGES:
        raise ValueError(f"{path.name} is not a translation (its name ends in .ru.md, .tg.md, ...)")
    english = ledger.original_of(path)
    if not english.exists():
        raise ValueError(f"{path.name} has no English original beside it")
    digest = ledger.digest_of(english)
    text = path.read_text(encoding="utf-8")
    path.write_text(with_field(text, "translated_from", digest), encoding="utf-8")
    return digest


def refusal(content_dir: Path, out=sys.stdout) -> str:
    """Why `invoke publish` may not go on: translations whose English changed a fact since,
    without a `translation_override`; the wording-only changes are printed as warnings."""
    rows = report(content_dir, [e for e in ledger.ledger(content_dir) if e.state == ledger.OUTDATED])
    refused = []
    for entry, change in rows:
        shown = display_path(entry.translation, content_dir)
        if entry.override:
            print(f"Warning: {shown} is outdated, published anyway ({entry.override})", file=out)
        elif change.facts:
            refused.append(f"{shown} ({'; '.join(change.facts)})")
        else:
            print(f"Warning: {shown} is outdated: its English changed in wording since", file=out)
    if not refused:
        return ""
    return (
        "the English changed a fact that these translations do not have yet: "
        + ", ".join(refused)
        + ". Update them and run invoke translations --mark-current FILE (or, on purpose, add "
        "'translation_override: <why>' to the translation)."
    )


def exchange(args, content_dir: Path) -> int:
    """--export and --import (tools/translation_files.py)."""
    from iomsite.tools.translation_files import TranslationFileError, export, import_folder

    if args.export:
        if not (args.lang and args.folder):
            print(
                "--export needs --lang (ru, tg) and a folder, e.g. --export xliff --lang ru for-translator/"
            )
            return 2
        written = export(content_dir, args.lang, Path(args.folder), args.export)
        print(f"Wrote {len(written)} file(s) into {args.folder}")
        return 0
    try:
        changed = import_folder(Path(args.import_from), content_dir)
    except (TranslationFileError, OSError) as exc:
        print(f"Nothing was written: {exc}")
        return 1
    for path in changed:
        print(f"Updated {display_path(path, content_dir)}")
    print(f"{len(changed)} file(s) changed.")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="invoke translations", description=__doc__.split("\n\n")[0])
    parser.add_argument("--content", default=str(ROOT / "content"))
    parser.add_argument("--html", help="write the table as a page to this file")
    parser.add_argument(
        "--mark-current", nargs="+", metavar="FILE", help="translations that match their English"
    )
    parser.add_argument("--export", choices=("xliff", "po"), help="write translators' files into FOLDER")
    parser.add_argument("--lang", help="the language to export", choices=model.TRANSLATED_LANGUAGES)
    parser.add_argument("--import", dest="import_from", metavar="FOLDER", help="read translators' files back")
    parser.add_argument("folder", nargs="?", help="where --export writes")
    args = parser.parse_args(argv)
    content_dir = Path(args.content)
    if args.export or args.import_from:
        return exchange(args, content_dir)
    if args.mark_current:
        for name in args.mark_current:
            try:
                digest = mark_current(Path(name))
            except (ValueError, OSError) as exc:
                print(f"{name}: {exc}")
                return 1
            print(f"{name}: marked as translated from the English as it is now ({digest})")
        return 0
    rows = report(content_dir, ledger.ledger(content_dir))
    print_table(content_dir, rows)
    if args.html:
        write_html(content_dir, rows, Path(args.html))
        print(f"Wrote {args.html}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
