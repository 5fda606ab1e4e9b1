"""Numbers in each locale and number words."""

from __future__ import annotations

import pytest

from surgeops.ingest.numbers import find_numbers


@pytest.mark.parametrize("text,lang,value", [
    ("25.500 khẩu trang", "vi", 25500), ("1 766 төсек", "kk", 1766), ("1,2 млн масок", "ru", 1_200_000),
    ("2,5 nghìn bộ", "vi", 2500), ("300–ге жуық адам", "kk", 300), ("hai xe", "vi", 2), ("mười hai máy", "vi", 12),
    ("двадцать три врача", "ru", 23), ("двух бригад", "ru", 2), ("он екі дәрігер", "kk", 12), ("екі көлік", "kk", 2),
    ("twelve nurses", "en", 12), ("1,200 masks", "en", 1200), ("2.5 million tests", "en", 2_500_000),
])
def test_numbers_in_each_locale(text, lang, value):
    assert find_numbers(text, lang)[0].value == value


def test_codes_and_times_are_not_numbers():
    assert find_numbers("COVID-19 5500/QĐ-BYT 21:35", "vi") == []


@pytest.mark.parametrize("text,value", [
    ("оның қырық бесі симптомсыз", 45), ("екеуі қайтыс болды", 2), ("жиырма бесі жазылды", 25),
])
def test_kazakh_number_words_with_endings(text, value):
    assert find_numbers(text, "kk")[0].value == value


@pytest.mark.parametrize("text", ["оның ішінде", "бесінші толқын", "үшін"])
def test_kazakh_words_that_only_look_like_numbers(text):
    assert find_numbers(text, "kk") == []


@pytest.mark.parametrize("text,lang,value", [("2 мың 150 адам", "kk", 2150), ("3 тысячи 200 человек", "ru", 3200)])
def test_thousands_then_the_rest(text, lang, value):
    assert [n.value for n in find_numbers(text, lang)] == [value]


@pytest.mark.parametrize("text,lang", [("half a million masks", "en"), ("полмиллиона масок", "ru"),
                                       ("жарты миллион бетперде", "kk"), ("nửa triệu khẩu trang", "vi")])
def test_half_a_scale(text, lang):
    assert [n.value for n in find_numbers(text, lang)] == [500_000]
