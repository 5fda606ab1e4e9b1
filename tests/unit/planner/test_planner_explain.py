"""Explanations: plain English, numbers formatted, reasons computed from the plan."""

from __future__ import annotations

from pathlib import Path

from surgeops.planner import load_scenario, solve
from surgeops.planner.labels import label

DATA = Path(__file__).parent.parent.parent / "data" / "planner"


def test_labels_agree_with_the_amount():
    assert label("nurse", 12) == "12 nurses"
    assert label("ambulance", 1) == "1 ambulance"
    assert label("mask", 25500) == "25,500 masks"
    assert label("rapid_antigen_test", 600) == "600 rapid antigen tests"


def test_kazakhstan_example_reads_as_sentences():
    plan = solve(load_scenario(DATA / "kazakhstan.json"), mip_gap=0.0)
    text = plan.explanation
    assert text["MOW"].startswith("Moscow sends 5 anesthesiologists, 3 cardiologists")
    assert "to Almaty (3,104 km)" in text["MOW"]
    assert text["MAN"].startswith("Mangystau receives 40 beds from Aktobe (866 km) and 40 "
                                  "from Karaganda (1,798 km)")
    assert "because all 26 spare nurses go to higher-priority regions (Mangystau)" \
        in text["SHY"]
    assert "20 beds remain unmet because all 80 spare beds in the country come here, " \
           "and donors keep another 60." in text["MAN"]


def test_every_unmet_need_has_a_reason(make_scenario):
    sc = make_scenario(["A", "B"], needs=[("A", "nurse", 5, 1.0), ("A", "mask", 3, 1.0)],
                       offers=[("B", "nurse", 9, 9)])
    plan = solve(sc)
    assert "5 nurses remain unmet because every donor must keep all it holds" \
        in plan.explanation["A"]
    assert "3 masks remain unmet because no donor offers any" in plan.explanation["A"]


def test_met_needs_are_said_to_be_met(make_scenario):
    sc = make_scenario(["A", "B"], needs=[("A", "beds", 5, 1.0)],
                       offers=[("B", "beds", 9, 0)])
    assert solve(sc).explanation["A"] == \
        "Region A receives 5 beds from Region B (111 km). All needs are met."
