"""Many parameter sets as columns of numpy arrays, one entry per set."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

import numpy as np

from surgeops.forecast.parameters import Parameters

KINDS: tuple[str, ...] = ("hospitalized", "icu", "ventilated")


class ForecastError(ValueError):
    """A parameter set the model cannot fit (the message says which and why)."""


@dataclass(frozen=True)
class Batch:
    """Parameter sets as arrays of shape [sets]; NaN/-1 where a value is absent."""

    population: np.ndarray
    current: np.ndarray
    doubling_time: np.ndarray
    first_day: np.ndarray
    reduction: np.ndarray
    mitigation_day: np.ndarray
    gamma: np.ndarray
    share: np.ndarray
    rates: dict[str, np.ndarray]
    stays: dict[str, np.ndarray]
    recovered: np.ndarray
    n_days: np.ndarray
    labels: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, sets: Sequence[Parameters], labels: Sequence[str] | None = None) -> "Batch":
        """Stack validated parameter sets; labels name them in error messages."""
        def col(get, dtype=float):
            return np.array([get(p) for p in sets], dtype=dtype)

        return cls(
            population=col(lambda p: p.population),
            current=col(lambda p: p.current_hospitalized),
            doubling_time=col(lambda p: np.nan if p.doubling_time is None else p.doubling_time),
            first_day=col(lambda p: -1 if p.first_hospitalized_day is None else p.first_hospitalized_day, int),
            reduction=col(lambda p: p.relative_contact_rate),
            mitigation_day=col(lambda p: p.mitigation_day, int),
            gamma=col(lambda p: 1.0 / p.infectious_days),
            share=col(lambda p: p.market_share),
            rates={k: col(lambda p, k=k: getattr(p, f"{k}_rate")) for k in KINDS},
            stays={k: col(lambda p, k=k: getattr(p, f"{k}_days"), int) for k in KINDS},
            recovered=col(lambda p: p.recovered),
            n_days=col(lambda p: p.n_days, int),
            labels=list(labels) if labels is not None else [str(k) for k in range(len(sets))],
        )

    def __len__(self) -> int:
        return int(self.population.shape[0])

    def take(self, index: np.ndarray) -> "Batch":
        """The sub-batch of the sets at `index`."""
        pick = lambda a: a[index]  # noqa: E731
        return Batch(
            population=pick(self.population), current=pick(self.current),
            doubling_time=pick(self.doubling_time), first_day=pick(self.first_day),
            reduction=pick(self.reduction), mitigation_day=pick(self.mitigation_day),
            gamma=pick(self.gamma), share=pick(self.share),
            rates={k: pick(v) for k, v in self.rates.items()},
            stays={k: pick(v) for k, v in self.stays.items()},
            recovered=pick(self.recovered), n_days=pick(self.n_days),
            labels=[self.labels[k] for k in np.asarray(index).reshape(-1)],
        )

    def initial_infected(self) -> np.ndarray:
        """I0 = 1 / m / r_hosp: exactly one patient in hospital on day -D."""
        return 1.0 / self.share / self.rates["hospitalized"]

    def initial_susceptible(self) -> np.ndarray:
        """S0 = N - I0 (recovered are not taken from S)."""
        return self.population - self.initial_infected()
