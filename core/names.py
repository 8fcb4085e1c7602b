"""A name found in a text in its other grammatical forms: Russian declines names
("Правительство Соединённого Королевства", "Правительством Соединённого Королевства"), Tajik
joins them with the izofat ("Созмони байналмилалии муҳоҷирати"). Each word of more than four
letters may change its last two letters and take an ending; an abbreviation (all capitals) is
matched as written, with a Russian case ending ("СПИДа"); shorter words may take an ending.
Used by the glossary (plugins/multilang) and the donors' check (plugins/donors)."""

import re
from functools import lru_cache

# Letters where `str.casefold` and the patterns' ignoring of case disagree: those folded to
# more than one letter (ß -> ss, the ligatures) and the dotless ı (which `re` matches with i).
# A text with one gets no quick test in `find_name`.
_FOLDS_APART = re.compile(
    "[ı"
    + "".join(chr(c) for c in (*range(0x2000), *range(0xFB00, 0xFB18)) if len(chr(c).casefold()) > 1)
    + "]"
)


def word_pattern(word: str) -> str:
    if word.isupper():
        return f"(?-i:{re.escape(word)}[a-zа-яё]*)"
    if len(word) <= 4 or not word.isalpha():
        return re.escape(word) + r"\w*"
    return re.escape(word[:-2]) + r"\w*"


@lru_cache(maxsize=4096)
def name_pattern(name: str) -> re.Pattern:
    """The name, in any of its forms, as a whole (not inside a longer word), case aside."""
    words = name.split()
    return re.compile(r"(?<!\w)" + r"\s+".join(word_pattern(w) for w in words) + r"(?!\w)", re.I)


@lru_cache(maxsize=4096)
def _stems(name: str) -> tuple[str, ...]:
    """What each word of the name keeps in all its forms (word_pattern's fixed part), folded."""
    return tuple(
        (word if word.isupper() or len(word) <= 4 or not word.isalpha() else word[:-2]).casefold()
        for word in name.split()
    )


@lru_cache(maxsize=64)
def _folded(text: str) -> str | None:
    return None if _FOLDS_APART.search(text) else text.casefold()


def find_name(name: str, text: str) -> re.Match | None:
    """name_pattern(name).search(text), a quick test first: a text without the stem of each of
    the name's words cannot name it (the content check asks this of every translation for
    every glossary term: 16 s of regular expressions at 3,000 articles, 1 s with the test)."""
    folded = _folded(text)
    if folded is not None and not all(stem in folded for stem in _stems(name)):
        return None
    return name_pattern(name).search(text)
