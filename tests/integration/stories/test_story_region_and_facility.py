"""Where a region's figure and a facility's meet. Report 004 gives Mangystau's 1346
provisional beds; a reviewer then learns that the regional hospital holds 650 of them.
Whatever the order the two figures are accepted in, the region keeps the beds and the
patients it reported; a facility figure dated after the region's report is newer news
and adds to it."""

from __future__ import annotations

from typing import Any

from .conftest import Story

HOSPITAL = "Маңғыстау облыстық ауруханасы"


def _region(client: Any) -> dict[str, Any]:
    return client.get("/api/regions/KZ-47/capacity").json()


def _hospital(client: Any) -> dict[str, Any]:
    items = client.get("/api/beds", params={"facility": "mng-regional-hospital", "bed_type": "provisional"}).json()["items"]
    return items[-1]


def _accept_region(story: Story) -> None:
    for count in (1766, 230, 1346, 190):
        story.review(story.fact("beds", count=count), "accept")


def test_a_facility_figure_learnt_later_stays_inside_the_region_total(client, registry) -> None:  # noqa: ANN001
    story = Story(client, "004", published="2020-07-06")
    _accept_region(story)
    before = _region(client)
    story.review(story.fact("beds", count=650), "correct", {"place": HOSPITAL, "place_code": None})
    after = _region(client)
    assert after["by_type"]["provisional"]["capacity"] == 1346 and after["total"]["capacity"] == 1766
    assert after["total"]["occupied"] == before["total"]["occupied"]  # the patients move with the beds, none lost
    hospital = _hospital(client)
    assert hospital["capacity"] == 650 and 0 < hospital["occupied"] <= 650


def test_a_region_figure_that_cannot_hold_its_patients_is_refused(client, registry) -> None:  # noqa: ANN001
    """The hospital's figure first, with no occupancy: the region's 1766 at 76 % would
    leave its pool 1116 beds for 1342 patients. That is refused, naming the count, and
    nothing changes: a wrong occupancy is worse than none (decision 0005)."""
    story = Story(client, "004", published="2020-07-06")
    story.review(story.fact("beds", count=650), "correct", {"place": HOSPITAL, "place_code": None})
    before = _region(client)
    refused = client.post(f"/api/facts/{story.fact('beds', count=1766)['id']}/review", json={"decision": "accept"})
    assert refused.status_code == 422 and refused.json()["detail"][0]["loc"] == ["body", "data", "count"]
    assert _region(client)["total"] == before["total"]


def test_a_newer_facility_figure_adds_to_the_region(client, registry) -> None:  # noqa: ANN001
    story = Story(client, "004", published="2020-07-06")
    _accept_region(story)
    answer = client.post("/api/beds", json={"facility": "mng-regional-hospital", "bed_type": "provisional",
                                            "as_of": "2020-07-09", "capacity": 650, "occupied": 300})
    assert answer.status_code == 201, answer.text
    region = _region(client)
    assert region["by_type"]["provisional"]["capacity"] == 1346 + 650
