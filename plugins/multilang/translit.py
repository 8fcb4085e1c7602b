"""Readable ASCII slugs for Russian and Tajik titles.

Pelican's slugify uses Unidecode, which has no good rules for Tajik letters (ғ ӣ қ ӯ ҳ ҷ) and
writes х as 'kh' but ж as 'zh' inconsistently with common Tajik romanisation; this table is
the simplified BGN/PCGN-style romanisation used in IOM's own Tajik place names
(Khujand, Kulob, Hamadoni, Sughd).
"""

import re

from unidecode import unidecode

CYRILLIC = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "yo",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "y",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
    # Tajik letters
    "ғ": "gh",
    "ӣ": "i",
    "қ": "q",
    "ӯ": "u",
    "ҳ": "h",
    "ҷ": "j",
}

MAX_SLUG_LENGTH = 80


def transliterate(text: str) -> str:
    out = []
    for char in text:
        lower = char.lower()
        out.append(CYRILLIC[lower] if lower in CYRILLIC else char)
    return unidecode("".join(out))


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by hyphens, cut at a word boundary."""
    words = re.findall(r"[a-z0-9]+", transliterate(text).lower())
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > MAX_SLUG_LENGTH:
            break
        slug = candidate
    return slug or "untitled"
