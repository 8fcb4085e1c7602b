"""A translation against its English original, for the content check: the same numbers
(facts.py) and the glossary's names (glossary.py), in the text a translator translates: the
fields the content model marks as translated, and the body. Advisory problems: a preview
build shows them as notices, `invoke check-content` and `invoke publish` stop on them."""

import hashlib
import json
import os
import re
from pathlib import Path

from iomsite.core import model, names

from .facts import number_problems
from .glossary import Term, spelled_out_problems, term_problems

REMEMBERED = "translation-checks.json"  # in the cache folder beside content/


def translated_text(item) -> list[tuple[int, str]]:
    """(line, text) of a content file's translated fields and of each line of its body."""
    segments = [
        (field.line, field.value)
        for name, field in item.fields.items()
        if name in model.FIELDS and model.FIELDS[name].is_text_to_translate and field.value
    ]
    lines = item.path.read_text(encoding="utf-8-sig").splitlines()
    body = [(number, text) for number, text in enumerate(lines, start=1) if number >= item.body_start]
    return segments + body, body


def line_at(segments: list[tuple[int, str]], offset: int) -> int:
    """The line of a position in the segments joined by newlines."""
    for line, text in segments:
        if offset <= len(text):
            return line
        offset -= len(text) + 1
    return segments[-1][0] if segments else 1


def joined(segments: list[tuple[int, str]]) -> str:
    return "\n".join(text for _, text in segments)


class Remembered:
    """The problems of each translation, by a digest of all they depend on (its text with its
    lines, its English's, the language, the glossary, this check's code): a rebuild checks
    again only the translations whose text or English changed. At 3,000 articles checking
    them all took 2 s of the content check, which every build and preview waits for. A lost
    or damaged file only means checking again."""

    def __init__(self, path: Path | None, terms: list[Term]):
        self.path = path
        code = b"".join(
            Path(module).read_bytes()
            for module in (__file__, number_problems.__code__.co_filename, term_problems.__code__.co_filename)
        )
        self.salt = hashlib.blake2b(code + Path(names.__file__).read_bytes(), digest_size=16)
        self.salt.update(repr((terms, model.DEFAULT_LANGUAGE)).encode())
        self.known: dict = {}
        if path is not None:
            try:
                self.known = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                pass
        self.used: dict = {}

    def problems(self, english: str, segments: list, body: list, lang: str, terms: list[Term]) -> list[tuple]:
        key = self.salt.copy()
        key.update(json.dumps([lang, english, segments, len(body)], ensure_ascii=False).encode())
        digest = key.hexdigest()
        found = self.known.get(digest)
        if not isinstance(found, list):
            found = [list(problem) for problem in pair_problems(english, segments, body, lang, terms)]
        self.used[digest] = found
        return [tuple(problem) for problem in found]

    def save(self) -> None:
        """Only the translations of this check, written whole (a build beside may write too)."""
        if self.path is None or self.used == self.known:
            return
        temporary = self.path.with_name(f"{self.path.name}.{os.getpid()}")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary.write_text(json.dumps(self.used, ensure_ascii=False), encoding="utf-8")
            os.replace(temporary, self.path)
        except OSError:
            temporary.unlink(missing_ok=True)


def pair_problems(english: str, segments: list, body: list, lang: str, terms: list[Term]) -> list[tuple]:
    """(line, problem, fix) of one translation against its English."""
    found = untranslated_lines(english, segments)
    found += number_problems(english, segments, lang)
    found += [
        (line_at(segments, at), problem, fix)
        for at, problem, fix in term_problems(terms, english, joined(segments), lang)
    ]
    found += [
        (line_at(body, at), problem, fix)
        for at, problem, fix in spelled_out_problems(terms, joined(body), lang)
    ]
    return found


UNTRANSLATED_LETTERS = 40  # a line shorter than this may well be the same in both (a name, a figure)
# not counted as letters to translate: addresses, and hashtags (kept as they are in every language)
ADDRESSES = re.compile(r"\]\([^)]*\)|<[^>]*>|https?://\S+|www\.\S+|\S+@\S+|\\?#\w+")
# a quote, a table's row, a link's address, an abbreviation's definition (never shown as it is)
KEPT_AS_THEY_ARE = re.compile(r"\s*(?:>|\||\[[^\]^][^\]]*\]:|\*\[[^\]]+\]:)")


def untranslated_lines(english: str, segments: list) -> list[tuple]:
    """Lines of the translation (a field, a paragraph, an item, a heading) that are a line of
    its English word for word, in Latin letters: a paragraph left untranslated, or the English
    copied whole. The reader of the Russian or Tajik page would get English under the page's
    language. A quote, a table's row and a link's address may stay as they are; so may a line
    the English itself gives in another script (a slogan in Tajik)."""
    originals = {" ".join(line.split()) for line in english.splitlines()}
    found = []
    for line, text in segments:
        if KEPT_AS_THEY_ARE.match(text) or " ".join(text.split()) not in originals:
            continue
        letters = [c for c in ADDRESSES.sub(" ", text) if c.isalpha()]
        latin = sum(c.isascii() for c in letters)
        if len(letters) >= UNTRANSLATED_LETTERS and latin * 2 > len(letters):
            found.append(
                (
                    line,
                    "this line is the English original's, word for word: it is not translated",
                    "translate it; until the whole translation is ready, leave this file out (meanwhile "
                    "this language's lists say how many items are available only in English, with a "
                    "link to them)",
                )
            )
    return found


def translation_problems(files, terms: list[Term], remembered: Path | None = None) -> list[tuple]:
    """(file, line, problem, fix, advisory) for each translation that does not keep its
    English's numbers or glossary names. `remembered`: the file of the problems found by the
    previous check (Remembered)."""
    originals = {item.group: item for item in files if item.lang == model.DEFAULT_LANGUAGE}
    memory = Remembered(remembered, terms)
    problems = []
    for item in originals.values():
        for name in ("translated_from", "translation_override"):
            if name in item.fields:
                problems.append(
                    (
                        item.shown,
                        item.fields[name].line,
                        f"'{name}' belongs in a translation, and this is the English",
                        "remove the line: the ledger records it in each translation (invoke translations)",
                    )
                )
    for item in files:
        original = originals.get(item.group)
        if item.lang == model.DEFAULT_LANGUAGE or item.lang not in model.LANGUAGES or original is None:
            continue
        english = joined(translated_text(original)[0])
        segments, body = translated_text(item)
        if not segments:
            continue
        found = memory.problems(english, segments, body, item.lang, terms)
        problems += [(item.shown, line, problem, fix, True) for line, problem, fix in found]
    memory.save()
    return problems
