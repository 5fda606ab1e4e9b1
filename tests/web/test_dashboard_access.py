"""The dashboard's forms keep the same access rules as the API: a user outside their scope
is answered 403 with the reason on the page, and nothing is stored or changed."""

from __future__ import annotations

from typing import Any

import pytest
from dashboard_forms import post_form
from fastapi.testclient import TestClient
from lxml import html
from test_dashboard_account import sign_in
from test_dashboard_planner import _needs

from surgeops.db.tables import Deployment, Plan, Report, Shipment
from surgeops.services import planning
from surgeops.services.audit import SYSTEM


def _count(client: TestClient, table: Any) -> int:
    with client.app.state.db.session() as session:
        return session.query(table).count()


def _form_values(client: TestClient, url: str) -> dict[str, Any]:
    """What an edit page's form would submit as it stands (inputs, selects, text areas)."""
    form = html.fromstring(client.get(url).text).xpath("//form[.//input[@name='csrf']]")[-1]
    return {name: value for name, value in form.form_values() if name != "csrf"}


def _only(client: TestClient, table: Any, **where: Any) -> dict[str, Any]:
    with client.app.state.db.session() as session:
        row = session.query(table).filter_by(**where).one()
        return {c.name: getattr(row, c.name) for c in table.__table__.c}


@pytest.mark.parametrize(("table", "where", "path", "change", "outside"), [
    (Deployment, {"key": "mow-almaty"}, "deployments", {"team_size": "30"}, "KZ-47"),  # a team in Mangystau
    (Shipment, {}, "shipments", {"quantity": "1"}, "VN-69"),  # Thai Nguyen's masks for Bắc Giang: two regions' stock
])
def test_an_officer_cannot_change_another_regions_record(secured: TestClient, table: Any, where: dict[str, Any], path: str,
                                                          change: dict[str, str], outside: str) -> None:
    sign_in(secured, "officer")  # Bắc Giang (VN-54)
    before = _only(secured, table, **where)
    url = f"/{path}/{before['id']}/edit"
    values = {**_form_values(secured, url), **change}
    refused = post_form(secured, url + "?lang=en", values, form_url=url)
    assert refused.status_code == 403 and outside in refused.text
    assert _only(secured, table, **where) == before


def test_an_officer_creates_nothing_outside_their_region(secured: TestClient) -> None:
    sign_in(secured, "officer")
    shipments, deployments = _count(secured, Shipment), _count(secured, Deployment)
    outside = post_form(secured, "/shipments/new?lang=en", {"item": "mask", "quantity": "5", "destination_region": "VN-54",
                                                            "origin_region": "VN-69"}, form_url="/shipments/new")
    assert outside.status_code == 403 and "VN-69" in outside.text
    team = {"origin.kind": "region", "origin.name": "Bac Giang CDC", "origin.region": "VN-54", "team_size": "4",
            "destinations.0.region": "VN-54", "destinations.1.region": "KZ-47"}
    outside = post_form(secured, "/deployments/new?lang=en", team, form_url="/deployments/new")
    assert outside.status_code == 403 and "KZ-47" in outside.text
    assert (_count(secured, Shipment), _count(secured, Deployment)) == (shipments, deployments)


@pytest.mark.parametrize("username", ["officer", "reporter", "viewer"])
def test_only_national_roles_run_or_apply_plans_on_the_dashboard(secured: TestClient, username: str) -> None:
    _needs(secured)
    with secured.app.state.db.session() as session:
        plan_id = planning.run_plan(session, actor=SYSTEM, country="VN", time_limit=5)["id"]
        planning.review_plan(session, plan_id, decision="approve", actor=SYSTEM)
    sign_in(secured, username)
    applied = post_form(secured, f"/planner/{plan_id}?lang=en", {"action": "apply"}, form_url=f"/planner/{plan_id}")
    assert applied.status_code == 403
    assert "may not change plan records" in html.fromstring(applied.text).xpath('//*[@id="plan-error"]')[0].text_content()
    ran = post_form(secured, "/planner?lang=en", {"country": "VN", "time_limit": "5"}, form_url="/planner")
    assert ran.status_code == 403
    with secured.app.state.db.session() as session:
        assert [p.review for p in session.query(Plan)] == ["approved"]


@pytest.mark.parametrize("username", ["reporter", "viewer"])
def test_reporters_and_viewers_record_no_shipments_teams_or_reports(secured: TestClient, username: str) -> None:
    sign_in(secured, username)
    counts = [_count(secured, t) for t in (Shipment, Deployment, Report)]
    shipment = post_form(secured, "/shipments/new?lang=en", {"item": "mask", "quantity": "5", "destination_region": "VN-54",
                                                             "origin_name": "Hanoi"}, form_url="/shipments/new")
    assert shipment.status_code == 403
    team = {"origin.kind": "region", "origin.name": "Bac Giang CDC", "origin.region": "VN-54", "team_size": "4",
            "destinations.0.region": "VN-54"}
    assert post_form(secured, "/deployments/new?lang=en", team, form_url="/deployments/new").status_code == 403
    report = post_form(secured, "/reports/new?lang=en", {"text": "Bac Giang prepared 300 beds today."}, form_url="/reports/new")
    assert report.status_code == 403
    assert [_count(secured, t) for t in (Shipment, Deployment, Report)] == counts
