"""The dashboard pages through TestClient, over the small world of dashboard_world.py.
These tests only read, so they share one database (built once for the module)."""

from __future__ import annotations

import re
from typing import Iterator

import pytest
from dashboard_world import world_database
from fastapi.testclient import TestClient
from lxml import html

from surgeops.web.app import create_app

NBSP = "\u00a0"


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings, db = world_database(tmp_path_factory.mktemp("pages") / "world.db")
    with TestClient(create_app(settings, db=db)) as test_client:
        yield test_client
    db.dispose()


@pytest.fixture
def client(shared: TestClient) -> TestClient:
    """The shared client with no cookie left by an earlier test."""
    shared.cookies.clear()
    return shared


def page(client: TestClient, url: str, **kwargs) -> html.HtmlElement:  # noqa: ANN003
    response = client.get(url, **kwargs)
    assert response.status_code == 200, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    return html.fromstring(response.text)


def squeeze(value: str) -> str:
    """Runs of spaces and newlines as one space; no-break spaces (number grouping) kept."""
    return re.sub(r"[ \t\r\n]+", " ", value).strip()


def text(node: html.HtmlElement, xpath: str) -> str:
    found = node.xpath(xpath)
    assert found, f"nothing matches {xpath}"
    return squeeze(found[0].text_content())


def table_row(doc: html.HtmlElement, code: str) -> list[str]:
    link = doc.xpath(f'//*[@id="region-table"]//a[@href="/regions/{code}"]')[0]
    row = link.getparent().getparent()
    return [squeeze(c.text_content()) for c in row]


def test_overview_lists_regions_with_their_occupancy(client: TestClient) -> None:
    doc = page(client, "/?lang=en")
    assert table_row(doc, "KZ-47")[1:7] == ["KZ", "1,766", "1,342", "76%", "424", "600"]
    assert table_row(doc, "VN-69")[2] == "0", "a region without reports is listed with no beds"
    tile = doc.xpath('//a[contains(@class, "tile")][@href="/regions/KZ-47"]')[0]
    assert "occ-2" in tile.get("class")
    assert "76% occupied" in tile.findtext("title") and "600 in reserve" in tile.findtext("title")
    assert [h.text_content() for h in doc.xpath('//section[@class="cartogram"]/h2')] == ["Kazakhstan", "Vietnam"]


def test_overview_filters_by_bed_type_date_and_country(client: TestClient) -> None:
    assert table_row(page(client, "/?bed_type=infectious&lang=en"), "KZ-47")[2] == "230"
    # the conversion dated that day made the regional hospital 650 provisional beds (its report said 500)
    assert table_row(page(client, "/?as_of=2020-07-10&lang=en"), "KZ-47")[2] == "650"
    doc = page(client, "/?country=VN&lang=en")
    assert not doc.xpath('//a[@href="/regions/KZ-47"]') and doc.xpath('//a[@href="/regions/VN-54"]')
    doc = page(client, "/?as_of=yesterday&bed_type=beds&lang=en")
    assert text(doc, "//*[@id='f-as-of-error']") == "Enter a date as YYYY-MM-DD."
    assert table_row(doc, "KZ-47")[2] == "1,766", "an unreadable filter is ignored, not fatal"


def test_language_switch_is_kept_in_a_cookie(client: TestClient) -> None:
    response = client.get("/?lang=kk")
    assert response.cookies.get("lang") == "kk"
    doc = html.fromstring(response.text)
    assert doc.get("lang") == "kk"
    assert text(doc, "//h1") == "Өңірлер бойынша төсектер"
    again = page(client, "/regions/KZ-47")
    assert again.get("lang") == "kk"
    assert "Маңғыстау облысы" in text(again, "//h1")
    assert text(again, "//*[@id='fig-beds']/span") == f"1{NBSP}766"
    assert text(again, "//*[@id='fig-occupancy']/span") == "76%"


def test_browser_language_is_used_without_a_choice(client: TestClient) -> None:
    doc = page(client, "/", headers={"accept-language": "vi-VN,vi;q=0.9"})
    assert doc.get("lang") == "vi"
    assert text(doc, "//h1") == "Giường bệnh theo tỉnh"
    assert table_row(doc, "VN-54")[0] == "Bắc Giang"


@pytest.mark.parametrize(("lang", "beds", "pct", "heading"), [
    ("en", "1,766", "76%", "Mangystau Region"), ("ru", f"1{NBSP}766", f"76{NBSP}%", "Мангистауская область"),
    ("kk", f"1{NBSP}766", "76%", "Маңғыстау облысы"), ("vi", "1.766", "76%", "Mangystau"),
])
def test_region_page_shows_report_004_totals_in_each_language(client: TestClient, lang: str, beds: str, pct: str, heading: str) -> None:
    doc = page(client, f"/regions/KZ-47?lang={lang}")
    assert text(doc, "//h1").startswith(heading)
    assert text(doc, "//*[@id='fig-beds']/span") == beds
    assert text(doc, "//*[@id='fig-occupancy']/span") == pct
    assert text(doc, "//*[@id='fig-reserve']/span") == "600"


def test_region_page_sections(client: TestClient) -> None:
    doc = page(client, "/regions/KZ-47?lang=en")
    beds = '//section[@aria-labelledby="over-time"]//figure[@class="chart"]//polyline'
    assert len(doc.xpath(beds)) == 4 * 3, "all beds and three types, three lines each"
    trends = doc.xpath('//section[@aria-labelledby="case-trends"]//figure[@class="chart"]')
    assert len(trends) == 4, "a trend per case metric the world reports"
    cases = doc.text_content()
    assert "Confirmed cases" in cases and "1,672" in cases
    facility = " ".join(doc.xpath('//*[@id="facilities"]')[0].getparent().text_content().split())
    assert "Mangystau Regional Hospital" in facility and "Provisional: 520 / 650" in facility
    assert "Trauma → Sofie Medgroup" in facility
    teams = " ".join(doc.xpath('//*[@id="arriving-teams"]')[0].getparent().text_content().split())
    assert "Moscow health department" in teams and "Infectious disease: 5" in teams and "Group 1" in teams
    assert "No shipment." in doc.xpath('//*[@id="arriving-goods"]')[0].getparent().text_content()


def test_unknown_region_is_a_page_not_json(client: TestClient) -> None:
    response = client.get("/regions/XX-99?lang=en")
    assert response.status_code == 404
    assert "There is no record XX-99." in response.text


@pytest.mark.parametrize("url", ["/", "/regions/KZ-47", "/deployments", "/deployments/new", "/deployments/1/edit",
                                 "/shipments", "/shipments/new", "/shipments/1/edit", "/reports", "/reports/new"])
def test_pages_are_accessible_by_construction(client: TestClient, url: str) -> None:
    doc = page(client, url + "?lang=ru")
    assert doc.get("lang") == "ru"
    skip = doc.xpath('//a[@class="skip"]')[0]
    assert skip.get("href") == "#main" and doc.xpath('//main[@id="main"]')
    labelled = {label.get("for") for label in doc.xpath("//label[@for]")}
    for control in doc.xpath("//input | //select | //textarea"):
        if control.get("type") == "hidden":
            continue
        assert control.get("id") in labelled or control.get("aria-label"), html.tostring(control)[:120]
    assert len(doc.xpath("//h1")) == 1


def test_static_assets_are_served(client: TestClient) -> None:
    assert "occ-4" in client.get("/static/style.css").text
    assert "aria-sort" in client.get("/static/sort.js").text
