"""Numbers, dates, language, places and reading, each on its own."""

from __future__ import annotations

import datetime as dt

import pytest

from surgeops.ingest import IngestError, decode_bytes, read_document
from surgeops.ingest.dates import detect_published, find_dates, first_year
from surgeops.ingest.gazetteer import find_places
from surgeops.ingest.language import detect_language
from surgeops.ingest.numbers import find_numbers
from surgeops.ingest.text import split_sentences


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


def test_dates_absolute_and_relative():
    pub = dt.date(2021, 12, 5)
    assert find_dates("Ngày 5-12, đoàn", "vi", pub)[0].value == pub
    assert find_dates("6 Шілде 2020, 21:35", "kk", None)[0].value == dt.date(2020, 7, 6)
    assert find_dates("Бүгін келді", "kk", pub)[0].value == pub
    assert find_dates("вчера прибыли", "ru", pub)[0].value == dt.date(2021, 12, 4)
    assert find_dates("Sáng 18/5, Sở", "vi", None)[0].value is None
    assert detect_published("Title\n05/12/2021 - 16:25\nbody") == pub
    friday = dt.date(2020, 6, 12)
    assert [d.value for d in find_dates("arrived on Friday, в среду", "en", friday)] == [friday, dt.date(2020, 6, 10)]
    assert find_dates("lần thứ hai", "vi", friday) == []
    assert find_dates("6 июля прибыли", "ru", None, year_hint=2020)[0].value == dt.date(2020, 7, 6)
    assert first_year("Quyết định 5500/QĐ-BYT, COVID-19, ngày 30-11-2021") == 2021


@pytest.mark.parametrize("text,lang", [
    ("Бүгін Нұр-Сұлтан қаласына дәрігерлер тобы келді.", "kk"),
    ("Сегодня в Алматы прибыла бригада врачей из Москвы.", "ru"),
    ("Đoàn công tác gồm 20 y bác sĩ lên đường chi viện.", "vi"),
    ("A team of doctors arrived in Almaty today.", "en"),
    ("Bạch Mai Hospital sent 20 doctors to Bắc Giang province on Tuesday, the Ministry of Health said.", "en"),
    ("В Нұр-Сұлтан прибыли врачи. Аким Нұр-Сұлтана встретил их в аэропорту, сообщает пресс-служба.", "ru"),
])
def test_language(text, lang):
    assert detect_language(text) == lang


def test_places_resolve_to_codes_in_any_inflection():
    codes = [p.code for p in find_places("Из Москвы в Маңғыстаудағы, Ресейден, tỉnh Bắc Giang, Bac Giang, Almaty region")]
    assert codes == ["RU-MOW", "KZ-47", "RU", "VN-54", "VN-54", "KZ-19"]
    assert find_places("куба и кубики") == []


def test_sentences_keep_offsets_and_abbreviations():
    text = "В г. Алматы прибыли врачи. Dr. Smith led them.\nHeadline"
    sents = split_sentences(text)
    assert [s.text for s in sents] == ["В г. Алматы прибыли врачи.", "Dr. Smith led them.", "Headline"]
    assert all(text[s.start:s.end] == s.text for s in sents)


def test_decoding_encodings():
    text = "Бригада из 15 врачей"
    assert decode_bytes(text.encode("cp1251")) == text
    assert decode_bytes(b"\xef\xbb\xbf" + text.encode()) == text
    assert decode_bytes(text.encode("utf-16")) == text


@pytest.mark.parametrize("data,why", [(b"", "empty"), (b"  \n", "empty"), (b"\x00\x01PK\x03", "binary"),
                                      (bytes(range(128, 256)) * 4, "undecodable")])
def test_unreadable_input_raises_ingest_error(data, why):
    with pytest.raises(IngestError, match=why):
        decode_bytes(data)


def test_read_document_limits(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * 2048)
    with pytest.raises(IngestError, match="too large"):
        read_document(big, max_bytes=1024)
    with pytest.raises(IngestError, match="no such file"):
        read_document(tmp_path / "missing.txt")
