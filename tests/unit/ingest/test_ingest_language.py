"""Language identification among ru, kk, vi and en."""

from __future__ import annotations

import pytest

from surgeops.ingest.language import detect_language


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
