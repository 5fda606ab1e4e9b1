"""Issue 17 finding 4: case figures are checked in the manner of DHIS2 validation rules on
every path (API POST and PATCH, CSV import through the CLI, HXL, facts). Errors refuse and
store nothing: a part above the confirmed count of the same day (asymptomatic, recovered,
deaths), a negative count, a date in the future. Warnings flag and store: a cumulative
count that falls from one reported day to the next, returned in the answer and shown on
the region page with a trend chart per metric."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from builders import mangystau
from surgeops.cli.main import build_app
from surgeops.db.tables import CaseStat

D1, D2, D3 = dt.date(2020, 7, 4), dt.date(2020, 7, 5), dt.date(2020, 7, 6)
FUTURE = dt.date.today() + dt.timedelta(days=30)
DOCS = Path(__file__).resolve().parents[3].parent / "shared" / "fixtures" / "reports" / "docs"


def _case(day: dt.date, metric: str, value, region: str = "KZ-47") -> dict:  # noqa: ANN001
    return {"region": region, "date": day.isoformat(), "metric": metric, "value": value}


def _stored(session: Session) -> list[tuple]:
    session.rollback()
    return sorted(session.execute(select(CaseStat.region, CaseStat.date, CaseStat.metric, CaseStat.value)).all())


def _refused(response, field: str = "value") -> None:  # noqa: ANN001
    assert response.status_code == 422, response.text
    assert field in [str(p) for err in response.json()["detail"] for p in err["loc"]], response.text


@pytest.mark.parametrize(("stored", "posted", "field"), [
    ([("confirmed", 1672)], ("asymptomatic", 1700), "value"),   # asymptomatic above confirmed
    ([("asymptomatic", 1140)], ("confirmed", 1000), "value"),   # confirmed below the stored asymptomatic
    ([("confirmed", 1672)], ("recovered", 1673), "value"),
    ([("confirmed", 1672)], ("deaths", 2000), "value"),
    ([], ("confirmed", -1), "value"),
])
def test_api_post_refuses_an_error_and_stores_nothing(client: TestClient, session: Session, stored: list, posted: tuple,
                                                     field: str) -> None:
    mangystau(session)
    for metric, value in stored:
        assert client.post("/api/cases", json=_case(D3, metric, value)).status_code == 201
    before = _stored(session)
    _refused(client.post("/api/cases", json=_case(D3, *posted)), field)
    assert _stored(session) == before


def test_api_post_refuses_a_future_date(client: TestClient, session: Session) -> None:
    mangystau(session)
    _refused(client.post("/api/cases", json=_case(FUTURE, "confirmed", 10)), "date")
    assert _stored(session) == []


def test_api_patch_is_held_to_the_same_rules(client: TestClient, session: Session) -> None:
    mangystau(session)
    client.post("/api/cases", json=_case(D3, "asymptomatic", 1140))
    confirmed = client.post("/api/cases", json=_case(D3, "confirmed", 1672))
    before = _stored(session)
    response = client.patch(f"/api/cases/{confirmed.json()['id']}", json={"value": 1000}, headers={"If-Match": confirmed.headers["etag"]})
    _refused(response)
    assert _stored(session) == before


def test_a_falling_cumulative_count_is_stored_with_a_warning(client: TestClient, session: Session) -> None:
    mangystau(session)
    first = client.post("/api/cases", json=_case(D1, "confirmed", 1500))
    assert first.status_code == 201 and first.json()["warnings"] == []
    fell = client.post("/api/cases", json=_case(D3, "confirmed", 1400))
    assert fell.status_code == 201, fell.text
    [warning] = fell.json()["warnings"]
    assert warning["rule"] == "cumulative_fell" and warning["field"] == "value"
    assert (warning["previous_date"], warning["previous_value"], warning["date"], warning["value"]) == ("2020-07-04", 1500, "2020-07-06", 1400)
    # a figure put between two days is compared with the day after it too
    between = client.post("/api/cases", json=_case(D2, "confirmed", 1600))
    assert [(w["date"], w["previous_date"]) for w in between.json()["warnings"]] == [("2020-07-06", "2020-07-05")]
    # a count that is not cumulative may fall
    client.post("/api/cases", json=_case(D1, "in_treatment", 900))
    assert client.post("/api/cases", json=_case(D3, "in_treatment", 800)).json()["warnings"] == []
    stored = _stored(session)
    assert ("KZ-47", D3, "confirmed", 1400) in stored and len(stored) == 5
    patched = client.patch(f"/api/cases/{fell.json()['id']}", json={"value": 1700}, headers={"If-Match": fell.headers["etag"]})
    assert patched.status_code == 200 and patched.json()["warnings"] == []


def test_csv_import_through_the_cli_refuses_an_error(settings, session: Session, tmp_path: Path) -> None:  # noqa: ANN001
    mangystau(session)
    csv_file = tmp_path / "cases.csv"
    csv_file.write_text("region,date,metric,value\n"
                        f"KZ-47,{D3},confirmed,1672\n"
                        f"KZ-47,{D3},asymptomatic,1700\n", encoding="utf-8")
    result = CliRunner().invoke(build_app(), ["--database-url", settings.database_url, "import", str(csv_file)])
    assert result.exit_code == 2, result.output
    assert "row 3, column value" in result.output and "cannot exceed confirmed" in result.output
    assert _stored(session) == []
    csv_file.write_text(f"region,date,metric,value\nKZ-47,{D1},deaths,10\nKZ-47,{D3},deaths,7\n", encoding="utf-8")
    result = CliRunner().invoke(build_app(), ["--database-url", settings.database_url, "import", str(csv_file)])
    assert result.exit_code == 0, result.output
    assert "warning: row 3: deaths fell from 10" in result.output
    assert len(_stored(session)) == 2


def test_hxl_import_refuses_an_error_and_returns_warnings(client: TestClient, session: Session) -> None:
    mangystau(session)
    head = "region,date,confirmed,asymptomatic,recovered\n#adm1+code,#date,#affected+infected,#affected+infected+asymptomatic,#affected+recovered\n"
    bad = head + f"KZ-47,{D1},100,10,5\nKZ-47,{D3},1672,1140,1800\n"
    _refused(client.post("/api/imports/cases.hxl.csv", content=bad, headers={"content-type": "text/csv"}))
    assert _stored(session) == []
    fell = head + f"KZ-47,{D1},1700,10,5\nKZ-47,{D3},1672,1140,664\n"
    response = client.post("/api/imports/cases.hxl.csv", content=fell, headers={"content-type": "text/csv"})
    assert response.status_code == 200, response.text
    assert [(w["metric"], w["row"]) for w in response.json()["warnings"]] == [("confirmed", 4)]  # file line 4
    assert len(_stored(session)) == 6


def test_a_fact_is_held_to_the_same_rules(client: TestClient, session: Session) -> None:
    path = next(DOCS.glob("004_*.txt"), None)
    if path is None:
        pytest.skip(f"the shared fixtures are not beside the repository ({DOCS})")
    mangystau(session)
    report = client.post("/api/reports", json={"text": path.read_text(encoding="utf-8"), "published": D3.isoformat()}).json()
    facts = {f["data"]["metric"]: f for f in report["facts"] if f["type"] == "cases"}
    accepted = client.post(f"/api/facts/{facts['asymptomatic']['id']}/review", json={"decision": "accept"})
    assert accepted.status_code == 200, accepted.text
    before = _stored(session)
    response = client.post(f"/api/facts/{facts['confirmed']['id']}/review", json={"decision": "correct", "data": {"value": 100}})
    assert response.status_code == 422, response.text
    assert response.json()["detail"][0]["loc"] == ["body", "data", "value"]
    assert _stored(session) == before


def test_the_region_page_shows_the_warning_and_a_trend_chart_per_metric(client: TestClient, session: Session) -> None:
    mangystau(session)
    for day, value in ((D1, 1500), (D2, 1550), (D3, 1400)):
        client.post("/api/cases", json=_case(day, "confirmed", value))
    client.post("/api/cases", json=_case(D3, "recovered", 664))
    page = client.get("/regions/KZ-47", params={"lang": "en"})
    assert page.status_code == 200
    html = page.text
    assert "Cases over time" in html
    assert "fell from 1,550 on Jul 5, 2020 to 1,400 on Jul 6, 2020" in html
    assert html.count('class="line cases"') == 2  # confirmed and recovered
    assert html.count('<circle class="fall"') == 1
    assert "<script>" not in html and " on" + "click=" not in html
