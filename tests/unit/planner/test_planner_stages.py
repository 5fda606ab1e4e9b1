"""What a stage adds to its MIP when the certificate cannot decide."""

from __future__ import annotations

import numpy as np

from surgeops.planner.network import build_network
from surgeops.planner.pricing import build_blocks
from surgeops.planner.stages import Context, _pairs_of_short_needs


def _context(make_scenario):
    sc = make_scenario(
        ["A", "B", "C", "D", "E"],
        needs=[("A", "mask", 10, 1.0), ("E", "mask", 5, 1.0), ("E", "ventilator", 100, 1.0)],
        offers=[("B", "mask", 6, 0), ("C", "mask", 6, 0), ("D", "ventilator", 40, 0)])
    net = build_network(sc)
    blocks = build_blocks(net, min_team=3, max_dest=4)
    ctx = Context(net, blocks, {p: i for i, p in enumerate(net.pairs)}, 3, 4, 1e-3, 1.0)
    return net, ctx


def _flows(net, amounts):
    return np.array([amounts.get((a.donor, a.region, a.resource), 0) for a in net.arcs],
                    dtype=float)


def test_pairs_serving_a_need_left_short_are_the_candidates(make_scenario):
    net, ctx = _context(make_scenario)
    # A gets 10 masks (full); E gets 2 of 5 masks (short); E's ventilators: 40 of 100, but
    # 40 is all its arcs can bring, so that need is not short
    flows = _flows(net, {("B", "A", "mask"): 6, ("C", "A", "mask"): 4,
                         ("C", "E", "mask"): 2, ("D", "E", "ventilator"): 40})
    pairs = {net.pairs[p] for p in _pairs_of_short_needs(ctx, flows)}
    assert pairs == {("B", "E"), ("C", "E")}


def test_no_candidates_when_every_need_gets_what_its_arcs_can_bring(make_scenario):
    net, ctx = _context(make_scenario)
    # (stock is not the point here: only what each need receives against its arcs)
    flows = _flows(net, {("B", "A", "mask"): 6, ("C", "A", "mask"): 4,
                         ("C", "E", "mask"): 2, ("B", "E", "mask"): 3,
                         ("D", "E", "ventilator"): 40})
    assert len(_pairs_of_short_needs(ctx, flows)) == 0
