"""Places resolved to codes from any inflection."""

from __future__ import annotations

from surgeops.ingest.gazetteer import find_places


def test_places_resolve_to_codes_in_any_inflection():
    codes = [p.code for p in find_places("Из Москвы в Маңғыстаудағы, Ресейден, tỉnh Bắc Giang, Bac Giang, Almaty region")]
    assert codes == ["RU-MOW", "KZ-47", "RU", "VN-54", "VN-54", "KZ-19"]
    assert find_places("куба и кубики") == []
