"""Benchmark: the optimal planner against the hand method (greedy) and the LP bound.

Builds seeded national instances (63 provinces x 25 resources; 700 districts x 25
resources) with hotspot demand and modest, patchy offers, then prints for each: model
size, solve time, weighted unmet need and distance of the planner, of the greedy
baseline and of the LP relaxation's lower bound, and the proven optimality gap.

    .venv/bin/python bench/planner.py [--seed 1] [--time-limit 120]
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from surgeops.planner import Scenario, greedy, lp_lower_bound, solve, violations
from surgeops.planner.network import build_network
from surgeops.planner.solve import FULL_MODEL_ARCS

STAFF = ["infectious_disease", "epidemiologist", "anesthesiologist", "resuscitator",
         "intensivist", "cardiologist", "pulmonologist", "virologist", "therapist",
         "surgeon", "pediatrician", "physician", "nurse", "lab_technician", "technician",
         "paramedic"]
# supply item -> typical size of a need or an offer at province level
SUPPLIES = {"ambulance": 4, "mask": 20000, "rapid_antigen_test": 2000, "pcr_test": 1500,
            "ventilator": 6, "oxygen_concentrator": 20, "ppe_kit": 3000, "medicine": 400,
            "beds": 80}
STAFF_SCALE = {"nurse": 40, "physician": 20, "lab_technician": 10, "technician": 8,
               "paramedic": 10}
LAT, LON = (8.6, 23.3), (102.2, 109.4)  # Vietnam's bounding box


def scale_of(resource: str) -> float:
    return SUPPLIES.get(resource, STAFF_SCALE.get(resource, 6))


def build_instance(n_regions: int, *, seed: int, size: float = 1.0) -> Scenario:
    """A seeded national instance; `size` scales amounts (districts are smaller)."""
    rng = np.random.default_rng(seed)
    resources = STAFF + list(SUPPLIES)
    regions = [{"id": f"R{i:03d}", "name": f"Region {i}", "lat": float(rng.uniform(*LAT)),
                "lon": float(rng.uniform(*LON))} for i in range(n_regions)]
    hot = set(rng.choice(n_regions, size=max(3, round(n_regions ** 0.5)), replace=False).tolist())
    needs, offers = [], []
    for i, region in enumerate(regions):
        severity = float(rng.integers(1, 6)) if i in hot else 1.0
        for k in resources:
            base = scale_of(k) * size
            if i in hot and rng.random() < 0.8:
                amount = int(np.ceil(base * rng.lognormal(0.3, 0.6)))
                needs.append(_need(region["id"], k, amount, severity))
            elif i not in hot and rng.random() < 0.03:
                amount = int(np.ceil(base * rng.uniform(0.2, 0.6)))
                needs.append(_need(region["id"], k, amount, 1.0))
            elif i not in hot and rng.random() < 0.35:
                amount = int(np.ceil(base * rng.uniform(0.1, 0.8)))
                keep = int(amount * rng.uniform(0.2, 0.5))
                offers.append({"region": region["id"], "resource": k, "amount": amount,
                               "keep": keep})
    return Scenario.model_validate({
        "regions": regions, "needs": needs, "offers": offers,
        "rules": {"min_team_size": 3, "max_destinations_per_donor": 4}})


def _need(region: str, resource: str, amount: int, priority: float) -> dict:
    return {"region": region, "resource": resource, "amount": amount,
            "priority": round(priority, 6)}


def run(name: str, scenario: Scenario, *, time_limit: float) -> None:
    net = build_network(scenario)
    t0 = time.perf_counter()
    base = greedy(scenario)
    t_greedy = time.perf_counter() - t0
    plan = solve(scenario, time_limit=time_limit)
    with_rules = len(net.arcs) <= FULL_MODEL_ARCS  # the full LP with rules is too slow above
    bound = lp_lower_bound(scenario, unmet_weighted=plan.unmet_weighted, rules=with_rules)
    bad = violations(scenario, plan)
    print(f"\n{name}: {len(scenario.regions)} regions, {len(scenario.needs)} needs, "
          f"{len(scenario.offers)} offers, {len(net.arcs)} arcs, {len(net.pairs)} pairs")
    print(f"  planner  status={plan.status} time={plan.solve_seconds:.2f}s "
          f"proven gap={100 * (plan.gap or 0):.4f}%  violations={len(bad)}")
    print(f"  {'':10}{'weighted unmet':>16}{'distance (unit-km)':>22}")
    print(f"  {'planner':10}{plan.unmet_weighted:16.3f}{plan.distance:22,.0f}")
    print(f"  {'greedy':10}{base.unmet_weighted:16.3f}{base.distance:22,.0f}"
          f"   ({t_greedy:.2f}s)")
    kind = "LP bound" if with_rules else "LP (transportation, no team/cap rules)"
    print(f"  {'LP bound':10}{bound.unmet_weighted:16.3f}{bound.distance or 0:22,.0f}   ({kind})")
    if plan.lower_bound is not None:
        proven = plan.lower_bound
        print(f"  {'proven':10}{proven.unmet_weighted:16.3f}{proven.distance or 0:22,.0f}"
              "   (planner's certificate over every arc)")
    met = _ratio(base.unmet_weighted, plan.unmet_weighted)
    print(f"  greedy/planner weighted unmet = {met};  planner unmet over LP bound = "
          f"{_pct(plan.unmet_weighted, bound.unmet_weighted)}; planner distance over "
          f"LP bound at equal unmet = {_pct(plan.distance, bound.distance or 0)}")


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.3f}" if b > 0 else ("1.000" if a == 0 else "inf")


def _pct(value: float, bound: float) -> str:
    return f"{100 * (value - bound) / max(abs(value), 1e-9):.3f}%"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--time-limit", type=float, default=120.0)
    parser.add_argument("--only", choices=["provinces", "districts"], default=None)
    args = parser.parse_args()
    if args.only in (None, "provinces"):
        run("provinces (63 x 25)", build_instance(63, seed=args.seed),
            time_limit=args.time_limit)
    if args.only in (None, "districts"):
        run("districts (700 x 25)", build_instance(700, seed=args.seed, size=0.25),
            time_limit=args.time_limit)


if __name__ == "__main__":
    main()
