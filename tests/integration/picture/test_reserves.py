"""Finding 9 of issue 17, reserves open silently: opening (and closing) reserve beds is an
explicit action with who, when, why and how many, validated, audited, stored, shown on the
region page, through the services, the API (with the roles) and the CLI."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from builders import bearer, make_beds, make_facility, make_region, mangystau
from surgeops.cli.main import build_app
from surgeops.db.tables import AuditEntry, ReserveAction
from surgeops.domain.errors import InvalidField
from surgeops.domain.reserves import ReserveActionCreate
from surgeops.services import capacity, reserves
from surgeops.services.audit import Actor
from surgeops.web.app import create_app

OFFICER = Actor("aigerim")
TODAY = dt.date.today()


@pytest.fixture
def secured(db, settings):  # noqa: ANN001, ANN201
    """The API and dashboard with accounts required."""
    with TestClient(create_app(settings.replace(auth_required=True), db=db)) as client:
        yield client


def _world(session) -> None:  # noqa: ANN001
    mangystau(session)
    make_facility(session, key="prov", region="KZ-47-AKT", kind="provisional_hospital", services=["covid"])
    make_beds(session, facility="prov", bed_type="provisional", capacity=100, occupied=90, reserve=50)


def _act(session, action: str, beds: int, reason: str = "order 12 of the regional akimat") -> dict:  # noqa: ANN001
    return reserves.act(session, ReserveActionCreate(facility="prov", bed_type="provisional", action=action, beds=beds,
                                                     reason=reason), actor=OFFICER)


def _provisional(session) -> dict:  # noqa: ANN001
    return capacity.region_capacity(session, "KZ-47", history=False)["by_type"]["provisional"]


def _count(session, table, *where) -> int:  # noqa: ANN001
    return session.scalar(select(func.count()).select_from(table).where(*where))


def test_opening_and_closing_reserves_are_actions_with_who_when_why(session) -> None:  # noqa: ANN001
    _world(session)
    opened = _act(session, "open", 30)
    assert (opened["actor"], opened["beds"], opened["reason"], opened["as_of"]) == ("aigerim", 30, "order 12 of the regional akimat", TODAY)
    assert (opened["capacity_after"], opened["reserve_after"]) == (130, 20) and opened["at"] is not None
    now = _provisional(session)
    assert (now["capacity"], now["occupied"], now["reserve"], now["free"]) == (130, 90, 20, 40)
    with pytest.raises(InvalidField, match="only 20 beds are in reserve; cannot open 21") as caught:
        _act(session, "open", 21)
    assert caught.value.field == "beds"
    closed = _act(session, "close", 10, reason="the ward is needed for staff")
    assert (closed["capacity_after"], closed["reserve_after"]) == (120, 30)
    with pytest.raises(InvalidField, match="only 30 beds are free; cannot close 31"):
        _act(session, "close", 31)
    assert _count(session, ReserveAction) == 2
    audited = {(e.entity, e.action) for e in session.scalars(select(AuditEntry).where(AuditEntry.actor == "aigerim"))}
    assert audited == {("reserve_action", "create"), ("bed_snapshot", "create"), ("bed_snapshot", "update")}
    items, total = reserves.listing(session, region="KZ-47")
    assert total == 2 and [i["action"] for i in items] == ["close", "open"]


def test_over_the_api_with_roles_and_on_the_region_page(secured, session) -> None:  # noqa: ANN001
    _world(session)
    body = {"facility": "prov", "bed_type": "provisional", "action": "open", "beds": 25, "reason": "surge in Aktau"}
    reporter = bearer(session, "nurse", "facility_reporter", facilities=["prov"])
    assert secured.post("/api/reserve_actions", json=body, headers=reporter).status_code == 403
    make_region(session, code="KZ-75", level="region", names={"en": "Almaty"})
    other = bearer(session, "other", "regional_officer", regions=["KZ-75"])
    assert secured.post("/api/reserve_actions", json=body, headers=other).status_code == 403
    officer = bearer(session, "aigerim", "regional_officer", regions=["KZ-47"])
    too_many = secured.post("/api/reserve_actions", json={**body, "beds": 51}, headers=officer)
    assert too_many.status_code == 422 and too_many.json()["detail"][0]["loc"] == ["body", "beds"]
    no_reason = secured.post("/api/reserve_actions", json={**body, "reason": ""}, headers=officer)
    assert no_reason.status_code == 422 and no_reason.json()["detail"][0]["loc"] == ["body", "reason"]
    created = secured.post("/api/reserve_actions", json=body, headers=officer)
    assert created.status_code == 201, created.text
    assert created.json()["actor"] == "aigerim" and created.json()["capacity_after"] == 125
    listed = secured.get("/api/reserve_actions?region=KZ-47", headers=officer).json()
    assert listed["total"] == 1 and listed["items"][0]["reason"] == "surge in Aktau"
    assert secured.get(f"/api/reserve_actions/{created.json()['id']}", headers=officer).json()["beds"] == 25
    page = secured.get("/regions/KZ-47?lang=en", headers=officer).text
    assert "Reserve beds opened and closed" in page and "surge in Aktau" in page and "25 opened" in page and "aigerim" in page
    capacity_now = secured.get("/api/regions/KZ-47/capacity?history=false", headers=officer).json()
    assert (capacity_now["total"]["capacity"], capacity_now["total"]["reserve"]) == (125, 25)


def test_the_cli_opens_and_lists_reserves(settings, session) -> None:  # noqa: ANN001
    _world(session)
    runner = CliRunner()
    base = ["--database-url", settings.database_url, "reserves"]
    opened = runner.invoke(build_app(), [*base, "open", "prov", "--bed-type", "provisional", "--beds", "5",
                                         "--reason", "night shift surge", "--by", "duty officer"])
    assert opened.exit_code == 0, opened.output
    assert "duty officer: open 5 provisional at prov" in opened.output and "105 beds, 45 in reserve" in opened.output
    refused = runner.invoke(build_app(), [*base, "open", "prov", "--bed-type", "provisional", "--beds", "46", "--reason", "x"])
    assert refused.exit_code == 2 and "--beds: only 45 beds are in reserve" in refused.output
    listed = runner.invoke(build_app(), [*base, "list", "--region", "KZ-47"])
    assert listed.exit_code == 0 and "1 reserve action(s)." in listed.output and "night shift surge" in listed.output


def test_opening_past_the_bound_of_a_bed_figure_is_named_not_a_500(client, session) -> None:  # noqa: ANN001
    """Found by review: capacity and reserve each within bounds, their sum past it."""
    from builders import make_beds, make_facility, mangystau

    mangystau(session)
    make_facility(session, key="big", region="KZ-47-AKT")
    make_beds(session, facility="big", bed_type="icu", capacity=1_000_000, occupied=0, reserve=1_000_000)
    answer = client.post("/api/reserve_actions", json={"facility": "big", "bed_type": "icu", "action": "open",
                                                       "beds": 1_000_000, "reason": "surge"})
    assert answer.status_code == 422, answer.text
    assert answer.json()["detail"][0]["loc"][-1] == "beds"
