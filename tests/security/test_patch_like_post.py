"""Issue 18 item 9: PATCH is validated exactly as strictly as POST. The stored record with
the change applied is validated again by the kind's create model: what POST refuses,
PATCH refuses, with a 422 naming the field (never a 500), and nothing changes (same
version, no audit row)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from builders import make_beds, make_facility, mangystau

# (kind, what POST stores first, the change, the field the refusal names)
CASES = [
    ("beds", {"facility": "aktau", "bed_type": "icu", "as_of": "2020-07-06", "capacity": 20, "occupied": 5},
     {"capacity": 50_000_000}, "capacity"),
    ("beds", {"facility": "aktau", "bed_type": "icu", "as_of": "2020-07-06", "capacity": 20, "occupied": 5},
     {"capacity": None}, "capacity"),
    ("beds", {"facility": "aktau", "bed_type": "icu", "as_of": "2020-07-06", "capacity": 20, "occupied": 5},
     {"capacity": 4}, "occupied"),  # fine alone, but below the stored occupancy
    ("shipments", {"origin_region": "KZ", "destination_region": "KZ-47", "item": "mask", "quantity": 100, "shipped": "2020-07-06"},
     {"delivered": "2020-07-01"}, "delivered"),  # before the stored shipping day
    ("shipments", {"origin_region": "KZ", "destination_region": "KZ-47", "item": "mask", "quantity": 100},
     {"quantity": None}, "quantity"),
    ("conversions", {"facility": "aktau", "date": "2020-07-06", "new_kind": "provisional_hospital"},
     {"reroutes": [{"service": "trauma", "to": "aktau"}]}, "reroutes"),  # to the converted facility itself
    ("regions", {"code": "KZ-10", "level": "region", "parent": "KZ", "names": {"en": "Abai"}},
     {"names": None}, "names"),
]


@pytest.mark.parametrize(("kind", "record", "change", "field"), CASES)
def test_patch_refuses_what_post_refuses(client: TestClient, session: Session, kind: str, record: dict, change: dict,
                                         field: str) -> None:
    mangystau(session)
    make_facility(session, key="aktau", region="KZ-47-AKT")
    make_beds(session, facility="aktau", as_of="2020-07-05")
    created = client.post(f"/api/{kind}", json=record)
    assert created.status_code == 201, created.text
    key = created.json()["code"] if kind == "regions" else created.json()["id"]
    audit_before = client.get("/api/audit").json()
    response = client.patch(f"/api/{kind}/{key}", json=change, headers={"If-Match": created.headers["etag"]})
    assert response.status_code == 422, response.text
    assert any(field in [str(p) for p in err["loc"]] for err in response.json()["detail"]), response.text
    again = client.get(f"/api/{kind}/{key}")
    assert again.headers["etag"] == created.headers["etag"]
    assert again.json() == created.json()
    assert client.get("/api/audit").json() == audit_before
