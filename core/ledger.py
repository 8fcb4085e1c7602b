"""The translation ledger: each translation records, in `translated_from:`, the version of the
English it was made from: a digest of the English file's translatable content (the fields the
content model marks as text to translate, and the body), computed here and only here, so that
`invoke new`, `invoke translations`, the editor, the content check and the build agree. A
translation whose English has changed since is outdated; one without the field is not marked."""

import hashlib
from dataclasses import dataclass
from pathlib import Path

from . import model
from .frontmatter import FrontMatterError, parse

CURRENT, OUTDATED, MISSING, UNMARKED = "current", "outdated", "missing", "not marked"


def translatable_text(text: str) -> str:
    """What a translator translates of a content file's text (as on disk, or as git kept it):
    its fields of text to translate, one per line, then its body."""
    lines = text.lstrip("\ufeff").splitlines()
    fields, body_start = parse(lines)
    parts = [
        f"{name}: {' '.join(fields[name].value.split())}"
        for name in sorted(fields)
        if name in model.FIELDS and model.FIELDS[name].is_text_to_translate
    ]
    body = "\n".join(line.rstrip() for line in lines[body_start - 1 :]).strip()
    return "\n".join(parts) + "\n\n" + body


def digest_of_text(text: str) -> str:
    """The digest of a content file's text: the version of the English a translation records."""
    return hashlib.sha256(translatable_text(text).encode("utf-8")).hexdigest()[:12]


def digest_of(path: Path) -> str:
    return digest_of_text(path.read_text(encoding="utf-8-sig"))


def original_of(translation: Path) -> Path:
    """The English file a translation translates: x.ru.md -> x.en.md (or x.md)."""
    base = model.file_language(translation.name[:-3])[0]
    english = translation.with_name(f"{base}.{model.DEFAULT_LANGUAGE}.md")
    return english if english.exists() else translation.with_name(f"{base}.md")


def field_value(path: Path, name: str) -> str:
    try:
        fields, _ = parse(path.read_text(encoding="utf-8-sig").splitlines())
    except FrontMatterError:
        return ""
    return fields[name].value.strip() if name in fields else ""


@dataclass(frozen=True)
class Entry:
    english: Path
    lang: str
    translation: Path | None
    state: str
    translated_from: str = ""
    english_now: str = ""
    override: str = ""  # translation_override: why it may go out although outdated


def entry(english: Path, lang: str) -> Entry:
    base = model.file_language(english.name[:-3])[0]
    translation = english.with_name(f"{base}.{lang}.md")
    if not translation.exists():
        return Entry(english, lang, None, MISSING)
    recorded = field_value(translation, "translated_from")
    now = digest_of(english)
    state = UNMARKED if not recorded else CURRENT if recorded == now else OUTDATED
    return Entry(
        english, lang, translation, state, recorded, now, field_value(translation, "translation_override")
    )


def english_files(content_dir: Path) -> list[Path]:
    return sorted(
        path
        for path in Path(content_dir).rglob("*.md")
        if path.relative_to(content_dir).parts[0] in model.ARTICLE_CATEGORIES + model.PAGE_FOLDERS
        and model.file_language(path.name[:-3])[1] == model.DEFAULT_LANGUAGE
    )


def ledger(content_dir: Path) -> list[Entry]:
    """Every item and translated language, with its state."""
    return [
        entry(english, lang) for english in english_files(content_dir) for lang in model.TRANSLATED_LANGUAGES
    ]
