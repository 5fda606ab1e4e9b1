"""Finding 5 of issue 17, the last bed twice: a patient who arrived by transfer keeps their
bed until the facility reports again. Every reader of free beds (transfer acceptance,
routing, a region's capacity, the overview, the forecasts) counts the same ledger:
free = capacity - occupied - held - arrived since the report, never below 0."""

from __future__ import annotations

import datetime as dt

import pytest

from builders import make_beds, make_facility, mangystau
from surgeops.domain.errors import Conflict
from surgeops.services import capacity, crud, forecasts, regions, routing, transfers
from surgeops.services.audit import Actor
from surgeops.services.transfers import StatusChange, TransferCreate
from surgeops.web.pages import queries

NURSE = Actor("nurse")
TODAY = dt.datetime.now(dt.timezone.utc)


def _world(session) -> None:  # noqa: ANN001
    mangystau(session)
    make_facility(session, key="sender", region="KZ-47-AKT", services=["therapy"])
    make_facility(session, key="icu-hosp", region="KZ-47-AKT", services=["intensive_care"])
    make_beds(session, facility="icu-hosp", bed_type="icu", capacity=6, occupied=5)  # one free bed


def _transfer(session, patient: str) -> dict:  # noqa: ANN001
    return transfers.create(session, TransferCreate(patient_ref=patient, from_facility="sender", to_facility="icu-hosp",
                                                    bed_type="icu"), actor=NURSE)


def _move(session, transfer_id: int, *statuses: str) -> None:  # noqa: ANN001
    for status in statuses:
        transfers.change_status(session, transfer_id, StatusChange(status=status), actor=NURSE)


def _free_everywhere(session) -> dict[str, int]:  # noqa: ANN001
    snapshots = {s.id: s for s in routing.facility_snapshots(session, TODAY)}
    region = capacity.region_capacity(session, "KZ-47", history=False)
    overview = next(r for r in queries.region_beds(session) if r.region.code == "KZ-47")
    return {
        "transfer": transfers.free_beds(session, "icu-hosp", "icu")["free"],
        "routing": snapshots["icu-hosp"].free_beds["icu"],
        "region": region["by_type"]["icu"]["free"],
        "overview": overview.by_type["icu"].free,
    }


def test_an_arrived_patient_keeps_the_last_bed_until_the_next_report(session) -> None:  # noqa: ANN001
    _world(session)
    first = _transfer(session, "P-1")
    _move(session, first["id"], "accepted", "in_transport", "arrived")
    assert _free_everywhere(session) == {"transfer": 0, "routing": 0, "region": 0, "overview": 0}
    second = _transfer(session, "P-2")
    with pytest.raises(Conflict, match="no free icu bed at icu-hosp .*1 arrived since that report"):
        _move(session, second["id"], "accepted")
    region = capacity.region_capacity(session, "KZ-47", history=False)["by_type"]["icu"]
    assert (region["held"], region["arrived"], region["occupied"]) == (0, 1, 5)

    # The facility reports again (the patient is now in its figure, one bed freed): the new
    # report supersedes the arrival.
    make_beds(session, facility="icu-hosp", bed_type="icu", as_of=dt.date.today(), capacity=6, occupied=5)
    assert _free_everywhere(session) == {"transfer": 1, "routing": 1, "region": 1, "overview": 1}
    _move(session, second["id"], "accepted")
    assert _free_everywhere(session) == {"transfer": 0, "routing": 0, "region": 0, "overview": 0}


def test_the_forecast_census_counts_held_and_arrived_beds(session) -> None:  # noqa: ANN001
    _world(session)
    row = crud.get(session, regions.RESOURCE, "KZ-47")  # a forecast needs the region's population
    crud.update(session, regions.RESOURCE, "KZ-47", regions.RESOURCE.update(population=700000),
                expected_version=row["version"], actor=NURSE)
    day = dt.date(2020, 7, 6)
    before = next(i for i in forecasts.region_inputs(session, day) if i.code == "KZ-47")
    first = _transfer(session, "P-1")
    _move(session, first["id"], "accepted", "in_transport", "arrived")
    after = next(i for i in forecasts.region_inputs(session, day) if i.code == "KZ-47")
    assert before.census["icu"] == 5 and after.census["icu"] == 6 == after.open_beds["icu"]


def test_over_the_api_the_second_transfer_for_the_last_bed_is_refused(client, session) -> None:  # noqa: ANN001
    _world(session)
    ids = [client.post("/api/transfers", json={"patient_ref": p, "from_facility": "sender", "to_facility": "icu-hosp",
                                               "bed_type": "icu"}).json()["id"] for p in ("P-1", "P-2")]
    for status in ("accepted", "in_transport", "arrived"):
        assert client.post(f"/api/transfers/{ids[0]}/status", json={"status": status}).status_code == 200
    refused = client.post(f"/api/transfers/{ids[1]}/status", json={"status": "accepted"})
    assert refused.status_code == 409 and "1 arrived since that report" in refused.json()["detail"]
    icu = client.get("/api/regions/KZ-47/capacity?history=false").json()["by_type"]["icu"]
    assert (icu["free"], icu["arrived"]) == (0, 1)
    route = client.post("/api/route", json={"region": "KZ-47", "service": "intensive_care", "bed_type": "icu"}).json()
    assert route["candidates"] == [] and route["excluded"][0]["code"] == "no_free_beds"


def test_a_change_of_the_reserve_alone_does_not_free_an_arrived_patients_bed(session) -> None:  # noqa: ANN001
    """Found by review: a PATCH of the reserve (or the beds) states no occupancy, so the
    patient who arrived since the report still holds the bed; stating the occupancy does
    supersede the arrival."""
    from surgeops.domain.capacity import BedSnapshotUpdate
    from surgeops.db.tables import BedSnapshot

    _world(session)
    first = _transfer(session, "P-1")
    _move(session, first["id"], "accepted", "in_transport", "arrived")
    snap = session.query(BedSnapshot).filter_by(facility="icu-hosp", bed_type="icu").one()
    crud.update(session, capacity.RESOURCE, snap.id, BedSnapshotUpdate(reserve=4), expected_version=snap.version, actor=NURSE)
    assert transfers.free_beds(session, "icu-hosp", "icu")["free"] == 0
    second = _transfer(session, "P-2")
    with pytest.raises(Conflict):
        _move(session, second["id"], "accepted")
    session.refresh(snap)
    crud.update(session, capacity.RESOURCE, snap.id, BedSnapshotUpdate(occupied=6), expected_version=snap.version, actor=NURSE)
    assert transfers.free_beds(session, "icu-hosp", "icu")["free"] == 0  # the report now counts the patient itself
