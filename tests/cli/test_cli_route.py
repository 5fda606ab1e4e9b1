"""`surgeops route` and `surgeops completeness` against both databases."""

from __future__ import annotations

import datetime as dt
import json

from typer.testing import CliRunner

from builders import TESTER, make_beds, make_facility, mangystau
from surgeops.cli.main import build_app
from surgeops.domain.conversions import ConversionCreate
from surgeops.services import conversions, crud

runner = CliRunner()


def _run(settings, *args: str):  # noqa: ANN001, ANN202
    return runner.invoke(build_app(), ["--database-url", settings.database_url, *args])


def _world(session) -> None:  # noqa: ANN001
    """A regional hospital whose trauma care moved to a clinic that reports no beds."""
    mangystau(session)
    make_facility(session, key="regional", names={"en": "Regional hospital"}, lat=44.0, lon=52.0, services=["trauma", "therapy"])
    make_facility(session, key="clinic", names={"en": "Trauma clinic"}, kind="clinic", lat=44.05, lon=52.05, services=["trauma"])
    make_beds(session, facility="regional", bed_type="icu", capacity=10, occupied=4)
    crud.create(session, conversions.RESOURCE, ConversionCreate.model_validate({
        "facility": "regional", "date": "2020-07-06", "new_kind": "provisional_hospital",
        "reroutes": [{"service": "trauma", "to": "clinic"}]}), actor=TESTER)


def test_route_prints_a_ranked_table_and_the_reasons(settings, session) -> None:  # noqa: ANN001
    _world(session)
    result = _run(settings, "route", "--region", "KZ-47", "--service", "trauma", "--at", "2020-07-07T10:00:00+05:00")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Patient at KZ-47 needing trauma (moderate), at 2020-07-07T05:00:00+00:00"
    first = next(line for line in lines if line.startswith(" 1  "))
    assert "clinic" in first and "Trauma clinic  (via regional)" in first
    assert any("regional" in line and "service_moved: trauma moved after its conversion to Trauma clinic (clinic)" in line
               for line in lines)


def test_route_json_with_a_bed_type(settings, session) -> None:  # noqa: ANN001
    _world(session)
    result = _run(settings, "route", "--region", "KZ-47", "--service", "therapy", "--bed-type", "icu",
                  "--severity", "critical", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [c["facility_id"] for c in data["candidates"]] == ["regional"]
    assert data["candidates"][0]["free_beds"] == 6 and data["query"]["severity"] == "critical"


def test_route_errors_are_one_line(settings, session) -> None:  # noqa: ANN001
    mangystau(session)
    for args, words in [
        (["--region", "KZ-47", "--service", "tramua"], "Error: --service: unknown service tramua"),
        (["--region", "KZ-47", "--service", "trauma", "--bed-type", "couch"], "Error: --bed-type: unknown bed type couch"),
        (["--region", "KZ-00", "--service", "trauma"], "Error: --region: unknown region KZ-00"),
        (["--region", "KZ-47", "--service", "trauma", "--at", "2020-07-07T10:00"], "Error: --at: '2020-07-07T10:00' needs a UTC offset"),
    ]:
        result = _run(settings, "route", *args)
        assert result.exit_code == 2 and result.output.startswith(words), result.output
        assert len(result.output.strip().splitlines()) == 1


def test_completeness_lists_who_did_not_report(settings, session) -> None:  # noqa: ANN001
    _world(session)
    result = _run(settings, "completeness", "--date", "2020-07-06")
    assert result.exit_code == 0, result.output
    assert "1 of 2 facilities reported beds on 2020-07-06." in result.output
    assert any(line.split() == ["clinic", "never", "reported"] for line in result.output.splitlines())
    later = _run(settings, "completeness", "--date", str(dt.date(2020, 7, 9)), "--json")
    missing = {m["facility"]: m["last_reported"] for r in json.loads(later.output)["regions"] for m in r["missing"]}
    assert missing == {"regional": "2020-07-06", "clinic": "never"}
    assert _run(settings, "completeness", "--date", "July").output.startswith("Error: --date:")
