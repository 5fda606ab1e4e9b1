"""Listings and regional bed totals: the region filter reaches every level below, the total
counts every match whatever the page, and the capacity figures take each facility's newest
snapshot from the whole subtree."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from surgeops.domain.errors import NotFound
from surgeops.services import capacity, crud, facilities
from builders import make_beds, make_facility, make_region


@pytest.fixture
def tree(session: Session) -> Session:
    """KZ > KZ-47 > KZ-47-A (a district); KZ > KZ-55. One facility at each of the three lower levels."""
    make_region(session)
    make_region(session, code="KZ-47", level="region", names={"en": "Mangystau"})
    make_region(session, code="KZ-47-A", level="district", parent="KZ-47", names={"en": "Aktau"})
    make_region(session, code="KZ-55", level="region", names={"en": "Pavlodar"})
    make_facility(session, key="h-47", region="KZ-47")
    make_facility(session, key="h-47a", region="KZ-47-A")
    make_facility(session, key="h-55", region="KZ-55")
    return session


def test_region_filter_takes_the_subtree(tree: Session) -> None:
    items, total = crud.listing(tree, facilities.RESOURCE, {"region": "KZ-47"}, limit=50, offset=0)
    assert sorted(i["key"] for i in items) == ["h-47", "h-47a"] and total == 2
    items, total = crud.listing(tree, facilities.RESOURCE, {"region": "KZ"}, limit=50, offset=0)
    assert total == 3
    assert crud.listing(tree, facilities.RESOURCE, {"region": "KZ-99"}, limit=50, offset=0) == ([], 0)


def test_total_counts_every_match_whatever_the_page(tree: Session) -> None:
    items, total = crud.listing(tree, facilities.RESOURCE, {}, limit=2, offset=0)
    assert len(items) == 2 and total == 3
    items, total = crud.listing(tree, facilities.RESOURCE, {}, limit=2, offset=2)
    assert len(items) == 1 and total == 3
    items, total = crud.listing(tree, facilities.RESOURCE, {}, limit=2, offset=10)
    assert items == [] and total == 3


def test_listed_records_carry_every_visible_column(tree: Session) -> None:
    items, _ = crud.listing(tree, facilities.RESOURCE, {"region": "KZ-55"}, limit=50, offset=0)
    assert items == [crud.get(tree, facilities.RESOURCE, "h-55")]
    assert set(items[0]) >= {"id", "key", "version", "region", "names", "services", "created_at"}


def test_capacity_sums_the_newest_snapshot_of_each_facility_in_the_subtree(tree: Session) -> None:
    make_beds(tree, facility="h-47", as_of=dt.date(2020, 7, 1), capacity=100, occupied=10)
    make_beds(tree, facility="h-47", as_of=dt.date(2020, 7, 3), capacity=120, occupied=30)
    make_beds(tree, facility="h-47a", as_of=dt.date(2020, 7, 2), capacity=50, occupied=25, reserve=5)
    make_beds(tree, facility="h-55", as_of=dt.date(2020, 7, 2), capacity=999, occupied=999)
    now = capacity.region_capacity(tree, "KZ-47", history=False)
    assert now["total"] == {"capacity": 170, "occupied": 55, "free": 115, "reserve": 5, "occupancy_pct": 32.4}
    assert now["names"]["en"] == "Mangystau" and now["as_of"] == dt.date(2020, 7, 3)
    assert now["facilities_reporting"] == 2 and now["history"] == []
    full = capacity.region_capacity(tree, "KZ-47")
    assert [(d["date"], d["total"]["capacity"]) for d in full["history"]] == [
        (dt.date(2020, 7, 1), 100), (dt.date(2020, 7, 2), 150), (dt.date(2020, 7, 3), 170)]
    then = capacity.region_capacity(tree, "KZ-47", as_of=dt.date(2020, 7, 2), history=False)
    assert then["total"]["capacity"] == 150
    assert capacity.region_capacity(tree, "KZ-47-A", history=False)["total"]["capacity"] == 50


def test_capacity_of_an_unknown_region_is_not_found(tree: Session) -> None:
    with pytest.raises(NotFound):
        capacity.region_capacity(tree, "KZ-99")
