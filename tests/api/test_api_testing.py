"""The testing chain through the API: CSV and JSON events, refusals that store nothing,
and turnaround statistics against a hand-computed example."""

from __future__ import annotations

import pytest

CSV = """sample_id,event,at,place
S1,declared,2021-08-01T08:00:00+07:00,Bac Giang clinic
S1,sampled,2021-08-01T09:00:00+07:00,Bac Giang clinic
S1,in_transport,2021-08-01T10:00:00+07:00,courier
S1,received,2021-08-01T12:00:00+07:00,lab-A
S1,positive,2021-08-01T18:00:00+07:00,lab-A
S2,negative,2021-08-01T17:30:00+07:00,lab-A
S2,received,2021-08-01T13:30:00+07:00,lab-A
S2,in_transport,2021-08-01T11:30:00+07:00,courier
S2,sampled,2021-08-01T11:00:00+07:00,clinic
S2,declared,2021-08-01T08:00:00+07:00,clinic
S3,declared,2021-08-01T09:00,clinic
S3,sampled,2021-08-01T10:00,clinic
S3,in_transport,2021-08-01T12:00,courier
S3,received,2021-08-01T13:00,lab-B
S3,rejected,2021-08-01T23:00,lab-B
"""


def _event(sample: str, event: str, hhmm: str, place: str = "clinic") -> dict:
    return {"sample_id": sample, "event": event, "at": f"2021-08-01T{hhmm}:00+07:00", "place": place}


S4 = [_event("S4", "declared", "09:00"), _event("S4", "sampled", "09:30"),
      _event("S4", "in_transport", "10:30", "courier"), _event("S4", "received", "11:30", "lab-B")]


def _load(client) -> None:  # noqa: ANN001
    imported = client.post("/api/testing/import?tz=%2B07:00", content=CSV, headers={"Content-Type": "text/csv"})
    assert imported.status_code == 201, imported.text
    assert imported.json() == {"samples": 3, "new_samples": 3, "events": 15}
    batch = client.post("/api/testing/events", json={"events": S4})
    assert batch.status_code == 201, batch.text
    one = client.post("/api/testing/events", json=_event("S5", "declared", "10:00"))
    assert one.status_code == 201 and one.json()["new_samples"] == 1


def _stats(table: dict) -> dict:
    return {s["interval"]: (s["count"], s["median_hours"], s["p90_hours"]) for s in table["intervals"]}


def test_turnaround_matches_the_hand_computed_example(client) -> None:  # noqa: ANN001
    _load(client)
    data = client.get("/api/testing/turnaround", params={"as_of": "2021-08-01T20:00:00+07:00"}).json()
    assert data["samples"] == 5
    # numpy 'linear' percentiles: position (n - 1) p / 100, interpolated.
    assert _stats(data["overall"]) == {
        "declared_to_sampled": (4, 1.0, pytest.approx(2.4)),            # 0.5 1 1 3
        "sampled_to_in_transport": (4, 1.0, pytest.approx(1.7)),        # 0.5 1 1 2
        "in_transport_to_received": (4, 1.5, pytest.approx(2.0)),       # 1 1 2 2
        "received_to_result": (3, 6.0, pytest.approx(9.2)),             # 4 6 10
        "end_to_end": (3, 10.0, pytest.approx(13.2)),                   # 9.5 10 14
    }
    assert data["overall"]["slowest_step"] == "received_to_result"
    lab_a = _stats(data["by_lab"]["lab-A"])
    assert lab_a["declared_to_sampled"] == (2, 2.0, pytest.approx(2.8))  # 1 3
    assert lab_a["received_to_result"] == (2, 5.0, pytest.approx(5.8))   # 4 6
    lab_b = _stats(data["by_lab"]["lab-B"])
    assert lab_b["received_to_result"] == (1, 10.0, 10.0)
    assert lab_b["declared_to_sampled"] == (2, 0.75, pytest.approx(0.95))
    assert data["backlog"] == [
        {"lab": "lab-A", "waiting": 0, "oldest_received": None},
        {"lab": "lab-B", "waiting": 2, "oldest_received": "2021-08-01T04:30:00+00:00"},
    ]
    only_b = client.get("/api/testing/turnaround", params={"lab": "lab-B", "as_of": "2021-08-02T00:00:00+07:00"}).json()
    assert list(only_b["by_lab"]) == ["lab-B"] and only_b["samples"] == 2
    assert only_b["backlog"] == [{"lab": "lab-B", "waiting": 1, "oldest_received": "2021-08-01T04:30:00+00:00"}]


