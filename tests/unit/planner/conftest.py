"""Builders for small planner scenarios solved by hand in the tests."""

from __future__ import annotations

from typing import Any, Callable, Optional

import pytest

from surgeops.planner import Scenario


def build_scenario(regions: list[str], *, needs: tuple = (), offers: tuple = (),
                   min_team: int = 3, max_dest: int = 4,
                   distances: Optional[dict[str, dict[str, float]]] = None) -> Scenario:
    """Regions named by id, one degree of longitude apart on the equator (~111 km);
    needs as (region, resource, amount, priority), offers as (region, resource,
    amount, keep)."""
    obj: dict[str, Any] = {
        "regions": [{"id": r, "name": f"Region {r}", "lat": 0.0, "lon": float(i)}
                    for i, r in enumerate(regions)],
        "needs": [{"region": r, "resource": k, "amount": a, "priority": p}
                  for r, k, a, p in needs],
        "offers": [{"region": r, "resource": k, "amount": a, "keep": keep}
                   for r, k, a, keep in offers],
        "rules": {"min_team_size": min_team, "max_destinations_per_donor": max_dest},
    }
    if distances is not None:
        obj["distances"] = distances
    return Scenario.model_validate(obj)


@pytest.fixture
def make_scenario() -> Callable[..., Scenario]:
    return build_scenario
