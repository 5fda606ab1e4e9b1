"""Seed report 004: Mangystau's beds by type, their occupancy and reserve, its case
figures, and the regional hospital's conversion to a 650-bed provisional hospital whose
emergency services move to four clinics. The reviewer goes down the queue in order,
corrects the hospital's figure (the extractor gave it to the whole region) and rejects
the approximate pneumonia complaints; the coordinator records the conversion the report
describes. Afterwards capacity, cases, the forecast and routing all tell the report's
story, dated as the report is."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from .conftest import Story

DAY = "2020-07-06"
HOSPITAL = "Маңғыстау облыстық ауруханасы"


def _review_in_order(story: Story) -> None:
    for fact in story.facts:
        data = fact["data"]
        if fact["type"] == "beds" and data["count"] == 650:
            story.review(fact, "correct", {"place": HOSPITAL, "place_code": None})
        elif fact["type"] == "cases" and data["metric"] == "daily_pneumonia_complaints":
            story.review(fact, "reject")
        else:
            story.review(fact, "accept")


def _record_conversion(client: Any) -> None:
    (item,) = json.loads((resources.files("surgeops.demo") / "data" / "conversions.json").read_text(encoding="utf-8"))
    body = {k: item[k] for k in ("facility", "date", "new_kind", "new_capacity", "reroutes", "note")}
    answer = client.post("/api/conversions", json=body)
    assert answer.status_code == 201, answer.text


def _route(client: Any, **query: Any) -> dict[str, Any]:
    answer = client.post("/api/route", json={"region": "KZ-47", **query})
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_004_mangystau_beds_cases_forecast_and_conversion(client, registry) -> None:  # noqa: ANN001
    story = Story(client, "004", published=DAY)
    _review_in_order(story)
    _record_conversion(client)

    capacity = client.get("/api/regions/KZ-47/capacity").json()
    assert capacity["as_of"] == DAY
    assert capacity["total"]["capacity"] == 1766
    assert capacity["total"]["occupancy_pct"] == 76.0
    assert capacity["total"]["reserve"] == 600
    assert {t: f["capacity"] for t, f in capacity["by_type"].items() if f["capacity"]} == {
        "infectious": 230, "provisional": 1346, "quarantine": 190}

    stored = client.get("/api/cases", params={"region": "KZ-47", "limit": 100}).json()["items"]
    assert {(c["metric"], c["value"]) for c in stored} == {
        ("confirmed", 1672), ("asymptomatic", 1140), ("recovered", 664), ("in_treatment", 1025), ("daily_admissions", 150)}
    assert {c["date"] for c in stored} == {DAY}

    forecast = client.get("/api/regions/KZ-47/forecast")
    assert forecast.status_code == 200, forecast.text
    assert forecast.json()["start"] == DAY  # day 0 is the region's own newest figure, not today

    trauma = _route(client, service="trauma")
    assert trauma["candidates"][0]["facility_id"] == "mng-sofie-medgroup"
    assert "mng-regional-hospital" not in {c["facility_id"] for c in trauma["candidates"]}
    covid = _route(client, service="infectious_disease", bed_type="provisional")
    assert "mng-regional-hospital" in {c["facility_id"] for c in covid["candidates"]}
