"""The pure rules of report facts: dates not in the future, one model per fact type,
a team's composition from named specialties, beds carved out of a region's total."""

from __future__ import annotations

import datetime as dt

import pytest

from surgeops.domain.capacity import carve
from surgeops.domain.dates import check_not_future
from surgeops.domain.errors import InvalidField
from surgeops.domain.facts import checked_data, composition_of

TODAY = dt.date(2020, 7, 6)


def test_a_date_past_today_and_its_tolerance_is_refused_naming_the_field() -> None:
    assert check_not_future(dt.date(2020, 7, 7), today=TODAY, tolerance_days=1) == dt.date(2020, 7, 7)
    with pytest.raises(InvalidField) as refused:
        check_not_future(dt.date(2020, 7, 8), today=TODAY, tolerance_days=1, field="as_of")
    assert refused.value.field == "as_of"
    with pytest.raises(InvalidField):
        check_not_future(dt.date(2020, 7, 7), today=TODAY, tolerance_days=0)


def test_fact_data_keeps_its_fields_and_reads_dates() -> None:
    data = {"place": "Маңғыстау", "bed_type": "total", "count": 1766, "occupancy_pct": 76, "date": "2020-07-06"}
    assert checked_data("beds", data) == {**data, "occupancy_pct": 76.0}
    with pytest.raises(InvalidField) as refused:
        checked_data("beds", {**data, "count": "1766"})
    assert refused.value.field == "data.count"


def test_named_specialties_make_a_composition_that_fits_the_team() -> None:
    assert composition_of(["nurse", "other"], 10) == {"nurse": 1, "other": 9}
    assert composition_of(["nurse"], None) == {"nurse": 1}
    with pytest.raises(InvalidField):
        composition_of(["nurse", "surgeon"], 1)


@pytest.mark.parametrize(("capacity", "occupied", "taken"), [(1766, 1342, 230), (1536, 1167, 1346), (190, 145, 190), (7, 7, 3),
                                                              (10, 3, 20), (3, 1, 1)])
def test_carving_keeps_the_patients_within_the_beds_left(capacity: int, occupied: int, taken: int) -> None:
    left, still = carve(capacity=capacity, occupied=occupied, taken=taken)
    assert left == max(capacity - taken, 0) and 0 <= still <= left and still <= occupied
