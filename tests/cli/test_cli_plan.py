"""The `surgeops plan` command: JSON output, readable table, errors without tracebacks."""

from __future__ import annotations

import json
import sys
import types
from pathlib import Path

from typer.testing import CliRunner

from surgeops.cli.main import build_app
from surgeops.planner import load_scenario

DATA = Path(__file__).resolve().parent.parent / "data" / "planner"
EXAMPLE = DATA / "kazakhstan.json"


def _run(*args: str):
    return CliRunner().invoke(build_app(), ["plan", *args])


def test_json_prints_the_plan_and_nothing_else():
    result = _run("--scenario", str(EXAMPLE), "--json")
    assert result.exit_code == 0, result.output
    plan = json.loads(result.stdout)
    assert plan["status"] == "optimal"
    assert {"from": "MOW", "to": "ALA", "resource": "infectious_disease", "amount": 6,
            "km": 3104.0} in plan["moves"]
    assert plan["objective"]["unmet_weighted"] == 176
    assert plan["explanation"]["MOW"].startswith("Moscow sends")


def test_table_shows_moves_unmet_and_explanations():
    result = _run("--scenario", str(EXAMPLE), "--time-limit", "20")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("Status: optimal; weighted unmet need 176.00")
    assert "Moscow               Almaty               infectious_disease" in out
    assert "Mangystau            beds                           20" in out
    assert "- Moscow sends 5 anesthesiologists" in out


def test_malformed_scenario_is_one_line_on_stderr_with_exit_2(tmp_path):
    obj = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    obj["offers"][0]["keep"] = 99
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(obj), encoding="utf-8")
    result = _run("--scenario", str(path))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        "Error: invalid scenario: offers[0]: donor 'MOW' must keep 99 infectious_disease "
        "but holds only 8"]


def test_missing_file_is_a_clear_error(tmp_path):
    result = _run("--scenario", str(tmp_path / "none.json"))
    assert result.exit_code == 2
    assert "cannot read scenario" in result.stderr
    assert "Traceback" not in result.output


def test_without_scenario_and_without_the_service_says_so(monkeypatch):
    monkeypatch.setitem(sys.modules, "surgeops.services.planning", None)
    result = _run("--json")
    assert result.exit_code == 2
    assert "planning from the database is not available" in result.stderr
    assert "--scenario" in result.stderr


def test_without_scenario_plans_what_the_database_service_returns(monkeypatch):
    calls = []

    def scenario_from_database(settings, country=None):  # noqa: ANN001, ANN202
        calls.append((settings, country))
        return load_scenario(EXAMPLE)

    fake = types.ModuleType("surgeops.services.planning")
    fake.scenario_from_database = scenario_from_database
    monkeypatch.setitem(sys.modules, "surgeops.services.planning", fake)
    result = _run("--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["status"] == "optimal"
    assert len(calls) == 1
