"""The priority granularity: the step between two possible weighted unmet needs.

Amounts are integers, so if every priority is an integer multiple of g, every plan's
weighted unmet need is too, and two plans differ by 0 or at least g. Stage 1 uses this
to prove a plan exactly optimal once its bound is within g of it, and stage 2 to cap
the unmet need at stage 1's value plus g/2 (no worse plan fits under that cap).
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Iterable, Optional

MAX_DENOMINATOR = 10**6  # priorities are read as fractions with at most this denominator
MAX_COMMON_DENOMINATOR = 10**9


def priority_granularity(priorities: Iterable[float]) -> Optional[float]:
    """The largest g with every priority an integer multiple of g, or None when the
    priorities are not (close to exactly) fractions with small denominators."""
    fracs = []
    for p in priorities:
        f = Fraction(p).limit_denominator(MAX_DENOMINATOR)
        if float(f) != p:  # exactly the float of a small fraction
            return None
        fracs.append(f)
    if not fracs:
        return None
    den = 1
    for f in fracs:
        den = den * f.denominator // math.gcd(den, f.denominator)
        if den > MAX_COMMON_DENOMINATOR:
            return None
    num = 0
    for f in fracs:
        num = math.gcd(num, int(f * den))
    return num / den


def round_up(bound: float, step: Optional[float]) -> float:
    """A lower bound raised to the next multiple of `step` (no plan lies in between),
    with a small tolerance for solver round-off so the rounding never overshoots."""
    if not step or not math.isfinite(bound):
        return bound
    units = bound / step
    return math.ceil(units - min(0.5, 1e-6 * max(1.0, abs(units)))) * step
