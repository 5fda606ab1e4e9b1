"""Origin and destination roles of places, from prepositions, case endings and word order."""

from __future__ import annotations

import pytest

from surgeops.ingest.gazetteer import find_places
from surgeops.ingest.roles import DESTINATION, ORIGIN, place_roles


def _roles(text: str, lang: str) -> list[tuple[str, str | None]]:
    return [(r.place.code, r.role) for r in place_roles(text, find_places(text), lang)]


@pytest.mark.parametrize("text,lang,expected", [
    ("Из Москвы в Алматы прибыли врачи", "ru", [("RU-MOW", ORIGIN), ("KZ-75", DESTINATION)]),
    ("Ресейден Нұр-Сұлтан қаласына келді", "kk", [("RU", ORIGIN), ("KZ-71", DESTINATION)]),
    ("Thái Nguyên cử đoàn hỗ trợ tỉnh Bắc Giang", "vi", [("VN-69", ORIGIN), ("VN-54", DESTINATION)]),
    ("Doctors from Russia flew to Almaty", "en", [("RU", ORIGIN), ("KZ-75", DESTINATION)]),
    ("Московская бригада", "ru", [("RU-MOW", ORIGIN)]),
    ("China sent masks to Laos", "en", [("CN", ORIGIN), ("LA", DESTINATION)]),
])
def test_roles(text, lang, expected):
    assert _roles(text, lang) == expected
