"""Transfers: the workflow, the bed held by an acceptance, over-capacity acceptances, and
two acceptances racing for the last free ICU bed over real concurrent connections."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import select

from builders import make_beds, make_facility, mangystau
from surgeops.db.tables import AuditEntry, Transfer
from surgeops.domain.errors import Conflict
from surgeops.services import transfers
from surgeops.services.audit import Actor
from surgeops.services.transfers import StatusChange, TransferCreate

NURSE = Actor("nurse")


def _world(session, *, icu_free: int = 1) -> None:  # noqa: ANN001
    mangystau(session)
    make_facility(session, key="sender", services=["therapy"])
    make_facility(session, key="icu-hosp", services=["intensive_care"])
    make_beds(session, facility="icu-hosp", bed_type="icu", capacity=6, occupied=6 - icu_free)


def _request(session, patient: str = "P-1", **overrides) -> dict:  # noqa: ANN001
    values = {"patient_ref": patient, "from_facility": "sender", "to_facility": "icu-hosp", "bed_type": "icu", "urgency": "emergency"}
    values.update(overrides)
    return transfers.create(session, TransferCreate.model_validate(values), actor=NURSE)


def _move(session, transfer_id: int, status: str, **extra) -> dict:  # noqa: ANN001
    return transfers.change_status(session, transfer_id, StatusChange(status=status, **extra), actor=NURSE)


def test_a_transfer_walks_the_workflow_and_keeps_its_history(session) -> None:  # noqa: ANN001
    _world(session, icu_free=2)
    t = _request(session)
    assert t["status"] == "requested"
    for status in ("accepted", "in_transport", "arrived"):
        t = _move(session, t["id"], status)
    assert [h["status"] for h in t["history"]] == ["requested", "accepted", "in_transport", "arrived"]
    assert all(h["by"] == "nurse" and h["at"] for h in t["history"])
    assert t["history"][1]["free_beds_before"] == 2 and not t["accepted_over_capacity"]
    with pytest.raises(Conflict, match="a transfer that is arrived is final; it cannot become cancelled"):
        _move(session, t["id"], "cancelled")


def test_an_invalid_move_is_refused_and_changes_nothing(session) -> None:  # noqa: ANN001
    _world(session)
    t = _request(session)
    with pytest.raises(Conflict, match="requested cannot become arrived; it can become accepted or cancelled or declined"):
        _move(session, t["id"], "arrived")
    assert transfers.get(session, t["id"], actor=NURSE)["status"] == "requested"


def test_accepted_transfers_hold_beds_until_they_arrive(session) -> None:  # noqa: ANN001
    _world(session, icu_free=1)
    first, second = _request(session, "P-1"), _request(session, "P-2")
    _move(session, first["id"], "accepted")
    assert transfers.free_beds(session, "icu-hosp", "icu")["free"] == 0
    with pytest.raises(Conflict, match="no free icu bed at icu-hosp .*1 held by accepted transfers.*over_capacity"):
        _move(session, second["id"], "accepted")
    _move(session, first["id"], "cancelled")
    assert _move(session, second["id"], "accepted")["status"] == "accepted"


def test_over_capacity_acceptance_is_flagged_and_audited(session) -> None:  # noqa: ANN001
    _world(session, icu_free=0)
    t = _request(session)
    accepted = _move(session, t["id"], "accepted", over_capacity=True, note="a bed freed this morning")
    assert accepted["accepted_over_capacity"] is True
    assert accepted["history"][-1]["over_capacity"] is True and accepted["history"][-1]["note"] == "a bed freed this morning"
    entry = session.scalars(select(AuditEntry).where(AuditEntry.entity == "transfer").order_by(AuditEntry.id.desc())).first()
    assert entry.actor == "nurse" and entry.after["accepted_over_capacity"] is True and entry.before["status"] == "requested"


def test_two_acceptances_race_for_the_last_icu_bed_and_exactly_one_wins(db, monkeypatch) -> None:  # noqa: ANN001
    with db.session() as session:
        _world(session, icu_free=1)
        ids = [_request(session, "P-1")["id"], _request(session, "P-2")["id"]]
    counted = transfers._count

    def slow_count(session, facility, bed_type):  # noqa: ANN001, ANN202
        # Without a lock both callers would count the one free bed before either writes.
        result = counted(session, facility, bed_type)
        time.sleep(0.3)
        return result

    monkeypatch.setattr(transfers, "_count", slow_count)
    barrier, outcomes = threading.Barrier(2), {}

    def accept(transfer_id: int) -> None:
        with db.session() as own:  # its own connection
            barrier.wait(timeout=10)
            try:
                outcomes[transfer_id] = _move(own, transfer_id, "accepted")["status"]
            except Exception as exc:  # noqa: BLE001 - the test reports whatever happened
                outcomes[transfer_id] = f"{type(exc).__name__}: {exc}"

    threads = [threading.Thread(target=accept, args=(i,)) for i in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    results = sorted(outcomes.values())
    assert len(results) == 2 and results[1] == "accepted", results
    assert results[0].startswith("Conflict: no free icu bed at icu-hosp"), results
    with db.session() as session:
        statuses = sorted(session.scalars(select(Transfer.status)))
    assert statuses == ["accepted", "requested"]


def test_a_change_made_elsewhere_is_seen_not_overwritten(db) -> None:  # noqa: ANN001
    with db.session() as mine, db.session() as theirs:
        _world(mine, icu_free=2)
        t = _request(mine)
        held = mine.get(Transfer, t["id"])  # the row now sits in `mine`, as it was read
        assert held.status == "requested"
        _move(theirs, t["id"], "declined")
        with pytest.raises(Conflict, match="a transfer that is declined is final"):
            _move(mine, t["id"], "accepted")
