"""Issue 17, finding 8 (the review form corrupts data): the dashboard's review form shows a
list of specialties as the reviewer reads it (comma separated) and reads it back as a
list; a deployment made from a fact keeps its specialties as its composition; a fact's
date can be set in the form, which asks for it when neither the fact nor its report
states one; and the form shows what accepting a beds fact would do before it is accepted."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import html

from builders import make_region, mangystau

DOCS = Path(__file__).resolve().parents[3].parent / "shared" / "fixtures" / "reports" / "docs"


def _text(number: str) -> str:
    path = next(DOCS.glob(f"{number}_*.txt"), None)
    if path is None:
        pytest.skip(f"the shared fixtures are not beside the repository ({DOCS})")
    return path.read_text(encoding="utf-8")


def _regions(session) -> None:  # noqa: ANN001
    make_region(session)
    make_region(session, code="KZ-75", level="region", names={"ru": "Алматы", "en": "Almaty"}, population=2_161_000)
    make_region(session, code="RU", level="country", names={"ru": "Россия", "en": "Russia"})
    make_region(session, code="RU-MOW", level="region", parent="RU", names={"ru": "Москва", "en": "Moscow"})


def _review_page(client, text: str, **extra) -> tuple[str, html.HtmlElement, str]:  # noqa: ANN001
    report = client.post("/api/reports", json={"text": text, **extra}).json()
    page = client.get(f"/reports/{report['id']}?lang=en")
    assert page.status_code == 200, page.text[:300]
    token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    return f"/reports/{report['id']}", html.fromstring(page.text), token


def _deployment_card(doc: html.HtmlElement) -> html.HtmlElement:
    return next(card for card in doc.xpath('//li[contains(@class, "fact")]') if card.xpath('.//input[@name="data.specialties"]'))


def test_specialties_show_as_a_list_and_a_correction_stores_a_list(client, session) -> None:  # noqa: ANN001
    _regions(session)
    where, doc, token = _review_page(client, _text("000"))
    card = _deployment_card(doc)
    shown = card.xpath('.//input[@name="data.specialties"]')[0].get("value")
    assert "[" not in shown and "'" not in shown
    assert shown.split(", ") == ["anesthesiologist", "cardiologist", "epidemiologist", "infectious_disease", "other",
                                 "pulmonologist", "resuscitator"]
    date = card.xpath('.//input[@name="data.date"]')[0]
    assert date.get("type") == "date" and date.get("aria-required") == "true", "report 000 states no date: the form asks"
    form = card.xpath(".//form")[0]
    response = client.post(form.get("action"), data={
        "csrf": token, "version": "1", "decision": "correct", "data.specialties": "anesthesiologist, cardiologist,epidemiologist ",
        "data.team_size": "23", "data.date": "2020-04-18"}, follow_redirects=False)
    assert response.status_code == 303, response.text[:500]
    fact = client.get(f"/api/{where.strip('/')}").json()["facts"][0]
    assert fact["data"]["specialties"] == ["anesthesiologist", "cardiologist", "epidemiologist"]
    assert fact["data"]["date"] == "2020-04-18"
    team = client.get("/api/deployments").json()["items"][0]
    assert team["composition"] == {"anesthesiologist": 1, "cardiologist": 1, "epidemiologist": 1, "other": 20}
    assert team["destinations"][0]["start"] == "2020-04-18"


def test_a_deployment_accepted_as_extracted_keeps_its_specialties(client, session) -> None:  # noqa: ANN001
    _regions(session)
    where, doc, token = _review_page(client, _text("000"))
    form = _deployment_card(doc).xpath(".//form")[0]
    refused = client.post(form.get("action") + "?lang=en", data={"csrf": token, "version": "1", "decision": "accept"})
    assert refused.status_code == 422 and "date" in refused.text, "no date known: the accept is refused, asking for it"
    assert client.get("/api/deployments").json()["total"] == 0
    accepted = client.post(form.get("action"), data={"csrf": token, "version": "1", "decision": "accept", "data.date": "2020-04-18"},
                           follow_redirects=False)
    assert accepted.status_code == 303, accepted.text[:500]
    team = client.get("/api/deployments").json()["items"][0]
    assert team["composition"] == {"anesthesiologist": 1, "cardiologist": 1, "epidemiologist": 1, "infectious_disease": 1,
                                   "other": 17, "pulmonologist": 1, "resuscitator": 1}
    assert team["team_size"] == 23 and team["destinations"][0]["start"] == "2020-04-18"


def test_the_review_form_previews_what_a_beds_fact_would_do(client, session) -> None:  # noqa: ANN001
    mangystau(session)
    where, doc, _ = _review_page(client, _text("004"), published="2020-07-06")
    total = next(card for card in doc.xpath('//li[contains(@class, "fact")]')
                 if card.xpath('.//input[@name="data.bed_type"][@value="total"]'))
    preview = total.xpath('.//div[@class="preview"]//table')[0].text_content()
    assert "1,766" in preview and "76%" in preview
    date = total.xpath('.//input[@name="data.date"]')[0]
    assert date.get("aria-required") is None and "Jul 6, 2020" in total.text_content()
    assert client.get("/api/regions/KZ-47/capacity").json()["total"]["capacity"] == 0, "the preview kept nothing"
