"""Figures listed place by place, in a sentence or a table."""

from __future__ import annotations

import pytest

from surgeops.ingest import extract_text


def _placed(text: str) -> list[tuple]:
    return [(f["place_code"], f["metric"], f["value"]) for f in extract_text(text, doc="l")["facts"]
            if f["type"] == "cases"]


def test_a_russian_list_after_the_national_figure():
    facts = _placed("За прошедшие сутки в Казахстане зарегистрировано 1 040 случаев заболевания коронавирусной "
                    "инфекцией: г. Алматы – 302, г. Нур-Султан – 198, ВКО – 300.")
    assert facts == [("KZ", "daily_new", 1040), ("KZ-75", "daily_new", 302), ("KZ-71", "daily_new", 198),
                     ("KZ-63", "daily_new", 300)]


def test_a_vietnamese_list_in_brackets():
    facts = _placed("Theo Bộ Y tế, các ca mắc COVID-19 mới trong ngày tại: TP. Hồ Chí Minh (1.200), Bình Dương (800).")
    assert facts == [("VN-SG", "daily_new", 1200), ("VN-57", "daily_new", 800)]


def test_table_rows_take_the_metric_of_the_figure_above():
    text = ("Соңғы тәулікте елімізде коронавирус инфекциясының 4 500 жаңа жағдайы тіркелді. Өңірлер бойынша:\n"
            "| Өңір | Жаңа жағдайлар |\n|---|---|\n| Алматы қаласы | 1 200 |\n| Қарағанды облысы | 400 |")
    assert _placed(text)[1:] == [("KZ-75", "daily_new", 1200), ("KZ-35", "daily_new", 400)]


@pytest.mark.parametrize("text", [
    "Матч Алматы – Астана завершился со счётом 2 – 1, коронавирус не помешал.",
    "Coronavirus: Almaty weather today: 25 degrees.",
])
def test_no_list_without_case_figures(text):
    assert _placed(text) == []
