"""Summaries shortened for lists (plugins/listings/summaries.py): at a sentence, a clause or a
word, with one "…", never ",…", "....", or a number or short word left hanging."""

import re

import pytest

from iomsite.plugins.listings.summaries import cut

UMED = (
    "The International Organization for Migration and the Tajikistan Network of Non-Governmental "
    "Organizations “Umed” signed a memorandum on cooperation to protect migrants’ rights and counter "
    "human trafficking on 21 December in Dushanbe. The signing ceremony opened the next meeting."
)


def test_a_short_summary_is_left_whole():
    text = "IOM opened a market.  It is near the border."
    assert cut(text, 220) == "IOM opened a market. It is near the border."


def test_whole_sentences_are_kept_without_an_ellipsis():
    text = "Representatives gathered in Dushanbe to discuss partnership. A two-day national forum followed."
    assert cut(text, 80) == "Representatives gathered in Dushanbe to discuss partnership."


def test_an_abbreviation_is_not_a_sentence_end():
    text = "В мае 2012 г. в Душанбе был опубликован новый доклад о деградации окружающей среды и миграции."
    assert not cut(text, 60).endswith("г.")
    text = "The U.S. Department of State published its annual report on trafficking in persons today."
    assert not cut(text, 40).endswith("U.S.")


def test_a_long_first_sentence_is_cut_after_a_clause_without_its_comma():
    text = (
        "Сеть партнёров МОМ из гражданского общества в Таджикистане, объединяющая организации, "
        "отмечает Всемирный день борьбы с торговлей людьми программой мероприятий"
    )
    kept = "Сеть партнёров МОМ из гражданского общества в Таджикистане, объединяющая организации"
    assert cut(text, 120) == kept + "…"


def test_a_word_cut_leaves_no_number_or_short_word_hanging():
    result = cut(UMED, UMED.index("on 21 December") + 7)  # room for "on 21 De"
    assert result.endswith("counter human trafficking…"), result
    assert cut("Participants met in Dushanbe on 21 December 2016 to sign a memorandum", 37) == (
        "Participants met in Dushanbe…"
    )


@pytest.mark.parametrize("limit", range(20, 260, 7))
@pytest.mark.parametrize(
    "text",
    [
        UMED,
        "Таджикистан сохранил своё место на втором уровне, как сообщается в ежегодном докладе о "
        "торговле людьми, опубликованном Государственным департаментом США; доклад доступен онлайн.",
        "Дар Тоҷикистон, ки аксари муҳоҷирон ба Федератсияи Россия мераванд, СБМ ва шарикон "
        "барои муҳоҷирон, хабарҳои муҳоҷирати меҳнатӣ, маълумот омода карданд.",
    ],
)
def test_every_cut_fits_and_ends_cleanly(text, limit):
    result = cut(text, limit)
    assert len(result) <= limit
    assert not re.search(r"[,;:\s–—-]…$", result), result
    assert "..." not in result and ".…" not in result
    if result != text:
        assert result.endswith(("…", ".")), result
        assert text.startswith(result.rstrip("…")), result


def test_an_abbreviation_in_capitals_is_not_a_hanging_word():
    text = "The project is jointly implemented by UNDP and IOM with the support of donors"
    assert cut(text, text.index(" with") + 3) == "The project is jointly implemented by UNDP and IOM…"
