"""The testing chain: CSV parsing, chain checks, turnaround percentiles and backlog."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from surgeops.domain.testing import (
    ChainError, CsvError, Outcome, SampleEvent, Step, backlog, build_chains, parse_events_csv,
    turnaround,
)

ICT = timezone(timedelta(hours=7))
T0 = datetime(2021, 5, 18, 0, 0, tzinfo=ICT)

# Step durations in hours per sample: declared->sampled, sampled->in_transport,
# in_transport->received, received->result. All samples are declared at T0.
DURATIONS = {
    "S1": ("LabA", [1, 2, 3, 4]),  # received at 6 h, result at 10 h
    "S2": ("LabA", [2, 1, 1, 6]),  # received at 4 h, result at 10 h
    "S3": ("LabA", [3, 1, 2, 8]),  # received at 6 h, result at 14 h
    "S4": ("LabB", [1, 4, 1, 2]),  # received at 6 h, result at 8 h
    "S5": ("LabB", [5, 1, 3]),     # received at 9 h, no result yet
    "S6": (None, [2]),             # sampled at 2 h, not yet sent
}
EVENTS = ("declared", "sampled", "in_transport", "received", "negative")


def csv_text() -> str:
    """The samples above as an export would write them (ISO 8601 with offsets)."""
    lines = ["sample_id,event,at,place"]
    for sample, (lab, steps) in DURATIONS.items():
        at = T0
        lines.append(f"{sample},declared,{at.isoformat()},Commune 1")
        for event, hours in zip(EVENTS[1:], steps):
            at += timedelta(hours=hours)
            place = lab if event in ("received", "negative") else "Commune 1"
            lines.append(f"{sample},{event},{at.isoformat()},{place}")
    return "\n".join(lines) + "\n"


def chains():
    return build_chains(parse_events_csv(csv_text()))


def test_parse_reads_every_event_with_its_row():
    events = parse_events_csv(csv_text())
    assert len(events) == 6 * 1 + 4 + 4 + 4 + 4 + 3 + 1
    first, second = events[0], events[1]
    assert (first.sample_id, first.step, first.at, first.row) == ("S1", Step.declared, T0, 2)
    assert second.at == T0 + timedelta(hours=1) and second.row == 3
    result = events[4]
    assert (result.step, result.outcome, result.place) == (Step.result, Outcome.negative, "LabA")


def test_chain_state_lab_and_outcome():
    c = chains()
    assert (c["S1"].state, c["S1"].lab, c["S1"].outcome) == ("negative", "LabA", Outcome.negative)
    assert (c["S5"].state, c["S5"].lab, c["S5"].outcome) == ("received", "LabB", None)
    assert (c["S6"].state, c["S6"].lab) == ("sampled", None)
    assert c["S6"].at(Step.received) is None


def test_turnaround_overall_matches_hand_computation():
    # numpy 'linear': the p-th percentile of n sorted values x0..x(n-1) sits at
    # position (n - 1) * p / 100, interpolated between its neighbours.
    t = turnaround(chains().values()).overall
    # declared->sampled: 1,2,3,1,5,2 -> sorted 1,1,2,2,3,5 (n=6).
    #   median at 2.5: (2 + 2) / 2 = 2.  p90 at 4.5: 3 + 0.5 * (5 - 3) = 4.0
    assert _row(t["declared_to_sampled"]) == (6, 2.0, 4.0)
    # sampled->in_transport: 2,1,1,4,1 -> 1,1,1,2,4 (n=5).
    #   median at 2: 1.  p90 at 3.6: 2 + 0.6 * (4 - 2) = 3.2
    assert _row(t["sampled_to_in_transport"]) == (5, 1.0, 3.2)
    # in_transport->received: 3,1,2,1,3 -> 1,1,2,3,3. median 2; p90 at 3.6: 3 + 0.6 * 0 = 3
    assert _row(t["in_transport_to_received"]) == (5, 2.0, 3.0)
    # received->result: 4,6,8,2 -> 2,4,6,8 (n=4).
    #   median at 1.5: (4 + 6) / 2 = 5.  p90 at 2.7: 6 + 0.7 * (8 - 6) = 7.4
    assert _row(t["received_to_result"]) == (4, 5.0, 7.4)
    # declared->result: 10,10,14,8 -> 8,10,10,14. median 10; p90 at 2.7: 10 + 0.7 * 4 = 12.8
    assert _row(t["end_to_end"]) == (4, 10.0, 12.8)
    # Step medians 2, 1, 2, 5: the lab's own step is the bottleneck.
    assert t.slowest_step == "received_to_result"


def test_turnaround_per_lab_matches_hand_computation():
    by_lab = turnaround(chains().values()).by_lab
    assert sorted(by_lab) == ["LabA", "LabB"]  # S6 has reached no lab
    lab_a, lab_b = by_lab["LabA"], by_lab["LabB"]
    # LabA received->result 4,6,8: median 6; p90 at 1.8: 6 + 0.8 * 2 = 7.6
    assert _row(lab_a["received_to_result"]) == (3, 6.0, 7.6)
    # LabA declared->sampled 1,2,3: median 2; p90 at 1.8: 2 + 0.8 * 1 = 2.8
    assert _row(lab_a["declared_to_sampled"]) == (3, 2.0, 2.8)
    assert lab_a.slowest_step == "received_to_result"
    # LabB declared->sampled 1,5: median 3; p90 at 0.9: 1 + 0.9 * 4 = 4.6
    assert _row(lab_b["declared_to_sampled"]) == (2, 3.0, 4.6)
    # LabB one result (S4, 2 h); medians 3, 2.5, 2, 2 -> sampling is its slowest step
    assert _row(lab_b["received_to_result"]) == (1, 2.0, 2.0)
    assert lab_b.slowest_step == "declared_to_sampled"


def _row(stats):
    return stats.count, pytest.approx(stats.median_hours), pytest.approx(stats.p90_hours)


def test_empty_turnaround_has_no_figures():
    t = turnaround([]).overall
    assert t["end_to_end"].count == 0 and t["end_to_end"].median_hours is None
    assert t.slowest_step is None


def test_backlog_counts_received_without_result_as_of_a_time():
    c = chains().values()
    at9 = backlog(c, as_of=T0 + timedelta(hours=9))
    # LabA: S1 (6 h), S2 (4 h), S3 (6 h) all received, none resulted by 9 h.
    assert (at9["LabA"].waiting, at9["LabA"].oldest_received) == (3, T0 + timedelta(hours=4))
    # LabB: S4 resulted at 8 h; S5 received at exactly 9 h counts.
    assert (at9["LabB"].waiting, at9["LabB"].oldest_received) == (1, T0 + timedelta(hours=9))
    at12 = backlog(c, as_of=T0 + timedelta(hours=12))
    assert (at12["LabA"].waiting, at12["LabB"].waiting) == (1, 1)
    at5 = backlog(c, as_of=T0 + timedelta(hours=5))
    assert list(at5) == ["LabA"] and at5["LabA"].waiting == 1
    at20 = backlog(c, as_of=T0 + timedelta(hours=20))
    assert at20["LabA"].waiting == 0 and at20["LabA"].oldest_received is None


def ev(sample, event, hours, place="LabA", row=None):
    return SampleEvent.named(sample, event, T0 + timedelta(hours=hours), place, row)


def test_result_before_sampling_is_refused_naming_sample_and_step():
    with pytest.raises(ChainError) as caught:
        build_chains([ev("X1", "declared", 0), ev("X1", "positive", 2, row=7)])
    (problem,) = caught.value.problems
    assert (problem.sample_id, problem.step) == ("X1", Step.result)
    assert problem.message == "sample X1: positive (row 7) before any sampled event"


def test_step_earlier_than_the_previous_one_is_refused():
    events = [ev("X2", "declared", 0), ev("X2", "sampled", 1), ev("X2", "in_transport", 3, row=4),
              ev("X2", "received", 2, row=5)]
    with pytest.raises(ChainError, match=r"sample X2: received at 2021-05-18T02:00:00\+07:00 "
                                         r"\(row 5\) is earlier than in_transport"):
        build_chains(events)


def test_file_order_does_not_matter_but_duplicates_and_missing_labs_do():
    shuffled = [ev("X3", "sampled", 1), ev("X3", "declared", 0)]
    assert build_chains(shuffled)["X3"].at(Step.sampled) == T0 + timedelta(hours=1)
    bad = [ev("D", "declared", 0, row=2), ev("D", "declared", 1, row=3),
           ev("L", "declared", 0), ev("L", "sampled", 0), ev("L", "in_transport", 1),
           ev("L", "received", 2, place=" ")]
    with pytest.raises(ChainError) as caught:
        build_chains(bad)
    assert [p.message for p in caught.value.problems] == [
        "sample D: two declared events (rows 2 and 3)",
        "sample L: received names no lab",
    ]


@pytest.mark.parametrize(("text", "message"), [
    ("sample_id,event,at\nA,declared,2021-05-18T00:00+07:00\n",
     "row 1, column 'place': missing from the header"),
    ("sample_id,event,at,place\nA,declared,2021-05-18T00:00+07:00,x\nA,sampled,yesterday,x\n",
     "row 3, column 'at': 'yesterday' is not an ISO 8601 date-time"),
    ("sample_id,event,at,place\nA,declared,2021-05-18T00:00,x\n",
     "row 2, column 'at': '2021-05-18T00:00' has no UTC offset and no default zone given"),
    ("sample_id,event,at,place\nA,swabbed,2021-05-18T00:00Z,x\n",
     "row 2, column 'event': 'swabbed' is not one of declared, sampled, in_transport,"
     " received, positive, negative, rejected"),
    ("sample_id,event,at,place\n,declared,2021-05-18T00:00Z,x\n",
     "row 2, column 'sample_id': empty"),
    ("sample_id,event,at,place\nA,declared,2021-05-18T00:00Z,x,extra\n",
     "row 2: more fields than the header has columns"),
])
def test_csv_errors_name_row_and_column(text, message):
    with pytest.raises(CsvError) as caught:
        parse_events_csv(text)
    assert str(caught.value) == message


def test_csv_default_zone_blank_lines_and_bom():
    text = "\ufeffsample_id,event,at,place,note\n\nA,declared,2021-05-18T00:00,x,hi\n"
    (event,) = parse_events_csv(text, default_tz=ICT)
    assert event.at == T0 and event.row == 3
