"""Days until beds run out, from the forecast package (surgeops.web.pages.outlook)."""

from __future__ import annotations

import datetime as dt

from fastapi.testclient import TestClient
from lxml import html

from surgeops.domain.capacity import BedFigures, BedSnapshotCreate
from surgeops.forecast import forecast_regions
from surgeops.services import capacity, crud
from surgeops.services.audit import SYSTEM
from surgeops.web.pages import outlook, queries


def region_row(code: str, population: int | None, by_type: dict[str, tuple[int, int, int]]) -> queries.RegionBeds:
    info = queries.RegionInfo(code, "KZ", "region", {"en": code}, None, None, population)
    figures = {t: BedFigures(t, *v) for t, v in by_type.items()}
    total = BedFigures("total", *(sum(f[i] for f in by_type.values()) for i in range(3)))
    return queries.RegionBeds(info, "KZ", total, dt.date(2020, 7, 6), 1, by_type=figures)


def test_inputs_need_a_population_and_beds_in_use_of_forecast_bed_types() -> None:
    rows = [region_row("A", 500_000, {"infectious": (100, 80, 10), "corridor": (50, 50, 0)}),
            region_row("B", None, {"infectious": (100, 80, 0)}),
            region_row("C", 500_000, {"corridor": (100, 80, 0)}),
            region_row("D", 500_000, {"icu": (10, 0, 0)})]
    week = {dt.date(2020, 7, d): 10.0 + d for d in range(1, 8)}
    made = outlook.inputs(rows, {"A": week})
    assert [r.code for r in made] == ["A"]
    assert made[0].census == {"infectious": 80} and made[0].reserve_beds == {"infectious": 10}
    assert made[0].observed_admissions == week
    short = outlook.inputs(rows, {"A": dict(list(week.items())[:3])})
    assert short[0].observed_admissions is None, "too short a series runs the reference model"


def test_full_beds_run_out_sooner_than_empty_ones() -> None:
    rows = [region_row("FULL", 1_000_000, {"infectious": (100, 99, 0)}),
            region_row("EMPTY", 1_000_000, {"infectious": (1000, 10, 0)})]
    made = outlook.inputs(rows, {})
    result = {f.code: f for f in forecast_regions(made, horizon=outlook.HORIZON, current_date=dt.date(2020, 7, 6))}
    assert result["FULL"].exhaustion_day is not None
    assert result["EMPTY"].exhaustion_day is None or result["EMPTY"].exhaustion_day > result["FULL"].exhaustion_day


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
