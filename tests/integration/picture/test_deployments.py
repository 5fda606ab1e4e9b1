"""Issue 17 finding 7, deployments that drop out: a team belongs to every region it stays
in (the API's and the dashboard's region filters find it in each, and in the regions
above), its stays may not overlap, its sub-groups fit inside it and work where it stays,
and the cards and the timeline show its counterparts, source facilities, basis, and the
teams with no start date yet."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from builders import make_facility, make_region, two_countries


@pytest.fixture
def world(session: Session) -> Session:
    """Mangystau (aktau in its district Aktau), Almaty (almaty-1) and Vietnam's Bac Giang (bg-field)."""
    two_countries(session)
    make_region(session, code="KZ-75", level="region", names={"en": "Almaty"})
    make_facility(session, key="almaty-1", region="KZ-75")
    return session


def _team(**extra: Any) -> dict[str, Any]:
    return {"origin": {"kind": "organisation", "name": "Moscow health department"}, "team_size": 23,
            "destinations": [{"region": "KZ-75", "start": "2020-07-01", "end": "2020-07-10"},
                             {"region": "KZ-47-AKT", "start": "2020-07-10"}], **extra}


def _blamed(response: Any) -> set[str]:
    """The fields a 422 names (its `loc` without "body")."""
    assert response.status_code == 422, response.text
    return {".".join(str(p) for p in item["loc"] if p != "body") for item in response.json()["detail"]}


def _ids(client: TestClient, region: str) -> list[int]:
    return [d["id"] for d in client.get("/api/deployments", params={"region": region}).json()["items"]]


def test_a_retasked_team_is_listed_in_every_region_it_stays_in(client: TestClient, world: Session) -> None:
    team = client.post("/api/deployments", json=_team())
    assert team.status_code == 201, team.text
    key = team.json()["id"]
    assert _ids(client, "KZ-75") == [key]       # its first stay
    assert _ids(client, "KZ-47-AKT") == [key]   # the district it moved to
    assert _ids(client, "KZ-47") == [key]       # and the region above it
    assert _ids(client, "KZ") == [key]          # listed once, not once per stay
    assert _ids(client, "VN-54") == []
    assert "stay_regions" not in team.json()


def test_the_dashboard_lists_a_retasked_team_in_the_region_it_moved_to(client: TestClient, world: Session) -> None:
    client.post("/api/deployments", json=_team(lead="Ivan Petrov"))
    moved = client.get("/deployments", params={"region": "KZ-47"})
    assert moved.status_code == 200
    assert "Ivan Petrov" in moved.text and "1 deployments." in moved.text
    region_page = client.get("/regions/KZ-47")
    assert region_page.status_code == 200 and "Moscow health department" in region_page.text
    assert "Ivan Petrov" not in client.get("/deployments", params={"region": "VN-54"}).text


def test_a_patch_that_moves_the_team_moves_its_listing(client: TestClient, world: Session) -> None:
    team = client.post("/api/deployments", json=_team()).json()
    moved = client.patch(f"/api/deployments/{team['id']}", headers={"If-Match": f'"{team["version"]}"'},
                         json={"destinations": [{"region": "KZ-75", "start": "2020-07-01"}]})
    assert moved.status_code == 200, moved.text
    assert _ids(client, "KZ-47") == [] and _ids(client, "KZ-75") == [team["id"]]


@pytest.mark.parametrize("stays", [
    [{"region": "KZ-75", "start": "2020-07-01", "end": "2020-07-20"}, {"region": "KZ-47", "start": "2020-07-10"}],
    [{"region": "KZ-75", "start": "2020-07-01", "end": "2020-07-05"}, {"region": "KZ-47", "start": "2020-07-03", "end": "2020-07-04"}],
])
def test_overlapping_stays_are_refused(client: TestClient, world: Session, stays: list[dict[str, Any]]) -> None:
    refused = client.post("/api/deployments", json=_team(destinations=stays))
    assert _blamed(refused) == {"destinations.1.start"}
    assert client.get("/api/deployments").json()["total"] == 0


def test_overlapping_stays_are_refused_by_patch(client: TestClient, world: Session) -> None:
    team = client.post("/api/deployments", json=_team()).json()
    refused = client.patch(f"/api/deployments/{team['id']}", headers={"If-Match": f'"{team["version"]}"'},
                           json={"destinations": [{"region": "KZ-75", "start": "2020-07-01", "end": "2020-07-30"},
                                                  {"region": "KZ-47", "start": "2020-07-10"}]})
    assert _blamed(refused) == {"destinations.1.start"}
    assert client.get(f"/api/deployments/{team['id']}").json() == team


def test_sub_groups_larger_than_the_team_are_refused(client: TestClient, world: Session) -> None:
    groups = [{"name": "Severe", "task": "treat", "size": 15}, {"name": "Lab", "task": "organise the lab", "size": 9}]
    refused = client.post("/api/deployments", json=_team(subgroups=groups))
    assert _blamed(refused) == {"subgroups"}
    assert client.get("/api/deployments").json()["total"] == 0
    team = client.post("/api/deployments", json=_team(subgroups=groups[:1])).json()
    grown = client.patch(f"/api/deployments/{team['id']}", headers={"If-Match": f'"{team["version"]}"'},
                         json={"team_size": 10})  # the merged record: 15 in a sub-group of a team of 10
    assert _blamed(grown) == {"subgroups"}
    assert client.get(f"/api/deployments/{team['id']}").json() == team


def test_a_sub_group_in_another_country_is_refused(client: TestClient, world: Session) -> None:
    refused = client.post("/api/deployments", json=_team(subgroups=[{"name": "ICU", "task": "treat", "facility": "bg-field"}]))
    assert _blamed(refused) == {"subgroups.0.facility"}
    assert client.get("/api/deployments").json()["total"] == 0
    # a facility in a district below a stay's region fits
    team = client.post("/api/deployments", json=_team(subgroups=[{"name": "ICU", "task": "treat", "facility": "aktau"}]))
    assert team.status_code == 201, team.text
    team = team.json()
    moved = client.patch(f"/api/deployments/{team['id']}", headers={"If-Match": f'"{team["version"]}"'},
                         json={"destinations": [{"region": "VN-54", "start": "2020-07-01"}]})
    assert _blamed(moved) == {"subgroups.0.facility"}


def test_cards_show_counterparts_source_facilities_and_basis(client: TestClient, world: Session) -> None:
    client.post("/api/deployments", json=_team(
        source_facilities=["almaty-1"],
        basis={"kind": "agreement", "number": "12-b", "title": "Sister-city agreement"},
        counterparts=[{"side": "origin", "name": "Anna Ivanova", "role": "deputy head"},
                      {"side": "destination", "name": "Aigerim Sadykova"}]))
    page = client.get("/deployments").text
    for shown in ("almaty-1", "Sister-city agreement", "12-b", "Anna Ivanova", "deputy head", "Aigerim Sadykova"):
        assert shown in page, shown


def test_the_timeline_keeps_teams_without_a_start_date(client: TestClient, world: Session) -> None:
    client.post("/api/deployments", json=_team(lead="Dated"))
    client.post("/api/deployments", json={"origin": {"kind": "country", "name": "Russian doctors"}, "team_size": 32,
                                          "destinations": [{"region": "KZ-47"}]})
    page = client.get("/deployments").text
    timeline = page[page.index('<figure class="timeline">'):page.index("</figure>")]
    assert "Russian doctors" in timeline and "No start date yet" in timeline
    assert "Moscow health department" in timeline
