"""Reporting completeness: who has not reported beds on a day, since when; pools and labs excluded."""

from __future__ import annotations

import datetime as dt

import pytest

from builders import make_beds, make_facility, make_region, mangystau
from surgeops.domain.errors import NotFound
from surgeops.services.completeness import missing_reports

DAY = dt.date(2020, 7, 6)


def _world(session) -> None:  # noqa: ANN001
    mangystau(session)
    make_region(session, code="KZ-75", level="region", names={"en": "Almaty"})
    make_facility(session, key="today", region="KZ-47-AKT")
    make_facility(session, key="stale", region="KZ-47-AKT")
    make_facility(session, key="silent", region="KZ-47-AKT")
    make_facility(session, key="future", region="KZ-47")
    make_facility(session, key="lab", region="KZ-47-AKT", kind="laboratory")
    make_facility(session, key="pool", region="KZ-47", kind="regional_pool")
    make_facility(session, key="almaty", region="KZ-75")
    make_beds(session, facility="today", as_of=DAY)
    make_beds(session, facility="stale", as_of=DAY - dt.timedelta(days=4))
    make_beds(session, facility="future", as_of=DAY + dt.timedelta(days=1))
    make_beds(session, facility="almaty", as_of=DAY)


def test_missing_facilities_per_region_with_their_last_report(session) -> None:  # noqa: ANN001
    _world(session)
    data = missing_reports(session, DAY, region="KZ-47")
    by_region = {r["region"]: r for r in data["regions"]}
    assert set(by_region) == {"KZ-47", "KZ-47-AKT"}
    akt = by_region["KZ-47-AKT"]
    assert (akt["expected"], akt["reported"]) == (3, 1)
    assert [(m["facility"], m["last_reported"], m["days_silent"]) for m in akt["missing"]] == [
        ("silent", "never", None), ("stale", "2020-07-02", 4)]
    assert by_region["KZ-47"]["missing"][0]["last_reported"] == "never"  # a later report does not count
    assert (data["expected"], data["reported"]) == (4, 1)


def test_all_regions_and_unknown_region(session) -> None:  # noqa: ANN001
    _world(session)
    data = missing_reports(session, DAY)
    assert {r["region"] for r in data["regions"]} == {"KZ-47", "KZ-47-AKT", "KZ-75"}
    assert next(r for r in data["regions"] if r["region"] == "KZ-75")["missing"] == []
    with pytest.raises(NotFound):
        missing_reports(session, DAY, region="XX")
