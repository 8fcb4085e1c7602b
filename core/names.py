"""A name found in a text in its other grammatical forms: Russian declines names
("Правительство Соединённого Королевства", "Правительством Соединённого Королевства"), Tajik
joins them with the izofat ("Созмони байналмилалии муҳоҷирати"). Each word of more than four
letters may change its last two letters and take an ending; an abbreviation (all capitals) is
matched as written, with a Russian case ending ("СПИДа"); shorter words may take an ending.
Used by the glossary (plugins/multilang) and the donors' check (plugins/donors)."""

import re
from functools import lru_cache


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
