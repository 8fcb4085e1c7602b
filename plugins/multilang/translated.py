"""A translation against its English original, for the content check: the same numbers
(facts.py) and the glossary's names (glossary.py), in the text a translator translates: the
fields the content model marks as translated, and the body. Advisory problems: a preview
build shows them as notices, `invoke check-content` and `invoke publish` stop on them."""

from iomsite.core import model

from .facts import number_problems
from .glossary import Term, spelled_out_problems, term_problems


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


def translation_problems(files, terms: list[Term]) -> list[tuple]:
    """(file, line, problem, fix, advisory) for each translation that does not keep its
    English's numbers or glossary names."""
    originals = {item.group: item for item in files if item.lang == model.DEFAULT_LANGUAGE}
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
        found = number_problems(english, segments, item.lang)
        found += [
            (line_at(segments, at), problem, fix)
            for at, problem, fix in term_problems(terms, english, joined(segments), item.lang)
        ]
        found += [
            (line_at(body, at), problem, fix)
            for at, problem, fix in spelled_out_problems(terms, joined(body), item.lang)
        ]
        problems += [(item.shown, line, problem, fix, True) for line, problem, fix in found]
    return problems
