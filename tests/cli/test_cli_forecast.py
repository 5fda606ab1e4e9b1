"""The `surgeops forecast` command: CSV output, JSON lines, readable table, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from surgeops.cli.main import build_app

DATA = Path(__file__).resolve().parent.parent / "data" / "forecast"
GOLDEN = DATA / "first_date_share08_mitigation_after"


def _run(*args: str):
    return CliRunner().invoke(build_app(), ["forecast", *args])


def test_csv_is_the_golden_file_and_nothing_else():
    result = _run("--params", str(GOLDEN.with_suffix(".json")), "--csv")
    assert result.exit_code == 0, result.output
    assert result.stdout == GOLDEN.with_suffix(".csv").read_text()


def test_jsonl_forecasts_every_set_with_an_id_column(tmp_path):
    names = ["first_date_share08_mitigation_after", "dt6_share05_mitigation_after"]
    lines = [json.dumps({"id": name, **json.loads((DATA / f"{name}.json").read_text())}) for name in names]
    path = tmp_path / "sets.jsonl"
    path.write_text("\n".join(lines) + "\n")
    result = _run("--params", str(path), "--csv")
    assert result.exit_code == 0, result.output
    out = result.stdout.splitlines()
    assert out[0].startswith("id,day,admits_hospitalized")
    for name in names:
        golden = (DATA / f"{name}.csv").read_text().splitlines()[1:]
        assert [line.split(",", 1)[1] for line in out if line.startswith(name + ",")] == golden


def test_table_shows_the_fitted_values():
    result = _run("--params", str(GOLDEN.with_suffix(".json")))
    assert result.exit_code == 0
    assert "doubling time = 2.8759 d" in result.stdout
    assert "D = 14 (first hospitalisation 2020-03-18)" in result.stdout
    assert "R0 =" in result.stdout and "Rt =" in result.stdout


@pytest.mark.parametrize(
    ("content", "suffix", "expected"),
    [
        ('{"population": -5, "current_hospitalized": 1, "doubling_time": 4}', ".json", "population"),
        ('{"population": 5, "current_hospitalized": 1, "doubling_time": 4, "market_share": 0}', ".json", "market_share"),
        ('{"population": 5, "current_hospitalized": 1, "doubling_time": 4, "icu_rate": 1.5}', ".json", "icu_rate"),
        ('{"population": 5, "current_hospitalized": 1, "doubling_time": 4, "n_days": 0}', ".json", "n_days"),
        ('{"population": 5, "current_hospitalized": 1, "doubling_time": 4, "n_days": 3651}', ".json", "n_days"),
        ('{"population": 5, "current_hospitalized": 1}', ".json", "doubling_time"),
        ('{"population": 5, "current_hospitalized": 1, "doubling_time": 4, "date_first_hospitalized": "2020-03-01",'
         ' "current_date": "2020-04-01"}', ".json", "doubling_time"),
        ('{"population": 5, "current_hospitalized": 1, "doubling_time": 4, "current_date": "01/04/2020"}', ".json",
         "current_date"),
        ('{"population": 5,\n "current_hospitalized": }', ".json", "line 2"),
        ('{"population": 700000, "current_hospitalized": 0.5, "date_first_hospitalized": "2020-03-20",'
         ' "market_share": 1.0, "current_date": "2020-04-01"}', ".json", "no doubling time fits"),
        ('{"id": "a", "population": 5000, "current_hospitalized": 1, "doubling_time": 4}\n{"id": "b", ', ".jsonl",
         "line 2"),
    ],
)
def test_errors_are_one_line_on_stderr_with_exit_2(tmp_path, content, suffix, expected):
    path = tmp_path / f"params{suffix}"
    path.write_text(content)
    result = _run("--params", str(path), "--csv")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert expected in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_file_is_an_error(tmp_path):
    result = _run("--params", str(tmp_path / "absent.json"))
    assert result.exit_code == 2
    assert "absent.json" in result.stderr
