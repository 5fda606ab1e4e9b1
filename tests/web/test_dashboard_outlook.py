"""Days until beds run out, from the forecast package (surgeops.web.pages.outlook)."""

from __future__ import annotations

import datetime as dt

from fastapi.testclient import TestClient
from lxml import html

from surgeops.domain.capacity import BedSnapshotCreate
from surgeops.services import capacity, crud
from surgeops.services.audit import SYSTEM


def test_overview_and_region_page_show_the_same_outlook(client: TestClient) -> None:
    doc = html.fromstring(client.get("/?lang=en").text)
    link = doc.xpath('//*[@id="region-table"]//a[@href="/regions/KZ-47"]')[0]
    days = link.getparent().getparent()[7].text_content().strip()
    assert days != "—"
    region = html.fromstring(client.get("/regions/KZ-47?lang=en").text)
    sentence = region.xpath('//*[@id="outlook-days"]')[0].text_content()
    assert (days.startswith("over") and "beyond" in sentence) or f"in {days} days" in sentence
    assert not html.fromstring(client.get("/regions/VN-54?lang=en").text).xpath('//*[@id="outlook"]'), \
        "no population, no forecast"


def test_forecasts_are_cached_until_the_beds_change(client: TestClient) -> None:
    client.get("/")
    client.get("/?lang=ru")
    cache = client.app.state.dashboard_outlooks
    assert len(cache._items) == 1
    with client.app.state.db.session() as session:
        crud.create(session, capacity.RESOURCE, BedSnapshotCreate(
            facility="alm-city", bed_type="infectious", as_of=dt.date(2020, 7, 15), capacity=400, occupied=399), actor=SYSTEM)
    client.get("/")
    assert len(cache._items) == 2
