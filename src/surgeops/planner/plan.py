"""A reinforcement plan: moves, unmet need, objective values and explanations."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Literal, Optional

Status = Literal["optimal", "feasible", "infeasible"]


@dataclass(frozen=True)
class Move:
    """`amount` units of `resource` sent from donor `source` to region `target`."""

    source: str
    target: str
    resource: str
    amount: int
    km: float

    def to_dict(self) -> dict[str, Any]:
        return {"from": self.source, "to": self.target, "resource": self.resource,
                "amount": self.amount, "km": self.km}


@dataclass(frozen=True)
class Unmet:
    region: str
    resource: str
    amount: int

    def to_dict(self) -> dict[str, Any]:
        return {"region": self.region, "resource": self.resource, "amount": self.amount}


@dataclass(frozen=True)
class Bound:
    """Lower bounds on the two objectives (unmet need first, then distance)."""

    unmet_weighted: float
    distance: Optional[float]

    def to_dict(self) -> dict[str, Any]:
        return {"unmet_weighted": _num(self.unmet_weighted), "distance": _num(self.distance)}


@dataclass
class Plan:
    """The result of `solve` or `greedy`; `to_dict`/`to_json` give the documented JSON."""

    status: Status
    unmet_weighted: float
    distance: float
    moves: list[Move]
    unmet: list[Unmet]
    explanation: dict[str, str] = field(default_factory=dict)
    solve_seconds: float = 0.0
    gap: Optional[float] = None
    lower_bound: Optional[Bound] = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "status": self.status,
            "objective": {"unmet_weighted": _num(self.unmet_weighted),
                          "distance": _num(self.distance)},
            "moves": [m.to_dict() for m in self.moves],
            "unmet": [u.to_dict() for u in self.unmet],
            "explanation": dict(self.explanation),
            "solve_seconds": round(self.solve_seconds, 3),
        }
        if self.gap is not None:
            out["gap"] = self.gap
        if self.lower_bound is not None:
            out["lower_bound"] = self.lower_bound.to_dict()
        return out

    def to_json(self, *, indent: Optional[int] = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)


def _num(value: Optional[float]) -> Optional[float]:
    """Round objective values so tiny solver noise does not show in the JSON."""
    if value is None:
        return None
    rounded = round(value, 6)
    return int(rounded) if rounded == int(rounded) else rounded
