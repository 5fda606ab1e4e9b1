"""Bed facts: counts, their types from the clause, totals, breakdowns and occupancy."""

from __future__ import annotations

from surgeops.ingest import extract_text


def _beds(text: str) -> list[tuple]:
    facts = extract_text(text, doc="b")["facts"]
    return [(f["bed_type"], f["count"], f["occupancy_pct"]) for f in facts if f["type"] == "beds"]


def test_types_per_clause_and_elided_bed_words():
    assert _beds("Для лечения COVID-19 развернуто 3 500 инфекционных коек, 1 200 провизорных и 150 реанимационных.") == [
        ("infectious", 3500, None), ("provisional", 1200, None), ("icu", 150, None)]


def test_a_count_with_a_breakdown_is_the_total_and_takes_occupancy():
    assert _beds("The COVID-19 field hospital has 500 beds, 40 of them in intensive care. Occupancy is 76 percent.") == [
        ("total", 500, 76), ("icu", 40, None)]


def test_type_carried_from_the_previous_sentence():
    text = "Облыстық аурухана провизорлық стационарға ауыстырылды. Ол жерде 650 төсек орыны қарастырылған. Коронавирус."
    assert _beds(text) == [("provisional", 650, None)]


def test_hotel_beds_outside_an_epidemic_are_not_counted():
    assert _beds("A new hotel with 200 beds opened near the court.") == []


def test_dateline_city_is_not_where_the_beds_are():
    from surgeops.ingest import extract_text
    facts = extract_text("HANOI, July 28, 2021 - The army opened a 500-bed field hospital for COVID-19 patients in "
                         "the province of Binh Duong on Wednesday.", doc="b")["facts"]
    assert [(f["place"], f["count"]) for f in facts if f["type"] == "beds"] == [("Binh Duong", 500)]


def test_bed_fund_is_the_total():
    from surgeops.ingest import extract_text
    facts = extract_text("Коечный фонд для больных коронавирусной инфекцией в Карагандинской области составляет "
                         "3 тысячи коек, занятость — 45 процентов.", doc="b")["facts"]
    assert [(f["bed_type"], f["count"], f["occupancy_pct"]) for f in facts] == [("total", 3000, 45)]


def test_numbered_hospitals_and_an_explicit_total():
    from surgeops.ingest import extract_text
    facts = extract_text("Đà Nẵng chuẩn bị 800 giường điều trị bệnh nhân COVID-19. Bệnh viện dã chiến số 1 có 500 giường, "
                         "Bệnh viện dã chiến số 2 có 300 giường. Tổng cộng thành phố có 800 giường để điều trị bệnh "
                         "nhân COVID-19.", doc="b")["facts"]
    assert sorted((f["bed_type"], f["count"]) for f in facts if f["type"] == "beds") == [
        ("other", 300), ("other", 500), ("total", 800)]


def test_beds_of_two_places_in_one_sentence():
    from surgeops.ingest import extract_text
    facts = extract_text("Theo Bộ Y tế, tỉnh Bình Dương hiện có 25.000 giường điều trị COVID-19, tỉnh Đồng Nai có "
                         "12.000 giường.", doc="b")["facts"]
    assert [(f["place_code"], f["bed_type"], f["count"]) for f in facts] == [
        ("VN-57", "infectious", 25000), ("VN-39", "infectious", 12000)]
