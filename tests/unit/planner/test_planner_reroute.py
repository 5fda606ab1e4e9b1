"""Re-routing supplies over a plan's own pairs keeps what every need receives."""

from __future__ import annotations

import numpy as np

from surgeops.planner.network import build_network
from surgeops.planner.reroute import reroute_supplies

LINE = {"A": {"B": 100, "C": 300, "D": 500}, "B": {"C": 200, "D": 400}, "C": {"D": 200}}


def test_supplies_go_the_short_way_round_over_the_same_pairs(make_scenario):
    sc = make_scenario(["A", "B", "C", "D"],
                       needs=[("A", "mask", 5, 1.0), ("D", "mask", 5, 1.0)],
                       offers=[("B", "mask", 5, 0), ("C", "mask", 5, 0)], distances=LINE)
    net = build_network(sc)
    arc = {(a.donor, a.region): i for i, a in enumerate(net.arcs)}
    crossed = np.zeros(len(net.arcs))
    for pair, amount in {("B", "A"): 1, ("B", "D"): 4, ("C", "A"): 4, ("C", "D"): 1}.items():
        crossed[arc[pair]] = amount
    better = reroute_supplies(net, crossed, time_limit=5)
    assert better[arc[("B", "A")]] == 5 and better[arc[("C", "D")]] == 5
    assert better.sum() == crossed.sum()


def test_staff_and_unused_pairs_are_left_alone(make_scenario):
    sc = make_scenario(["A", "B", "C", "D"],
                       needs=[("A", "nurse", 3, 1.0), ("A", "mask", 5, 1.0)],
                       offers=[("D", "nurse", 3, 0), ("D", "mask", 5, 0),
                               ("B", "mask", 5, 0)], distances=LINE)
    net = build_network(sc)
    flows = np.array([0.0 if a.donor == "B" else 3.0 if a.staff else 5.0 for a in net.arcs])
    assert (reroute_supplies(net, flows, time_limit=5) == flows).all()
