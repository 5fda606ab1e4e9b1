"""Places resolved to codes from any inflection."""

from __future__ import annotations

import pytest

from surgeops.ingest.gazetteer import find_places


def test_places_resolve_to_codes_in_any_inflection():
    codes = [p.code for p in find_places("Из Москвы в Маңғыстаудағы, Ресейден, tỉnh Bắc Giang, Bac Giang, Almaty region")]
    assert codes == ["RU-MOW", "KZ-47", "RU", "VN-54", "VN-54", "KZ-19"]
    assert find_places("куба и кубики") == []


def test_demonyms_are_written_as_place_names_in_their_script():
    from surgeops.ingest.gazetteer import name_for

    text = "белорусских Russian ресейлік Московская"
    assert [name_for(p) for p in find_places(text)] == ["Беларусь", "Russia", "Ресей", "Москва"]
    assert [name_for(p) for p in find_places("в Маңғыстаудағы")] == ["Маңғыстаудағы"]  # names stay as written


@pytest.mark.parametrize("text,name", [
    ("đã có mặt tại huyện Mê Linh để điều tra", "Mê Linh"), ("tại quận Gò Vấp, TP.HCM", "Gò Vấp"),
    ("Шымкенттің Абай ауданында", "Абай"), ("in Zhanaarka district of Karaganda region", "Zhanaarka"),
])
def test_districts_named_by_a_district_word(text, name):
    assert name in [p.text for p in find_places(text) if p.kind == "district"]


def test_no_district_without_a_name():
    assert [p for p in find_places("жители района и области") if p.kind == "district"] == []
