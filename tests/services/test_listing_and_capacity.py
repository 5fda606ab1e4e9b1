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
    assert now["total"] == {"capacity": 170, "occupied": 55, "free": 115, "held": 0, "arrived": 0, "reserve": 5,
                            "occupancy_pct": 32.4}
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


def test_capacity_as_of_a_date_takes_the_newest_earlier_snapshot_of_each_facility_and_type(tree: Session) -> None:
    """Long histories, entered out of date order, with gaps and several bed types: the figures
    as of any day are those of each facility's and type's newest snapshot on or before it,
    whether asked for alone, with the history, or facility by facility."""
    start = dt.date(2020, 7, 1)
    days = {("h-47", "infectious"): range(0, 60), ("h-47", "icu"): range(0, 60, 7),
            ("h-47a", "infectious"): range(20, 45), ("h-47a", "oxygen"): range(50, 51), ("h-55", "infectious"): range(0, 60)}
    stored = []
    for (facility, bed_type), span in days.items():
        for d in sorted(span, key=lambda d: (d * 37) % 61):  # ids not in date order
            row = {"facility": facility, "bed_type": bed_type, "as_of": start + dt.timedelta(days=d),
                   "capacity": 100 + d + len(bed_type), "occupied": d, "reserve": d % 3}
            make_beds(tree, **row)
            stored.append(row)

    def expected(region_keys: set[str], day: dt.date) -> dict[tuple[str, str], dict]:
        newest: dict[tuple[str, str], dict] = {}
        for row in stored:
            pair = (row["facility"], row["bed_type"])
            if row["facility"] in region_keys and row["as_of"] <= day and (pair not in newest or row["as_of"] > newest[pair]["as_of"]):
                newest[pair] = row
        return newest

    for offset in (0, 5, 19, 20, 33, 49, 50, 59, 80):
        day = start + dt.timedelta(days=offset)
        want = expected({"h-47", "h-47a"}, day)
        got = capacity.region_capacity(tree, "KZ-47", as_of=day, history=False)
        assert got["total"]["capacity"] == sum(r["capacity"] for r in want.values())
        assert got["total"]["occupied"] == sum(r["occupied"] for r in want.values())
        assert got["total"]["reserve"] == sum(r["reserve"] for r in want.values())
        assert {t: f["capacity"] for t, f in got["by_type"].items()} == {
            t: sum(r["capacity"] for (_, bt), r in want.items() if bt == t) for t in {bt for _, bt in want}}
        assert got["facilities_reporting"] == len({f for f, _ in want})
        assert got["as_of"] == max(r["as_of"] for r in want.values())
        with_history = capacity.region_capacity(tree, "KZ-47", as_of=day, history=True)
        assert {k: with_history[k] for k in got if k != "history"} == {k: v for k, v in got.items() if k != "history"}
        assert with_history["history"][-1]["date"] == with_history["as_of"]
        latest = capacity.latest_by_facility(tree, day)
        everywhere = expected({"h-47", "h-47a", "h-55"}, day)
        assert {(f, t): s.as_of for f, by_type in latest.items() for t, s in by_type.items()} == {
            pair: r["as_of"] for pair, r in everywhere.items()}
        assert all(latest[f][t].capacity == r["capacity"] for (f, t), r in everywhere.items())
    now = capacity.region_capacity(tree, "KZ-47", history=False)
    assert now == capacity.region_capacity(tree, "KZ-47", as_of=start + dt.timedelta(days=80), history=False)
    assert now["by_type"]["oxygen"]["capacity"] == 100 + 50 + len("oxygen")
    assert {(f, t): s.as_of for f, by_type in capacity.latest_by_facility(tree).items() for t, s in by_type.items()} == {
        pair: start + dt.timedelta(days=max(span)) for pair, span in days.items()}
