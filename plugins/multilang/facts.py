"""The facts a translation keeps: the numbers of a text (figures, days, years, phone numbers,
written in digits) are the same in an English text and in each of its translations, each
written as its language writes numbers ("2,300" and "8.5" in English, "2 300" and "8,5" in
Russian and Tajik, "01" and "1" alike). Numbers are the facts a slip changes most easily,
and the ones a reader acts on (a phone number, a date)."""

import re

from iomsite.core import model

# Each pattern starts with a digit and looks behind it from there: the same matches as a
# lookbehind first, which the regex engine would try at every position of the text (three
# times slower; the content check runs them over every translation and its English).
NUMBER = re.compile(r"(\d(?<![\w.,]\d)\d*(?:[.,]\d+)*)(?:st|nd|rd|th)?(?!\w)")  # 2nd: 2
# Not facts of the text: link targets, {filename} links, numbered-list markers, HTML entities.
NOT_NUMBERS = re.compile(r"\]\([^)]*\)|\{(?:filename|static)\}\S+|^\s*\d+\. |&#?\w+;", re.M)
ENGLISH_THOUSANDS = re.compile(r",(?<=\d,)(?=\d{3}(?!\d))")  # 2,300
# 700 000, 2 300: groups of three after the first, the whole run (a phone number's "37 221 03 02"
# is not one number)
SPACE = "[ \u00a0\u202f]"
SPACED_THOUSANDS = re.compile(rf"\d(?<!\d{SPACE}\d)(?<![\d.,]\d)\d{{0,2}}(?:{SPACE}\d{{3}})+(?!{SPACE}?\d)")


def normal(number: str) -> str:
    """One spelling of a number: a decimal point, no leading zeros ("01" -> "1")."""
    number = number.replace(",", ".")
    whole, dot, rest = number.partition(".")
    return (whole.lstrip("0") or "0") + dot + rest


def numbers(text: str, lang: str) -> set[str]:
    """The numbers of a text in `lang`, each in one spelling."""
    text = NOT_NUMBERS.sub(" ", text)
    if lang == model.DEFAULT_LANGUAGE:
        text = ENGLISH_THOUSANDS.sub("", text)
    text = SPACED_THOUSANDS.sub(lambda run: re.sub(SPACE, "", run.group()), text)
    return {normal(found) for found in NUMBER.findall(text)}


def line_of(segments: list[tuple[int, str]], number: str, lang: str) -> int:
    """The line where `number` first appears among (line, text) segments."""
    return next((line for line, text in segments if number in numbers(text, lang)), segments[0][0])


def number_problems(english: str, segments: list[tuple[int, str]], lang: str) -> list[tuple]:
    """(line, problem, fix) for each number of the English the translation lacks, and each it
    has that the English does not; the translation's translated text as (line, text)."""
    expected = numbers(english, model.DEFAULT_LANGUAGE)
    found = numbers("\n".join(text for _, text in segments), lang)
    problems = []
    for number in sorted(expected - found):
        problems.append(
            (
                segments[0][0],
                f"the English gives the number {number}, and this translation does not",
                "translate the sentence with it whole: every figure, date and phone number of "
                "the English is in each translation",
            )
        )
    for number in sorted(found - expected):
        problems.append(
            (
                line_of(segments, number, lang),
                f"the number {number} is not in the English",
                "check it against the English: a translation states the same facts (if the "
                "English is wrong, correct the English first)",
            )
        )
    return problems
