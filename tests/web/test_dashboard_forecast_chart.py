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
