"""Issue 18 item 10 (shipment part): a shipment (or a team) created from an accepted fact
had `source_report` set after its audit row was written, so the audit trail said the
record came from no report; and a record already on file that a report named too was
linked to it with no audit row at all. The source report is now stored with the record
(`crud.create(..., extra=...)`) and a link is audited: every change's audit row holds what
is stored."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from builders import TESTER, make_region, mangystau
from surgeops.db.tables import AuditEntry
from surgeops.domain.supplies import ShipmentCreate
from surgeops.services import crud, supplies

DOCS = Path(__file__).resolve().parents[2].parent / "shared" / "fixtures" / "reports" / "docs"


def _report_003(client: TestClient, session) -> dict:  # noqa: ANN001
    path = next(DOCS.glob("003_*.txt"), None)
    if path is None:
        pytest.skip(f"the shared fixtures are not beside the repository ({DOCS})")
    mangystau(session)
    make_region(session, code="VN", level="country", names={"vi": "Việt Nam"})
    make_region(session, code="VN-54", level="region", parent="VN", names={"vi": "Bắc Giang"})
    make_region(session, code="VN-69", level="region", parent="VN", names={"vi": "Thái Nguyên"})
    return client.post("/api/reports", json={"text": path.read_text(encoding="utf-8"), "published": "2021-05-20"}).json()


def _last_after(session, entity: str, key: object) -> dict:  # noqa: ANN001
    session.expire_all()
    return session.scalars(select(AuditEntry.after).where(AuditEntry.entity == entity, AuditEntry.entity_id == str(key))
                           .order_by(AuditEntry.id.desc()).limit(1)).one()


def _moments(record: dict[str, Any]) -> dict[str, Any]:
    """The record with its timestamps as instants: SQLite gives back a UTC time without its
    offset, the audit row keeps it."""
    out = dict(record)
    for name in ("created_at", "updated_at"):
        if isinstance(out.get(name), str):
            moment = dt.datetime.fromisoformat(out[name])
            out[name] = moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)
    return out


@pytest.mark.parametrize(("fact_type", "path"), [("supply", "shipments"), ("deployment", "deployments")])
def test_a_record_made_from_a_fact_is_audited_as_stored(raw_client: TestClient, session, fact_type: str, path: str) -> None:  # noqa: ANN001
    report = _report_003(raw_client, session)
    fact = next(f for f in report["facts"] if f["type"] == fact_type)
    accepted = raw_client.post(f"/api/facts/{fact['id']}/review", json={"decision": "accept"})
    assert accepted.status_code == 200, accepted.text
    kind, key = accepted.json()["applied_to"].split(":")
    stored = raw_client.get(f"/api/{path}/{key}").json()
    assert stored["source_report"] == report["id"]
    assert _moments(_last_after(session, kind, key)) == _moments(stored)


def test_a_shipment_on_file_linked_to_a_report_is_audited(raw_client: TestClient, session) -> None:  # noqa: ANN001
    report = _report_003(raw_client, session)
    typed = crud.create(session, supplies.RESOURCE, ShipmentCreate(origin_region="VN-69", destination_region="VN-54", item="ambulance",
                                                                  quantity=2, status="in_transit"), actor=TESTER)
    fact = next(f for f in report["facts"] if f["type"] == "supply" and f["data"]["item"] == "ambulance")
    accepted = raw_client.post(f"/api/facts/{fact['id']}/review", json={"decision": "accept"})
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["applied_to"] == f"shipment:{typed['id']}"
    stored = raw_client.get(f"/api/shipments/{typed['id']}").json()
    assert stored["source_report"] == report["id"] and stored["version"] == 2
    assert _moments(_last_after(session, "shipment", typed["id"])) == _moments(stored)
