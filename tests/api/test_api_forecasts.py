"""Forecast endpoints drive the same model object for one region and for all."""

from __future__ import annotations

from builders import make_beds, make_facility, make_region, mangystau


def _two_regions(session) -> None:  # noqa: ANN001
    mangystau(session)
    from surgeops.services import crud, regions
    from surgeops.domain.regions import RegionUpdate
    from builders import TESTER

    crud.update(session, regions.RESOURCE, "KZ-47", RegionUpdate(population=700_000), expected_version=1, actor=TESTER)
    make_region(session, code="KZ-15", level="region", names={"en": "Aktobe"}, population=900_000)
    make_facility(session, key="tight", region="KZ-47-AKT")
    make_facility(session, key="roomy", region="KZ-15")
    make_beds(session, facility="tight", capacity=100, occupied=95, reserve=200)
    make_beds(session, facility="roomy", capacity=1000, occupied=20)


def test_exhaustion_sorts_regions_by_days_left(client, session) -> None:  # noqa: ANN001
    _two_regions(session)
    body = client.get("/api/forecast/exhaustion", params={"horizon": 90}).json()
    assert body["as_of"] == "2020-07-06"
    codes = [r["region"] for r in body["regions"]]
    assert codes[0] == "KZ-47"
    tight = body["regions"][0]
    assert tight["days_left"] is not None and tight["days_left"] < 30
    assert tight["days_left_with_reserves"] > tight["days_left"]
    assert tight["open_reserves_in_days"] == tight["days_left"] - 3


def test_region_forecast_has_a_band_around_the_central_curve(client, session) -> None:  # noqa: ANN001
    _two_regions(session)
    body = client.get("/api/regions/KZ-47/forecast", params={"horizon": 30, "lead_time": 5}).json()
    assert len(body["days"]) == 31 and body["days"][0] == "2020-07-06"
    total = body["total"]
    assert total["central"][0] == 95.0
    assert all(lo <= c + 1e-6 and c <= hi + 1e-6 for lo, c, hi in zip(total["low"], total["central"], total["high"]))
    assert body["open_reserves_in_days"] == body["days_left"] - 5
    assert set(body["by_type"]) >= {"infectious"}


def test_bad_forecast_requests_are_clear(client, session) -> None:  # noqa: ANN001
    _two_regions(session)
    assert client.get("/api/regions/KZ-99/forecast").status_code == 404
    bad = client.get("/api/forecast/exhaustion", params={"horizon": 0})
    assert bad.status_code == 422 and "horizon" in bad.text
    empty = client.get("/api/regions/KZ/forecast")
    assert empty.status_code == 422 and "nothing to forecast" in empty.text


def test_region_forecast_shows_calibrated_intervals_its_skill_and_where_scenarios_begin(client, session) -> None:  # noqa: ANN001
    from surgeops.forecast.skill import product_skill

    _two_regions(session)
    body = client.get("/api/regions/KZ-47/forecast", params={"horizon": 30}).json()
    central, iv = body["total"]["central"], body["intervals"]
    assert set(iv) == {"low_95", "low_50", "high_50", "high_95"} and all(len(v) == 31 for v in iv.values())
    assert iv["low_95"][0] == iv["high_95"][0] == central[0]  # day 0 is known
    assert all(a <= b <= c + 1e-6 <= d + 2e-6 for a, b, c, d in
               zip(iv["low_95"][1:], iv["low_50"][1:], iv["high_50"][1:], iv["high_95"][1:]))
    assert iv["high_95"][7] - iv["low_95"][7] > iv["high_95"][1] - iv["low_95"][1] > 0  # wider further ahead
    shown = product_skill().forecast_days()
    assert 0 < shown < 30 and body["forecast_days"] == shown
    assert body["scenario_from"] == f"2020-07-{6 + shown + 1:02d}"
    skill = body["skill"]
    assert skill["model"] == "chime" and skill["horizons"][0]["horizon"] == 1
    assert all(h["relative_wis"] < 1 for h in skill["horizons"][:shown])
    assert skill["horizons"][shown]["relative_wis"] >= 1
