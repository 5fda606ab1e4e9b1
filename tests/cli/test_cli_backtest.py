"""The `surgeops backtest` command: JSON lines in the issue's format, a table, clear errors."""

from __future__ import annotations

import json
from datetime import date, timedelta

import numpy as np
from typer.testing import CliRunner

from surgeops.cli.main import build_app
from surgeops.forecast.backtest import FIELDS


def _data(tmp_path):
    lines = ["date,region_code,region,ward_patients,icu_patients,hospitalized"]
    for code, peak in (("14", 30), ("02", 40)):
        for k in range(60):
            v = round(40 * np.exp(-((k - peak) / 10) ** 2) + 2)
            lines.append(f"{date(2020, 2, 24) + timedelta(days=k)},{code},R{code},{v},1,{v + 1}")
    path = tmp_path / "census.csv"
    path.write_text("\n".join(lines) + "\n")
    return path


def _run(*args: str):
    return CliRunner().invoke(build_app(), ["backtest", *args])


def test_json_lines_have_exactly_the_issue_fields_and_are_written(tmp_path):
    out = tmp_path / "scores.jsonl"
    result = _run("--data", str(_data(tmp_path)), "--horizons", "3,7", "--model", "persistence",
                  "--model", "damped", "--json", "--out", str(out), "--region", "14")
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [tuple(r) for r in rows] == [FIELDS] * 4
    assert [r["model"] for r in rows] == ["persistence"] * 2 + ["damped"] * 2
    assert all(r["default"] is False for r in rows) and rows[0]["relative_wis"] == 1.0
    assert out.read_text().splitlines() == result.stdout.splitlines()


def test_table_names_the_default_model_and_the_attribution(tmp_path):
    result = _run("--data", str(_data(tmp_path)), "--horizons", "7", "--model", "chime")
    assert result.exit_code == 0, result.output
    assert "chime*" in result.stdout and "Dipartimento della Protezione Civile" in result.stdout


def test_bad_options_and_files_end_with_one_line(tmp_path):
    data = str(_data(tmp_path))
    for args, message in (
        (("--data", str(tmp_path / "none.csv")), "cannot read"),
        (("--data", data, "--horizons", "7,x"), "horizons:"),
        (("--data", data, "--from", "2020-31-01"), "from: not an ISO date"),
        (("--data", data, "--model", "oracle"), "model: unknown model 'oracle'"),
        (("--data", data, "--region", "Atlantis"), "region: 'Atlantis'"),
    ):
        result = _run(*args)
        assert result.exit_code == 2 and message in result.output and "Traceback" not in result.output