def test_an_out_of_order_event_rejects_the_whole_batch(client) -> None:  # noqa: ANN001
    _load(client)
    batch = [_event("S6", "declared", "07:00"), _event("S6", "sampled", "07:30"),
             _event("S5", "positive", "21:00", "lab-A")]
    refused = client.post("/api/testing/events", json={"events": batch})
    assert refused.status_code == 422
    detail = refused.json()["detail"][0]
    assert detail["loc"] == ["body", "events", 2]
    assert detail["msg"] == "sample S5: positive before any sampled event"
    earlier = client.post("/api/testing/events", json=_event("S4", "negative", "11:00", "lab-B"))
    assert earlier.status_code == 422
    assert "sample S4: negative at 2021-08-01T11:00:00+07:00 is earlier than received" in earlier.json()["detail"][0]["msg"]
    data = client.get("/api/testing/turnaround").json()
    assert data["samples"] == 5  # S6 was not stored
    assert _stats(data["overall"])["received_to_result"][0] == 3


def test_resending_stored_events_changes_nothing(client) -> None:  # noqa: ANN001
    _load(client)
    again = client.post("/api/testing/events", json={"events": S4})
    assert again.status_code == 201 and again.json()["new_samples"] == 0
    assert client.get("/api/testing/turnaround").json()["samples"] == 5


BAD_FILES = [
    ("sample_id,event,at,place\nX,declared,yesterday,clinic\n", ["body", "row", 2, "at"],
     "row 2, column 'at': 'yesterday' is not an ISO 8601 date-time"),
    ("sample_id,event,at,place\nX,declared,2021-08-01T08:00+07:00,c\nX,swabbed,2021-08-01T09:00+07:00,c\n",
     ["body", "row", 3, "event"], "row 3, column 'event': 'swabbed' is not one of"),
    ("sample_id,at,place\n", ["body", "row", 1, "event"], "row 1, column 'event': missing from the header"),
    ("sample_id,event,at,place\nX,received,2021-08-01T08:00+07:00,lab\n", ["body", "row", 2],
     "sample X: received (row 2) before any declared event"),
    ("sample_id,event,at,place\n" + "X" * 81 + ",declared,2021-08-01T08:00+07:00,c\n", ["body", "row", 2, "sample_id"],
     "at most 80 characters"),
]


def test_a_bad_csv_names_row_and_column_and_stores_nothing(client) -> None:  # noqa: ANN001
    for text, loc, message in BAD_FILES:
        response = client.post("/api/testing/import", content=text, headers={"Content-Type": "text/csv"})
        assert response.status_code == 422, response.text
        detail = response.json()["detail"][0]
        assert detail["loc"] == loc and detail["msg"].startswith(message), detail
    assert client.get("/api/testing/turnaround").json()["samples"] == 0


def test_times_without_offset_need_a_zone(client) -> None:  # noqa: ANN001
    response = client.post("/api/testing/import", content=CSV, headers={"Content-Type": "text/csv"})
    assert response.status_code == 422
    assert "row 12, column 'at'" in response.json()["detail"][0]["msg"]
    bad_zone = client.post("/api/testing/import?tz=Mars/Olympus", content=CSV, headers={"Content-Type": "text/csv"})
    assert bad_zone.status_code == 422 and bad_zone.json()["detail"][0]["loc"] == ["body", "tz"]
