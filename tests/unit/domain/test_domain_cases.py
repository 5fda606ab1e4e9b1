"""The pure rules of a case figure (domain/cases.py): errors raise, warnings are returned."""

from __future__ import annotations

import datetime as dt

import pytest

from surgeops.domain.base import validated
from surgeops.domain.cases import CaseStatCreate, check_same_day, falls, warnings_for
from surgeops.domain.errors import InvalidField

D1, D2, D3 = dt.date(2020, 7, 4), dt.date(2020, 7, 5), dt.date(2020, 7, 6)


@pytest.mark.parametrize(("metric", "value", "same_day"), [
    ("asymptomatic", 1141, {"confirmed": 1140}),
    ("recovered", 2000, {"confirmed": 1672}),
    ("deaths", 1673, {"confirmed": 1672, "recovered": 10}),
    ("confirmed", 1000, {"asymptomatic": 1140}),
])
def test_a_part_above_confirmed_is_an_error_naming_the_value(metric: str, value: int, same_day: dict) -> None:
    with pytest.raises(InvalidField) as info:
        check_same_day(metric, value, same_day)
    assert info.value.field == "value" and "cannot exceed confirmed" in info.value.message


def test_parts_within_confirmed_or_without_it_pass() -> None:
    check_same_day("asymptomatic", 1140, {"confirmed": 1672, "recovered": 664})
    check_same_day("asymptomatic", 5000, {"in_treatment": 10})  # no confirmed that day: nothing to compare


def test_a_cumulative_count_that_falls_is_a_warning_and_others_may_fall() -> None:
    [warning] = falls("confirmed", [(D1, 10), (D2, 12), (D3, 11)])
    assert (warning.previous_date, warning.previous_value, warning.date, warning.value) == (D2, 12, D3, 11)
    assert warning.as_dict()["rule"] == "cumulative_fell" and "fell from 12" in warning.as_dict()["message"]
    assert falls("in_treatment", [(D1, 10), (D2, 5)]) == []
    assert [w.date for w in warnings_for("deaths", D2, 9, previous=(D1, 10), following=(D3, 8))] == [D2, D3]
    assert warnings_for("deaths", D2, 9, previous=None, following=None) == []


def test_a_future_date_is_refused_with_the_tolerance_of_the_context() -> None:
    figure = {"region": "KZ-47", "date": "2020-07-08", "metric": "confirmed", "value": 1}
    with pytest.raises(InvalidField) as info:
        validated(CaseStatCreate, figure, context={"today": D3, "tolerance_days": 1})
    assert info.value.field == "date"
    assert validated(CaseStatCreate, figure, context={"today": D3, "tolerance_days": 2}).value == 1
