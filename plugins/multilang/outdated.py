"""Readers of an outdated translation are told: a translation whose `translated_from` is not
the digest of its English as it is now (core/ledger.py) gets `outdated_translation`, which the
theme shows as a notice in its language (components/translation_notice.html), with the day the
English was last changed and a link to it. The incremental layer sees the attribute in the
item's fingerprint: the pages that show the item are made again when it changes, no others."""

import datetime
import subprocess
from dataclasses import dataclass
from pathlib import Path

from iomsite.core import ledger, model


@dataclass(frozen=True)
class OutdatedTranslation:
    english: object  # the English item (its url, title)
    updated: datetime.date | None  # when the English was last changed, if known


def last_changed(item) -> datetime.date | None:
    """The English item's `modified`, or the day of its file's last commit (None outside git)."""
    modified = getattr(item, "modified", None)
    if modified and "modified" in item.metadata:
        return modified.date()
    try:
        found = subprocess.run(
            ["git", "log", "-1", "--format=%cs", "--", Path(item.source_path).name],
            cwd=Path(item.source_path).parent,
            capture_output=True,
            text=True,
            timeout=30,
        ).stdout.strip()
    except OSError:
        return None
    return datetime.date.fromisoformat(found) if found else None


def mark_outdated(items) -> None:
    for item in items:
        recorded = str(item.metadata.get("translated_from") or "").strip()
        if item.lang == model.DEFAULT_LANGUAGE or not recorded:
            continue
        original = next(
            (t for t in getattr(item, "translations", []) if t.lang == model.DEFAULT_LANGUAGE), None
        )
        if original is None or ledger.digest_of(Path(original.source_path)) == recorded:
            continue
        item.outdated_translation = OutdatedTranslation(original, last_changed(original))
