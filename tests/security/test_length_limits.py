"""Issue 18 item 13: no length limits on text. A 2,000,000-character facility name was
stored and sent in every listing. Every text of every request model now has a maximum
length and every list a maximum number of entries (domain/base.py: Name, Label, Term,
Text, Note, Items), documented in the OpenAPI schema as maxLength and maxItems; a longer
one is a 422 naming the field, and nothing is stored."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from security_client import csrf_of
from sqlalchemy import func, select

from builders import TESTER, make_facility, mangystau
from surgeops.db.tables import AuditEntry, Deployment, Facility, Shipment
from surgeops.domain.supplies import ShipmentCreate
from surgeops.services import crud, supplies

HUGE = "x" * 2_000_000
# Request bodies that are files, bounded by the setting max_upload_bytes (413 past four times it).
FILES = {"POST /api/imports/edxl-have", "POST /api/imports/fhir", "POST /api/imports/{kind}.hxl.csv", "POST /api/reports.text",
         "POST /api/testing/import"}


def _unbounded(schema: dict[str, Any], where: str, defs: dict[str, Any], seen: frozenset[str] = frozenset()) -> list[str]:
    """Where `schema` accepts a text without maxLength, a list without maxItems or an open
    object without maxProperties."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return [] if name in seen else _unbounded(defs[name], where, defs, seen | {name})
    found = [f for key in ("anyOf", "oneOf", "allOf") for sub in schema.get(key, []) for f in _unbounded(sub, where, defs, seen)]
    kind = schema.get("type")
    if (kind == "string" and "maxLength" not in schema and "enum" not in schema and "const" not in schema
            and schema.get("format") not in ("date", "date-time")):
        found.append(where)
    if kind == "array":
        found += [] if "maxItems" in schema else [where]
        found += _unbounded(schema.get("items", {}), f"{where}[]", defs, seen)
    for name, sub in schema.get("properties", {}).items():
        found += _unbounded(sub, f"{where}.{name}", defs, seen)
    extra = schema.get("additionalProperties")
    if kind == "object" and "properties" not in schema and "maxProperties" not in schema:
        found.append(where)
    if isinstance(extra, dict):
        found += _unbounded(extra, f"{where}.*", defs, seen)
    return found


def test_every_text_and_list_of_every_request_body_has_a_documented_bound(raw_client: TestClient) -> None:
    spec = raw_client.get("/openapi.json").json()
    defs = spec["components"]["schemas"]
    unbounded = [where for path, operations in spec["paths"].items() for method, op in operations.items()
                 for content in op.get("requestBody", {}).get("content", {}).values()
                 for where in _unbounded(content.get("schema", {}), f"{method.upper()} {path}", defs)]
    assert sorted(set(unbounded) - FILES) == []
    names = defs["FacilityCreate"]["properties"]["names"]
    assert "maxLength" in str(defs[names["$ref"].rsplit("/", 1)[-1]]["properties"]["en"])


def _count(session, table) -> int:  # noqa: ANN001
    session.expire_all()
    return session.scalar(select(func.count()).select_from(table))


def _refused(response, field: str) -> None:  # noqa: ANN001
    assert response.status_code == 422, response.text[:300]
    locs = [".".join(map(str, e["loc"])) for e in response.json()["detail"]]
    assert any(field in loc for loc in locs), locs
    assert len(response.content) < 100_000  # the refusal does not send the text back in full


def test_a_2_000_000_character_facility_name_is_refused(raw_client: TestClient, session) -> None:  # noqa: ANN001
    mangystau(session)
    make_facility(session, key="aktau", region="KZ-47")
    audit_rows = _count(session, AuditEntry)
    _refused(raw_client.post("/api/facilities", json={"key": "big", "names": {"en": HUGE}, "kind": "clinic", "region": "KZ-47"}),
             "names.en")
    _refused(raw_client.patch("/api/facilities/aktau", json={"names": {"en": HUGE}}, headers={"If-Match": '"1"'}), "names.en")
    _refused(raw_client.patch("/api/facilities/aktau", json={"services": ["therapy"] * 201}, headers={"If-Match": '"1"'}), "services")
    assert _count(session, Facility) == 1 and _count(session, AuditEntry) == audit_rows
    assert raw_client.get("/api/facilities/aktau").json()["names"]["en"] == "Hospital 1"


@pytest.mark.parametrize(("change", "field"), [
    ({"note": "n" * 10_001}, "note"),
    ({"lead": "l" * 301}, "lead"),
    ({"subgroups": [{"name": "g", "task": "t" * 1001}]}, "subgroups.0.task"),
    ({"counterparts": [{"side": "origin", "name": "c", "role": "r" * 1001}]}, "counterparts.0.role"),
    ({"extensions": [{"date": "2020-07-20"}] * 201}, "extensions"),
])
def test_a_deployment_with_too_long_a_text_or_list_is_refused(raw_client: TestClient, session, change: dict, field: str) -> None:  # noqa: ANN001
    mangystau(session)
    team = {"origin": {"kind": "region", "name": "Mangystau", "region": "KZ-47"}, "team_size": 5,
            "destinations": [{"region": "KZ-47", "start": "2020-07-12"}]}
    _refused(raw_client.post("/api/deployments", json={**team, **change}), field)
    assert _count(session, Deployment) == 0


def test_a_long_note_from_the_dashboard_form_is_refused(raw_client: TestClient, session) -> None:  # noqa: ANN001
    mangystau(session)
    crud.create(session, supplies.RESOURCE, ShipmentCreate(origin_region="KZ-47", destination_region="KZ-47", item="mask",
                                                           quantity=100, status="in_transit"), actor=TESTER)
    token = csrf_of(raw_client, "/shipments/1/edit")
    response = raw_client.post("/shipments/1/edit", data={"version": "1", "quantity": "100", "status": "in_transit",
                                                           "note": "n" * 10_001, "csrf": token}, follow_redirects=False)
    assert response.status_code == 422
    assert session.scalar(select(Shipment.note).where(Shipment.id == 1)) is None


def test_a_csv_import_with_a_huge_name_is_refused_naming_the_row(raw_client: TestClient, session) -> None:  # noqa: ANN001
    mangystau(session)
    text = f"key,names.en,kind,region\nok,Fine,clinic,KZ-47\nbig,{'x' * 5000},clinic,KZ-47\n"
    hxl = "key,names.en,kind,region\n#loc+code,#loc+name+i_en,#loc+type,#adm1+code\n" + text.split("\n", 1)[1]
    response = raw_client.post("/api/imports/facilities.hxl.csv", content=hxl.encode(), headers={"Content-Type": "text/csv"})
    assert response.status_code in (400, 422), response.text[:300]
    assert "names" in response.text and len(response.content) < 10_000
    assert _count(session, Facility) == 0
