"""Translations hold to their English: the same numbers (facts.py) and the glossary's names
(glossary.py, content/data/glossary.yml), as the content check reports them: rules as unit
tests, then the check on a copy of the real content with one slip each."""

import pytest
from conftest import ROOT, FixtureSite
from pelican.settings import read_settings

from iomsite.core.datafiles import DataFileError
from iomsite.plugins.multilang.facts import numbers
from iomsite.plugins.multilang.glossary import load_glossary, spelled_out_problems, term_problems
from iomsite.tools.check_content import content_problems


@pytest.mark.parametrize(
    "english, translation, lang",
    [
        ("2,300 migrants and 8.5 per cent", "2 300 мигрантов и 8,5 процента", "ru"),
        ("as many as 700 000 citizens", "то 700\u00a0000 шаҳрванд", "tg"),
        ("on 01-02 June 2016", "1–2 июня 2016 года", "ru"),
        ("call +992 37 221 03 02", "звоните: +992 37 221 03 02", "ru"),
        ("Article 130.1", "статья 130.1", "ru"),
    ],
)
def test_a_number_is_the_same_in_each_language_s_writing(english, translation, lang):
    assert numbers(english, "en") == numbers(translation, lang)


def test_a_phone_number_is_not_read_as_one_large_number():
    assert numbers("+992 37 221 03 02", "ru") == {"992", "37", "221", "3", "2"}
    assert numbers("+992 37 221 03 02", "ru") != numbers("+992 37 221 03 12", "ru")


@pytest.fixture(scope="module")
def glossary():
    return load_glossary(ROOT / "content" / "data" / "glossary.yml", "content/data/glossary.yml")


def test_a_name_is_found_in_its_other_forms(glossary):
    iom = next(term for term in glossary if term.id == "iom")
    assert iom.named_in("при поддержке Международной организации по миграции", "ru")
    assert iom.named_in("Созмони байналмилалии муҳоҷирати дар Тоҷикистон", "tg")
    assert not iom.named_in("Международная организация труда", "ru")
    aids = next(term for term in glossary if term.id == "aids")
    assert aids.named_in("тенденции ВИЧ/СПИДа", "ru")
    assert not aids.named_in("First aid kits", "en")  # an abbreviation only as it is written


def test_a_wrong_or_missing_term_is_named_with_the_glossary_s_form(glossary):
    english = "UNHCR and IOM support national consultations on refugee protection."
    wrong = "КОА СММ ва СБМ машваратҳои миллиро оид ба ҳифзи гурезаҳо дастгирӣ мекунанд."
    problems = term_problems(glossary, english, wrong, "tg")
    messages = [problem for _, problem, _ in problems]
    assert "«КОА СММ» is a form the glossary says to avoid" in messages
    assert "«гурезаҳо» is a form the glossary says to avoid" in messages
    assert any("names «Office of the United Nations High Commissioner" in m for m in messages)
    right = (
        "Комиссариати олии Созмони Милали Муттаҳид оид ба гурезагон ва СБМ машваратҳои миллиро "
        "оид ба ҳифзи гурезагон дастгирӣ мекунанд."
    )
    assert term_problems(glossary, english, right, "tg") == []


def test_an_abbreviation_is_spelled_out_in_the_paragraph_of_its_first_use(glossary):
    late = "МОМ провела тренинг.\n\nМеждународная организация по миграции (МОМ) благодарит партнёров."
    assert [p for _, p, _ in spelled_out_problems(glossary, late, "ru")] == [
        "the abbreviation МОМ is used before its name is spelled out"
    ]
    in_time = "Проект USAID «Диалог», финансируемый Агентством США по международному развитию (USAID)."
    assert spelled_out_problems(glossary, in_time, "ru") == []


