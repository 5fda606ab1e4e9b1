"""Dates absolute, relative, weekday and year-hinted; publication date from a header."""

from __future__ import annotations

import datetime as dt

from surgeops.ingest.dates import detect_published, find_dates, first_year


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
