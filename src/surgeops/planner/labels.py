"""Words for resources and numbers in explanations ("12 nurses", "1,890 km")."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

LABELS_FILE = Path(__file__).parent / "data" / "resource_labels.json"


@lru_cache(maxsize=1)
def _labels() -> dict[str, list[str]]:
    return json.loads(LABELS_FILE.read_text(encoding="utf-8"))


def noun(resource: str, amount: int) -> str:
    """"nurses", "ambulance": the resource's name agreeing with `amount`."""
    singular, plural = _labels().get(resource, [resource.replace("_", " ")] * 2)
    return singular if amount == 1 else plural


def label(resource: str, amount: int) -> str:
    """"12 nurses", "1 ambulance", "25,500 masks"."""
    return f"{amount:,} {noun(resource, amount)}"


def km_text(km: float) -> str:
    return f"{km:,.0f} km"
