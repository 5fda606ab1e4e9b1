"""Parameter validation: defaults, and errors that name the field."""

from __future__ import annotations

from datetime import date

import pytest

from surgeops.forecast.files import parse_parameter_text
from surgeops.forecast.parameters import ParameterError, parse_parameters

BASE = {"population": 100000, "current_hospitalized": 5, "doubling_time": 4, "current_date": "2020-04-01"}


def test_defaults_are_the_reference_table():
    p = parse_parameters(BASE)
    assert (p.relative_contact_rate, p.infectious_days, p.market_share) == (0.3, 14, 0.15)
    assert (p.hospitalized_rate, p.hospitalized_days, p.icu_rate, p.icu_days) == (0.025, 7, 0.0075, 9)
    assert (p.ventilated_rate, p.ventilated_days, p.recovered, p.n_days) == (0.005, 10, 0, 30)
    assert p.mitigation_day == 0


def test_mitigation_and_first_days_count_from_current_date():
    p = parse_parameters({**BASE, "mitigation_date": "2020-03-25"})
    assert p.mitigation_day == -7
    q = parse_parameters({**BASE, "doubling_time": None, "date_first_hospitalized": "2020-03-10"})
    assert q.first_hospitalized_day == 22 and q.date_first_hospitalized == date(2020, 3, 10)


@pytest.mark.parametrize(("change", "field"), [
    ({"population": -1}, "population"),
    ({"hospitalized_rate": 1.2}, "hospitalized_rate"),
    ({"ventilated_rate": -0.1}, "ventilated_rate"),
    ({"relative_contact_rate": 1.5}, "relative_contact_rate"),
    ({"n_days": 0}, "n_days"),
    ({"n_days": 3651}, "n_days"),
    ({"market_share": 0}, "market_share"),
    ({"date_first_hospitalized": "2020-03-01"}, "doubling_time"),
    ({"doubling_time": None}, "doubling_time"),
    ({"current_date": "2020/04/01"}, "current_date"),
    ({"mitigation_date": 1585699200}, "mitigation_date"),
    ({"doubling_time": None, "date_first_hospitalized": "2020-04-05"}, "date_first_hospitalized"),
    ({"population_size": 3}, "population_size"),
    ({"population": 200, "market_share": 0.1}, "population"),
])
def test_invalid_values_name_the_field(change, field):
    with pytest.raises(ParameterError) as info:
        parse_parameters({**BASE, **change})
    assert str(info.value).startswith(field)
    assert "\n" not in str(info.value)


def test_json_lines_need_unique_ids_and_name_the_line():
    good = '{"id": "a", "population": 5000, "current_hospitalized": 1, "doubling_time": 4}'
    assert [i for i, _ in parse_parameter_text(good + "\n\n" + good.replace('"a"', '"b"'), lines=True)] == ["a", "b"]
    with pytest.raises(ParameterError, match="line 2: id 'a' repeats"):
        parse_parameter_text(good + "\n" + good, lines=True)
    with pytest.raises(ParameterError, match="line 1: each line must be a JSON object with an id"):
        parse_parameter_text('{"population": 5}', lines=True)
