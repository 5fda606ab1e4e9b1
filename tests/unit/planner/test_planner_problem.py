"""Scenario validation: malformed input is refused with a message naming the problem."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from surgeops.planner import ScenarioError, load_scenario, parse_scenario
from surgeops.planner.problem import is_staff

DATA = Path(__file__).parent.parent.parent / "data" / "planner"


def _obj(**overrides):
    obj = {
        "regions": [{"id": "A", "name": "Almaty", "lat": 43.2, "lon": 76.9},
                    {"id": "M", "name": "Mangystau", "lat": 43.6, "lon": 51.2}],
        "needs": [{"region": "M", "resource": "nurse", "amount": 5, "priority": 2}],
        "offers": [{"region": "A", "resource": "nurse", "amount": 10, "keep": 2}],
        "rules": {"min_team_size": 3, "max_destinations_per_donor": 4},
    }
    obj.update(overrides)
    return obj


def test_valid_scenario_parses_with_rules_and_spare():
    sc = parse_scenario(_obj())
    assert sc.rules.min_team_size == 3
    assert sc.offers[0].spare == 8
    assert sc.region("M").name == "Mangystau"


@pytest.mark.parametrize(("change", "expected"), [
    ({"needs": [{"region": "X", "resource": "nurse", "amount": 5, "priority": 1}]},
     "needs[0]: unknown region id 'X'"),
    ({"needs": [{"region": "M", "resource": "nurse", "amount": -1, "priority": 1}]},
     "needs[0].amount"),
    ({"offers": [{"region": "A", "resource": "nurse", "amount": 3, "keep": 5}]},
     "donor 'A' must keep 5 nurse but holds only 3"),
    ({"offers": [{"region": "A", "resource": "unicorn", "amount": 3, "keep": 0}]},
     "unknown resource 'unicorn'"),
    ({"needs": [{"region": "M", "resource": "nurse", "amount": 1, "priority": 1}] * 2},
     "duplicate entry for region 'M' and resource 'nurse'"),
    ({"needs": [{"region": "M", "resource": "nurse", "amount": 1, "priority": 0}]},
     "needs[0].priority"),
    ({"offers": [{"region": "M", "resource": "nurse", "amount": 4, "keep": 0}]},
     "region 'M' both needs and offers 'nurse'"),
    ({"distances": {"A": {"X": 10}}}, "unknown region id in pair 'A' -> 'X'"),
    ({"distances": {"A": {"A": 0}}}, "no entry for pair 'A' -> 'M'"),
    ({"distances": {"A": {"M": -5}}}, "negative distance"),
    ({"rules": {"min_team_size": 0, "max_destinations_per_donor": 4}},
     "rules.min_team_size"),
    ({"regions": [{"id": "A", "name": "Almaty", "lat": 91, "lon": 0}]}, "regions[0].lat"),
])
def test_malformed_scenarios_are_refused_naming_the_problem(change, expected):
    with pytest.raises(ScenarioError) as err:
        parse_scenario(_obj(**change))
    message = str(err.value)
    assert expected in message
    assert "\n" not in message


def test_distance_matrix_is_read_in_either_direction():
    sc = parse_scenario(_obj(distances={"M": {"A": 1890}}))
    assert sc.distances == {"M": {"A": 1890}}


def test_unknown_fields_are_refused():
    with pytest.raises(ScenarioError, match="budget: Extra inputs are not permitted"):
        parse_scenario(_obj(budget=3))


def test_other_counts_as_staff_and_beds_as_supply():
    assert is_staff("other") and is_staff("nurse")
    assert not is_staff("beds") and not is_staff("mask")


def test_load_scenario_reads_the_example_file():
    sc = load_scenario(DATA / "kazakhstan.json")
    assert {r.id for r in sc.regions} >= {"ALA", "MAN", "MOW"}


def test_load_scenario_reports_bad_json_and_missing_files(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(ScenarioError, match="not valid JSON"):
        load_scenario(bad)
    with pytest.raises(ScenarioError, match="cannot read scenario"):
        load_scenario(tmp_path / "missing.json")
    ok = tmp_path / "ok.json"
    ok.write_text(json.dumps(_obj()), encoding="utf-8")
    assert load_scenario(ok).needs[0].amount == 5
