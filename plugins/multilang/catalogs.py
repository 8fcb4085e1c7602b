"""Interface-string catalogues: i18n/<lang>/LC_MESSAGES/messages.po, compiled at build time.

The .mo files are not committed: `invoke i18n-compile` writes them, and the build compiles any
.po that is newer than its .mo in memory, so a fresh clone builds without an extra step.
"""

import codecs
import gettext
import io
import logging
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

log = logging.getLogger(__name__)
DOMAIN = "messages"


def po_path(i18n_dir: Path, lang: str) -> Path:
    return Path(i18n_dir) / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def po_bytes(po_file: Path) -> bytes:
    """A .po file's bytes without the byte-order mark Notepad writes (Babel reads it as part
    of the first line, and refuses or loses it)."""
    data = po_file.read_bytes()
    return data[3:] if data.startswith(codecs.BOM_UTF8) else data


def compile_po(po_file: Path) -> bytes:
    """The .mo bytes for a .po file (fuzzy entries are left out, as msgfmt does)."""
    catalog = read_po(io.BytesIO(po_bytes(po_file)), locale=po_file.parent.parent.name)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def load_translations(i18n_dir: Path, lang: str) -> gettext.NullTranslations:
    po_file = po_path(i18n_dir, lang)
    mo_file = po_file.with_suffix(".mo")
    if mo_file.exists() and po_file.exists() and mo_file.stat().st_mtime >= po_file.stat().st_mtime:
        with mo_file.open("rb") as handle:
            return gettext.GNUTranslations(handle)
    if po_file.exists():
        return gettext.GNUTranslations(io.BytesIO(compile_po(po_file)))
    return gettext.NullTranslations()
