"""Summaries shortened for a list: the filter `summary_cut`.

Jinja's `truncate` cuts at the last space before the limit and adds "...", which leaves a
teaser hanging on a number or a preposition ("... on 21...") or on a comma (",..." in Russian
and Tajik), and gives "...." after a full stop. Here a summary longer than the limit keeps
- its whole sentences, when they fill at least half of the room;
- else its first clause(s), cut after a comma or semicolon, when they fill half of it;
- else its words, without the short words and numbers that would be left hanging;
and a cut inside a sentence ends with one ellipsis character "…", never after punctuation.
"""

import re

# The end of a sentence: . ! ? or … (then perhaps a closing quote or bracket) before a space
# and a capital letter, a digit or an opening quote; not the point of an abbreviation ("г.",
# "U.S.", "т.е."): a word of one or two small letters, or one with a point inside.
SENTENCE_END = re.compile(
    r"(?<![\s.]\w)(?<![\s.][^\W\d_A-ZА-ЯЁ]{2})(?<!\.\w)[.!?…][\"»”’)]*(?=\s+[\"«“(\d]?[A-ZА-ЯЁҒӢҚӮҲҶ])"
)
# A clause boundary: a comma, semicolon or colon before a space.
CLAUSE_END = re.compile(r"[,;:](?=\s)")
# Left at the end of a cut, these hang: punctuation, a dash, an opening quote or bracket.
TRAILING = " \t\n,;:—–-(«“\"'"
# Numbers ("on 21") hang at the end of a teaser, as do short small words (below).
NUMBER = re.compile(r"^[\d.,/№-]+$")
FILL = 0.5  # a boundary counts if what it keeps fills at least this part of the room


def cut(text: str, limit: int = 220) -> str:
    """`text` (plain text) in at most `limit` characters (ellipsis included), cut as above."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    room = text[: limit + 1]  # a boundary right at the limit still counts
    sentences = [m.end() for m in SENTENCE_END.finditer(room) if m.end() <= limit]
    if sentences and sentences[-1] >= limit * FILL:
        return text[: sentences[-1]]
    room = text[: limit - 1]  # one character for the ellipsis
    clauses = [m.start() for m in CLAUSE_END.finditer(room)]
    if clauses and clauses[-1] >= limit * FILL:
        return text[: clauses[-1]].rstrip(TRAILING) + "…"
    return _words(room, text[limit : limit + 1]) + "…"


def _words(room: str, after: str) -> str:
    """`room` without its last, broken word (unless the text goes on with a space) and the
    short words and numbers that would hang at its end."""
    words = room.split(" ")
    if after and not after.isspace():
        words = words[:-1]
    while len(words) > 1 and _hangs(words[-1].strip(TRAILING)):
        words.pop()
    return " ".join(words).rstrip(TRAILING)


def _hangs(word: str) -> bool:
    """Nothing, a number, or a word of at most three small letters ("on", "в", "ва", "the";
    not "IOM" or "МОМ")."""
    return not word or bool(NUMBER.match(word)) or (len(word) <= 3 and word.islower())


def summary_cut(text, limit: int = 220) -> str:
    """The Jinja filter: plain text in (after `striptags`), plain text out."""
    return cut(str(text), limit)


def add_filter(generator) -> None:
    generator.env.filters["summary_cut"] = summary_cut
