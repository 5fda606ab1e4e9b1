"""The region page's forecast chart: projected patients with a range against the beds."""

from __future__ import annotations

import datetime as dt

from fastapi.testclient import TestClient
from lxml import html

from surgeops.web.pages import charts
from surgeops.web.pages.outlook import Outlook
from surgeops.web.pages.region import forecast_chart


def test_band_is_the_area_between_low_and_high() -> None:
    days = [dt.date(2020, 7, 1) + dt.timedelta(days=k) for k in range(3)]
    chart = charts.line_chart(days, {"census": [10, 20, 30]}, band=([5, 15, 25], [15, 25, 40]))
    points = [tuple(map(float, p.split(","))) for p in chart.band.split()]
    assert len(points) == 6
    assert points[0][0] == points[-1][0] == charts.LEFT, "the polygon goes out along high and back along low"
    assert chart.y_ticks[-1][1] >= 40, "the axis makes room for the band's top"


def test_forecast_chart_lines_and_no_chart_without_forecast() -> None:
    found = Outlook(5, "icu", 8, 2, dt.date(2020, 7, 6), "reference", census=(90.0, 95.0, 101.0),
                    census_low=(90.0, 93.0, 97.0), census_high=(90.0, 97.0, 105.0))
    chart = forecast_chart(found, {"capacity": 100, "reserve": 20})
    assert [line.name for line in chart.lines] == ["census", "capacity", "with_reserve"]
    assert [line.last for line in chart.lines] == [101, 100, 120]
    assert forecast_chart(None, {"capacity": 100, "reserve": 20}) is None


def test_region_page_draws_the_forecast(client: TestClient) -> None:
    doc = html.fromstring(client.get("/regions/KZ-47?lang=en").text)
    svg = doc.xpath('//figure[contains(@class, "forecast")]//svg')
    assert svg and svg[0].xpath('.//polygon[@class="range"]')
    assert len(svg[0].xpath(".//polyline")) == 3


def test_region_page_says_how_far_the_forecast_goes_and_its_measured_skill(client: TestClient) -> None:
    from surgeops.forecast.skill import product_skill

    doc = html.fromstring(client.get("/regions/KZ-47?lang=en").text)
    note = doc.xpath('string(//li[@id="outlook-scenario"])')
    assert note.startswith("Forecast to ") and "after that a scenario" in note
    rows = doc.xpath('//table[@id="outlook-skill"]/tbody/tr')
    assert [r.xpath("string(td[1])") for r in rows] == ["1", "3", "7", "14", "21", "28"]
    shown = product_skill().forecast_days()
    assert [r.xpath("string(td[4])") for r in rows] == ["yes" if d <= shown else "no" for d in (1, 3, 7, 14, 21, 28)]
    assert rows[2].xpath("string(td[2])") == f"{round(product_skill().horizons[6].mape * 100)}%"


def test_outlook_band_is_the_measured_range_then_the_scenario_range(client: TestClient) -> None:
    import datetime as dt2

    from surgeops.forecast.regions import RegionInput, forecast_regions
    from surgeops.web.pages.outlook import _range

    f = forecast_regions([RegionInput("X", 1e6, {"infectious": 100.0}, {"infectious": 500.0})],
                         horizon=30, current_date=dt2.date(2020, 7, 1))[0]
    low, high = _range(f, "low_95", f.total_low), _range(f, "high_95", f.total_high)
    cut = f.forecast_days
    assert low[1:cut + 1] == tuple(round(float(v), 1) for v in f.intervals["low_95"][1:cut + 1])
    assert high[cut + 1:] == tuple(round(float(v), 1) for v in f.total_high[cut + 1:])
