"""The content check's part for the interface translations (tools/check_content.py asks every
plugin): translators may work outside the office (Poedit, Weblate), so each catalogue is input
like any content file. A syntax error, a placeholder that differs from the English, markup the
English does not have, or a missing catalogue is reported with the .po file and line."""

import io
import re
from pathlib import Path

from babel.messages.pofile import PoFileError, read_po

from iomsite.core import model
from iomsite.core.datafiles import DataFileError

from .catalogs import po_bytes, po_path
from .glossary import glossary_file, load_glossary
from .translated import REMEMBERED, translation_problems

# a keyword and a quoted text, or a quoted text that continues the one above
PO_LINE = re.compile(r'(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+)?"(?:[^"\\]|\\.)*"\s*')
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|%[sdif]")
UTF8_FIX = "save it as a UTF-8 .po file (Poedit does)"
QUOTE_FIX = 'write each text in double quotes, e.g. msgstr "…", with \\" for a quote inside it'
TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def syntax_problem(lines: list[str]) -> tuple[int, str] | None:
    """The first line that is not .po syntax (Babel's reader skips over such lines silently,
    losing the entry): (line number, the line)."""
    for number, text in enumerate(lines, start=1):
        stripped = text.strip()
        if stripped and not stripped.startswith("#") and not PO_LINE.fullmatch(stripped):
            return number, stripped
    return None


def fuzzy_problems(catalog, shown: str) -> list[tuple]:
    """Translations marked fuzzy (Poedit's "Needs work"): left out of the site, which shows
    the English instead, with no word said."""
    return [
        (
            shown,
            message.lineno or 1,
            f'the translation of "{first(message.id)[:60]}" is marked fuzzy (needs work): '
            "it is not used, and the pages show the English",
            "check the translation, then delete the line '#, fuzzy' above it (in Poedit: untick Needs work)",
            True,  # advisory: a translator may keep a draft while it is written
        )
        for message in catalog
        if message.id and message.string and message.fuzzy
    ]


def first(message_id) -> str:
    """A message's English (its singular, for a plural)."""
    return message_id[0] if isinstance(message_id, tuple) else message_id


def msgstr_line(lines: list[str], msgid_line: int) -> int:
    """The line of the translation (msgstr) of the entry whose msgid is on `msgid_line`: the
    line a translator edits."""
    for number in range(msgid_line, len(lines) + 1):
        if lines[number - 1].lstrip().startswith("msgstr"):
            return number
    return msgid_line


def markup_allowed(original: str, translation: str) -> bool:
    """A translation may carry only the tags, exactly as written, that its English has."""
    allowed = {" ".join(tag.split()) for tag in TAG.findall(original)}
    return all(" ".join(tag.split()) in allowed for tag in TAG.findall(translation))


def catalogue_problems(i18n_dir: Path, languages=None, shown_root: Path | None = None) -> list[tuple]:
    problems = []
    for lang in model.TRANSLATED_LANGUAGES if languages is None else languages:
        path = po_path(i18n_dir, lang)
        try:
            shown = path.absolute().relative_to(shown_root).as_posix() if shown_root else str(path)
        except ValueError:
            shown = str(path)
        if not path.is_file():
            problems.append(
                (
                    shown,
                    1,
                    f"the {lang} translation catalogue is missing",
                    "restore it from git, or run: invoke i18n-update (then translate it)",
                )
            )
            continue
        try:
            lines = path.read_text(encoding="utf-8-sig").splitlines()  # Notepad's byte-order mark too
            bad = syntax_problem(lines)
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(
                (shown, 1, f"the catalogue cannot be read: {exc}", "save it as UTF-8 .po (Poedit does)")
            )
            continue
        if bad:
            problems.append(
                (
                    shown,
                    bad[0],
                    f"this line is not .po syntax: {bad[1][:80]}",
                    'write each text in double quotes, e.g. msgstr "…", with \\" for a quote inside it',
                )
            )
            continue
        try:
            catalog = read_po(io.BytesIO(po_bytes(path)), locale=lang, abort_invalid=True)
        except PoFileError as exc:
            problems.append(
                (
                    shown,
                    exc.lineno,
                    f"the catalogue cannot be read: {exc}",
                    'fix the line (every msgstr in double quotes, quotes inside written \\\\")',
                )
            )
            continue
        except (UnicodeDecodeError, ValueError) as exc:
            problems.append(
                (shown, 1, f"the catalogue cannot be read: {exc}", "save it as UTF-8 .po (Poedit does)")
            )
            continue
        problems += fuzzy_problems(catalog, shown)
        for message in catalog:
            if not message.id or not message.string or message.fuzzy:
                continue
            pairs = (
                zip(message.id, message.string)
                if isinstance(message.id, tuple)
                else [(message.id, message.string)]
            )
            for original, translation in pairs:
                if isinstance(translation, tuple):
                    translation = translation[0]
                if not translation:
                    continue
                line = msgstr_line(lines, message.lineno or 1)
                if placeholders(original) != placeholders(translation):
                    problems.append(
                        (
                            shown,
                            line,
                            f'the translation of "{original}" has the placeholders '
                            f"{placeholders(translation) or 'none'}, "
                            f"the English {placeholders(original) or 'none'}",
                            "keep every %(name)s of the English exactly as it is, in the translation",
                        )
                    )
                if not markup_allowed(original, translation):
                    problems.append(
                        (
                            shown,
                            line,
                            f'the translation of "{original}" has HTML markup the English '
                            "does not have (it would be shown as text)",
                            "remove the markup from the translation",
                        )
                    )
    return problems


def content_problems(files, content_dir: Path, settings: dict) -> list[tuple]:
    root = Path(content_dir).absolute().parent
    i18n_dir = Path(settings.get("I18N_DIR", root / "i18n"))
    languages = [lang for lang in settings.get("SITE_LANGUAGES", []) if lang != settings.get("DEFAULT_LANG")]
    shown = f"content/{glossary_file(settings)}"
    try:
        terms = load_glossary(Path(content_dir) / glossary_file(settings), shown)
    except DataFileError as exc:
        return [*catalogue_problems(i18n_dir, languages, root), (exc.path, exc.line, exc.problem, exc.fix)]
    remembered = root / settings.get("MARKDOWN_CACHE_PATH", "cache") / REMEMBERED  # beside the build's caches
    return catalogue_problems(i18n_dir, languages, root) + translation_problems(files, terms, remembered)
