"""The planner page: run a plan for a country, read its moves, approve it and turn it into
planned deployments; in every language."""

from __future__ import annotations

from dashboard_forms import post_form
from fastapi.testclient import TestClient
from lxml import html

from surgeops.domain.reinforcement import OfferCreate, RequestCreate
from surgeops.services import crud, reinforcement
from surgeops.services.audit import SYSTEM


def _needs(client: TestClient) -> None:
    with client.app.state.db.session() as session:
        crud.create(session, reinforcement.REQUESTS, RequestCreate(region="VN-54", resource="mask", amount=5000, priority=2), actor=SYSTEM)
        crud.create(session, reinforcement.OFFERS, OfferCreate(region="VN-69", resource="mask", amount=9000, keep=1000), actor=SYSTEM)


def test_run_review_and_apply_a_plan(client: TestClient) -> None:
    _needs(client)
    ran = post_form(client, "/planner", {"country": "VN", "time_limit": "10"}, follow_redirects=False)
    assert ran.status_code == 303
    plan_url = ran.headers["location"]
    page = html.fromstring(client.get(plan_url + "?lang=en").text)
    rows = page.xpath('//table[@id="moves-table"]/tbody/tr')
    assert any("Masks" in r.text_content() and "5,000" in r.text_content() for r in rows)
    assert page.xpath('//svg[@class="plan-map"]//line'), "the moves are drawn on the map"
    early = post_form(client, plan_url, {"action": "apply"})
    assert early.status_code == 409
    assert "approve it before" in html.fromstring(early.text).xpath('//*[@id="plan-error"]')[0].text_content()
    approved = post_form(client, plan_url, {"action": "approve"}, follow_redirects=False)
    assert approved.status_code == 303
    applied = post_form(client, plan_url, {"action": "apply"}, follow_redirects=False)
    assert applied.headers["location"].startswith("/deployments")
    shipments = client.get("/api/shipments", params={"region": "VN-54", "status": "planned"}).json()["items"]
    assert any(s["item"] == "mask" and s["quantity"] == 5000 for s in shipments)


def test_planner_page_speaks_every_language(client: TestClient) -> None:
    for lang, title in (("ru", "Планировщик подкреплений"), ("kk", "Күшейту жоспарлаушысы"), ("vi", "Lập kế hoạch chi viện")):
        page = html.fromstring(client.get(f"/planner?lang={lang}").text)
        assert page.xpath("//h1")[0].text_content() == title


def test_an_unknown_country_is_a_clear_error(client: TestClient) -> None:
    response = post_form(client, "/planner", {"country": "XX"})
    assert response.status_code == 422
    assert "unknown country XX" in html.fromstring(response.text).xpath('//*[@id="planner-error"]')[0].text_content()
