"""Golden reference runs: the vectorised model against pinned CSV files.

The CSV files were written by the plain loop implementation in forecast_plain.py
(`python tests/unit/forecast/forecast_plain.py`), which follows the reference's
mathematics one candidate at a time.
"""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

import pytest

from forecast_plain import forecast_plain, golden_csv
from surgeops.forecast.parameters import parse_parameters
from surgeops.forecast.reference import COLUMNS, forecast_reference

DATA = Path(__file__).resolve().parent.parent.parent / "data" / "forecast"
CASES = sorted(DATA.glob("*.json"))


def _golden(path: Path) -> list[dict[str, float]]:
    with path.with_suffix(".csv").open(newline="") as handle:
        return [{k: float(v) for k, v in row.items()} for row in csv.DictReader(handle)]


def _close(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or a == pytest.approx(b, rel=1e-9, abs=1e-12)


@pytest.fixture(scope="module")
def vectorised():
    sets = [parse_parameters(json.loads(p.read_text())) for p in CASES]
    return forecast_reference(sets, labels=[p.stem for p in CASES])


def test_at_least_seven_cases_cover_both_paths():
    raw = [json.loads(p.read_text()) for p in CASES]
    assert len(raw) >= 7
    assert sum("date_first_hospitalized" in r for r in raw) >= 2
    assert {r["doubling_time"] for r in raw if "doubling_time" in r} >= {2, 10}


@pytest.mark.parametrize("k", range(len(CASES)), ids=[p.stem for p in CASES])
def test_vectorised_matches_golden(vectorised, k):
    golden = _golden(CASES[k])
    assert len(golden) == int(vectorised.n_days[k]) + 1
    for row in golden:
        day = int(row["day"])
        for name in COLUMNS:
            assert _close(float(vectorised.columns[name][k, day]), row[name]), (name, day)


def test_plain_loop_still_writes_the_golden_of_a_fitted_doubling_time():
    path = DATA / "first_date_share08_mitigation_after.json"
    assert golden_csv(json.loads(path.read_text())) == path.with_suffix(".csv").read_text()


def test_plain_and_vectorised_agree_on_fitted_values(vectorised):
    k = CASES.index(DATA / "first_date_share015_mitigation_before.json")
    first_day, doubling_time, _ = forecast_plain(json.loads(CASES[k].read_text()))
    assert (first_day, doubling_time) == (vectorised.first_day[k], vectorised.doubling_time[k])
