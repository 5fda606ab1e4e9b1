"""The product model's measured skill per horizon, and the calibrated intervals it gives.

`skill.json` is written by `surgeops backtest --skill-out` (see docs/forecast.md):
per horizon, the backtest's MAPE, coverage and relative WIS of the model the
product shows, and the 2.5%, 25%, 75% and 97.5% quantiles of its log errors
e = log(1 + census) - log(1 + forecast). A forecast's 50% and 95% intervals are
expm1(log1p(central) + e); past the last measured horizon the last one's offsets
are used. The product shows a forecast only as far as it beat persistence
(relative WIS below 1 on every horizon up to it); beyond is a scenario.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

SKILL_FILE = Path(__file__).parent / "skill.json"


@dataclass(frozen=True)
class HorizonSkill:
    horizon: int
    mape: float
    coverage_50: float
    coverage_95: float
    relative_wis: float
    errors: tuple[float, float, float, float]


@dataclass(frozen=True)
class Skill:
    model: str
    origins: str
    regions: int
    horizons: tuple[HorizonSkill, ...]

    @classmethod
    def of(cls, raw: dict[str, Any]) -> "Skill":
        rows = sorted((HorizonSkill(**{**h, "errors": tuple(h["errors"])}) for h in raw["horizons"]),
                      key=lambda h: h.horizon)
        return cls(model=raw["model"], origins=raw["origins"], regions=int(raw["regions"]), horizons=tuple(rows))

    def forecast_days(self) -> int:
        """The last day ahead up to which every measured horizon beat persistence (0: none)."""
        shown = 0
        for h in self.horizons:
            if not h.relative_wis < 1.0:
                break
            shown = h.horizon
        return shown

    def intervals(self, central: np.ndarray) -> dict[str, np.ndarray]:
        """low_95, low_50, high_50, high_95 around central [..., days] (day 0 is known: no width)."""
        days = central.shape[-1]
        measured = np.array([h.horizon for h in self.horizons])
        offsets = np.array([h.errors for h in self.horizons])  # [horizons, 4]
        pick = np.searchsorted(measured, np.arange(days)).clip(0, measured.size - 1)
        base = np.log1p(np.maximum(central, 0.0))[..., None]
        bounds = np.maximum(np.expm1(base + offsets[pick]), 0.0)  # [..., days, 4]
        bounds[..., 0, :] = central[..., :1]  # day 0 is the census itself
        return {name: bounds[..., k] for k, name in enumerate(("low_95", "low_50", "high_50", "high_95"))}


@lru_cache(maxsize=1)
def product_skill() -> Skill:
    """The packaged skill table, read once."""
    return Skill.of(json.loads(SKILL_FILE.read_text(encoding="utf-8")))