def test_a_glossary_term_without_its_english_name_is_refused(tmp_path):
    broken = tmp_path / "glossary.yml"
    broken.write_text("terms:\n  - id: iom\n    name:\n      ru: МОМ\n", encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        load_glossary(broken, "content/data/glossary.yml")
    assert (caught.value.line, caught.value.problem) == (
        2,
        "term 'iom': 'name' needs at least an English text",
    )


@pytest.fixture(scope="module")
def real_copy(tmp_path_factory) -> FixtureSite:
    return FixtureSite(tmp_path_factory.mktemp("facts") / "site", content="real")


def problems_after(site: FixtureSite, path: str, old: str, new: str) -> list[str]:
    """The content check's messages with one text changed, then put back."""
    file = site.content / path
    text = file.read_text(encoding="utf-8")
    assert text.count(old) >= 1, old
    file.write_text(text.replace(old, new, 1), encoding="utf-8")
    try:
        return [str(problem) for problem in content_problems(read_settings(str(site.settings)))]
    finally:
        file.write_text(text, encoding="utf-8")


def test_the_real_translations_keep_their_facts_and_terms(real_copy):
    assert content_problems(read_settings(str(real_copy.settings))) == []


def test_a_figure_changed_in_one_translation_is_caught_with_its_line(real_copy):
    story = "newsletters/2012/09-joint-border-control-trainings.ru.md"
    line = next(
        number
        for number, text in enumerate((real_copy.content / story).read_text(encoding="utf-8").splitlines(), 1)
        if " 24 " in text
    )
    found = problems_after(real_copy, story, " 24 ", " 42 ")
    assert f"content/{story}:{line}: the number 42 is not in the English" in " ".join(found)
    assert f"content/{story}:" in " ".join(found) and "the English gives the number 24" in " ".join(found)


def test_a_wrong_term_in_a_translation_is_caught(real_copy):
    story = "newsletters/2012/01-unhcr-iom-national-consultations.tg.md"
    found = problems_after(real_copy, story, "гурезагон", "гурезаҳо")
    assert any(
        p.startswith(f"content/{story}:") and "«гурезаҳо» is a form the glossary says to avoid" in p
        for p in found
    )


def test_a_paragraph_left_in_english_is_caught_at_its_line(real_copy):
    english = "press/2006-02-15-memorandum-combating-human-trafficking.en.md"
    tajik = english.replace(".en.md", ".tg.md")
    body = (real_copy.content / english).read_text(encoding="utf-8").split("\n---\n", 1)[1]
    paragraph = next(p for p in body.split("\n\n") if sum(map(str.isalpha, p)) >= 40)
    tajik_text = (real_copy.content / tajik).read_text(encoding="utf-8")
    first = next(p for p in tajik_text.split("\n---\n", 1)[1].split("\n\n") if p.strip())
    line = tajik_text.splitlines().index(first.strip().splitlines()[0]) + 1
    found = problems_after(real_copy, tajik, first, paragraph)
    assert [p for p in found if "word for word" in p] == [
        f"content/{tajik}:{line}: this line is the English original's, word for word: it is not translated "
        "— translate it; until the whole translation is ready, leave this file out (meanwhile this "
        "language's lists say how many items are available only in English, with a link to them)"
    ]


def test_short_lines_quotes_tables_addresses_and_other_scripts_may_be_the_same_in_both():
    from iomsite.plugins.multilang.translated import untranslated_lines

    kept = [
        "IOM Tajikistan",
        "[report]: https://publications.iom.int/books/migration-tajikistan-country-profile",
        "| United Kingdom | Community Infrastructure in Border Areas |",
        "> “Safe Migration Is Everyone’s Business, and the Business of Every Community”",
        "Муҳоҷирати бехатар кори ҳамаи мост, кори ҳар як ҷомеа ва ҳар як оила",
        "See [the profile](https://publications.iom.int/books/migration-tajikistan-country-profile).",
        "\\#EndHumanTrafficking \\#IOMTajikistan \\#SafeMigration \\#Together",
        "*[IOM]: International Organization for Migration and its partners",
    ]
    paragraph = "The Memorandum was signed by the Minister of Foreign Affairs today."
    english = "\n".join([*kept, paragraph])
    same = [(number, text) for number, text in enumerate([*kept, paragraph.replace(" today", "  today")], 1)]
    assert [line for line, _, _ in untranslated_lines(english, same)] == [9]


def test_each_translation_s_problems_are_remembered_until_its_text_or_the_glossary_changes(real_copy):
    """The check keeps what it found per translation (cache/translation-checks.json, by a digest
    of the texts, the glossary and its code): the same problems from memory, new ones as soon
    as a text or the glossary changes."""
    story = "newsletters/2012/01-unhcr-iom-national-consultations.tg.md"
    slip = f"content/{story}:"
    file, glossary = real_copy.content / story, real_copy.content / "data" / "glossary.yml"
    text, terms = file.read_text(encoding="utf-8"), glossary.read_text(encoding="utf-8")
    remembered = real_copy.root / "cache" / "translation-checks.json"
    file.write_text(text.replace("гурезагон", "гурезаҳо", 1), encoding="utf-8")
    try:
        found = [str(p) for p in content_problems(read_settings(str(real_copy.settings)))]
        assert remembered.is_file() and any(p.startswith(slip) and "«гурезаҳо»" in p for p in found)
        assert [str(p) for p in content_problems(read_settings(str(real_copy.settings)))] == found
        glossary.write_text(
            terms.replace("      tg: гурезаҳо\n", "      tg: паноҳандаҳо\n"), encoding="utf-8"
        )
        after = [str(p) for p in content_problems(read_settings(str(real_copy.settings)))]
        assert not any(p.startswith(slip) and "«гурезаҳо»" in p for p in after)
    finally:
        file.write_text(text, encoding="utf-8")
        glossary.write_text(terms, encoding="utf-8")
    assert content_problems(read_settings(str(real_copy.settings))) == []
