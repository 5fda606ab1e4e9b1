"""Language negotiation and locale formatting of the dashboard (surgeops.web.i18n)."""

from __future__ import annotations

import datetime as dt

import pytest

from surgeops.web import i18n

NBSP = "\u00a0"


def test_query_beats_cookie_beats_browser_beats_default() -> None:
    assert i18n.negotiate(query="kk", cookie="ru", accept="vi", default="en") == "kk"
    assert i18n.negotiate(query=None, cookie="ru", accept="vi", default="en") == "ru"
    assert i18n.negotiate(query=None, cookie=None, accept="de-DE,vi;q=0.8,ru;q=0.5", default="en") == "vi"
    assert i18n.negotiate(query="xx", cookie="zz", accept="de", default="kk") == "kk"


def test_accept_language_is_ranked_by_quality() -> None:
    assert i18n.negotiate(query=None, cookie=None, accept="ru;q=0.3, kk-KZ;q=0.9", default="en") == "kk"


@pytest.mark.parametrize(("lang", "text"), [("en", "1,766"), ("ru", f"1{NBSP}766"), ("kk", f"1{NBSP}766"), ("vi", "1.766")])
def test_numbers_are_grouped_as_each_language_writes_them(lang: str, text: str) -> None:
    assert i18n.number(1766, lang) == text


def test_percent_rounds_the_occupancy_and_unknown_is_a_dash() -> None:
    assert i18n.percent(75.99, "en") == "76%"
    assert i18n.percent(75.99, "ru") == f"76{NBSP}%"
    assert i18n.percent(None, "en") == "—"


def test_dates_in_each_language_and_from_iso_strings() -> None:
    day = dt.date(2020, 7, 6)
    assert i18n.date(day, "en") == "Jul 6, 2020"
    assert "июл" in i18n.date(day, "ru")
    assert "шіл" in i18n.date(day, "kk")
    assert i18n.date("2020-07-06", "vi") == i18n.date(day, "vi")
    assert i18n.date(None, "vi") == "—"


def test_names_fall_back_through_english() -> None:
    names = {"ru": "Актау", "en": "Aktau", "kk": None}
    assert i18n.name_in(names, "kk") == "Aktau"
    assert i18n.name_in(names, "ru") == "Актау"
    assert i18n.name_in({}, "vi", "KZ-47") == "KZ-47"


def test_unknown_language_has_no_catalogue() -> None:
    with pytest.raises(ValueError, match="unknown interface language"):
        i18n.translations("de")
