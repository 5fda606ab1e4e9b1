"""Seed reports 000 to 003: teams and supplies sent between regions. Each report is
submitted with its publication date, one fact is corrected as a reviewer would (the text
says more than the extractor read), and afterwards the teams are listed in the region
they went to, dated as the report is, with the specialties the report names."""

from __future__ import annotations

from typing import Any

from .conftest import Story


def _teams(client: Any, region: str) -> list[dict[str, Any]]:
    answer = client.get("/api/deployments", params={"region": region})
    assert answer.status_code == 200, answer.text
    return answer.json()["items"]


def _starts(team: dict[str, Any]) -> list[str]:
    return [stay["start"] for stay in team["destinations"]]


def test_000_moscow_team_in_almaty(client, registry) -> None:  # noqa: ANN001
    story = Story(client, "000", published="2020-07-14")
    fact = story.fact("deployment", team_size=23)
    story.review(fact, "correct", {"lead": "Алексей Токарев"})  # the extractor kept the genitive "Алексея Токарева"
    (team,) = _teams(client, "KZ-75")
    assert team["team_size"] == 23 and team["origin_region"] == "RU-MOW"
    assert team["lead"] == "Алексей Токарев"
    assert _starts(team) == ["2020-07-14"]  # the report names no day: its publication date, not today
    assert {"infectious_disease", "epidemiologist", "anesthesiologist", "cardiologist", "pulmonologist"} <= set(team["composition"])
    assert team["source_report"] == story.report["id"]
    assert _teams(client, "KZ-71") == []


def test_001_russian_team_in_nur_sultan(client, registry) -> None:  # noqa: ANN001
    story = Story(client, "001", published="2020-07-06")
    fact = story.fact("deployment", team_size=32)
    story.review(fact, "correct", {"lead": "Олег Гриднев"})  # Kazakh genitive "Гридневтің" in the text
    (team,) = _teams(client, "KZ-71")
    assert team["origin_region"] == "RU" and team["lead"] == "Олег Гриднев"
    assert _starts(team) == ["2020-07-06"] and team["end_date"] is None  # open-ended stay
    assert {"epidemiologist", "virologist", "resuscitator"} <= set(team["composition"])


def test_002_bach_mai_team_in_an_giang(client, registry) -> None:  # noqa: ANN001
    story = Story(client, "002", published="2021-12-05")
    fact = story.fact("deployment", destination="An Giang")
    # "Ngày 5-12" under a 05/12/2021 dateline: the fact's day is in 2021; the deputy director and 12 medics make 13
    story.review(fact, "correct", {"date": "2021-12-05", "team_size": 13})
    (team,) = _teams(client, "VN-44")
    assert team["team_size"] == 13 and team["origin_region"] == "VN-HN"
    assert team["lead"] == "Đào Xuân Cơ"
    assert _starts(team) == ["2021-12-05"]


def test_003_thai_nguyen_team_and_supplies_in_bac_giang(client, registry) -> None:  # noqa: ANN001
    story = Story(client, "003", published="2021-05-18")
    story.review(story.fact("deployment", team_size=51), "correct", {"date": "2021-05-18"})  # "Sáng 18/5": the send-off
    story.review(story.fact("supply", item="ambulance"), "reject")
    story.accept_rest()
    (team,) = _teams(client, "VN-54")
    assert team["origin_region"] == "VN-69" and team["team_size"] == 51
    assert _starts(team) == ["2021-05-18"]
    assert {"physician", "nurse", "technician"} <= set(team["composition"])
    shipments = client.get("/api/shipments", params={"region": "VN-54"}).json()["items"]
    assert sorted((s["item"], s["quantity"]) for s in shipments) == [("mask", 25500), ("rapid_antigen_test", 600)]
    assert {s["shipped"] for s in shipments} == {"2021-05-18"}
    assert {s["source_report"] for s in shipments} == {story.report["id"]}
