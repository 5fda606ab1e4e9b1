"""Daily case statistics per region, and the rules a case figure obeys.

In the manner of DHIS2 validation rules, a rule is an error or a warning:

- errors refuse the figure: a negative count or one past `Count`'s bound, a date in the
  future (domain/dates.py), and a part above the whole on the same region and day
  (asymptomatic, recovered or deaths above confirmed, where both are reported);
- warnings flag it and it is stored: a cumulative count (confirmed, asymptomatic,
  recovered, deaths) that falls from one reported day to the next, which a correction of
  an earlier figure or a reporting slip explains more often than a real fall.

The rules are pure: the services give them the figures of the same day and the
neighbouring days they read from the database (services/cases.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any, Mapping, Optional, Sequence

from pydantic import ValidationInfo, field_validator

from surgeops.domain.base import Code, Count, Patch, Record
from surgeops.domain.codes import Metric
from surgeops.domain.dates import check_not_future, validation_today
from surgeops.domain.errors import InvalidField

# Counts that only grow: everyone ever confirmed, recovered, died (report 004 gives them).
CUMULATIVE = frozenset({Metric.confirmed.value, Metric.asymptomatic.value, Metric.recovered.value, Metric.deaths.value})
# Parts of the confirmed cases: none may exceed the confirmed count of the same day.
PARTS_OF_CONFIRMED = (Metric.asymptomatic.value, Metric.recovered.value, Metric.deaths.value)
FELL = "cumulative_fell"


class CaseStatCreate(Record):
    region: Code
    date: dt.date
    metric: Metric
    value: Count

    @field_validator("date")
    @classmethod
    def _not_future(cls, value: dt.date, info: ValidationInfo) -> dt.date:
        today, tolerance = validation_today(info.context)
        try:
            return check_not_future(value, today=today, tolerance_days=tolerance, field="date")
        except InvalidField as exc:
            raise ValueError(exc.message) from None


class CaseStatUpdate(Patch):
    value: Count


@dataclass(frozen=True)
class CaseWarning:
    """A figure stored but flagged: `value` on `date` is below `previous_value` on `previous_date`."""

    metric: str
    date: dt.date
    value: int
    previous_date: dt.date
    previous_value: int
    rule: str = FELL

    @property
    def message(self) -> str:
        return (f"{self.metric} fell from {self.previous_value} on {self.previous_date.isoformat()} to {self.value} "
                f"on {self.date.isoformat()}: a cumulative count does not fall; check both figures")

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "date": self.date.isoformat(), "previous_date": self.previous_date.isoformat(),
                "field": "value", "message": self.message}


def check_same_day(metric: str, value: int, same_day: Mapping[str, int]) -> None:
    """The errors between the metrics of one region and day: InvalidField("value") if this
    figure would put a part above the confirmed count (`same_day`: the other metrics' values)."""
    figures = {**same_day, metric: value}
    confirmed = figures.get(Metric.confirmed.value)
    if confirmed is None:
        return
    for part in PARTS_OF_CONFIRMED:
        if part in figures and figures[part] > confirmed:
            raise InvalidField("value", f"{part} ({figures[part]}) cannot exceed confirmed ({confirmed}) on the same day")


def falls(metric: str, series: Sequence[tuple[dt.date, int]]) -> list[CaseWarning]:
    """A warning for every day a cumulative metric is below the day reported before it
    (`series` in date order); none for a metric that is not cumulative."""
    if metric not in CUMULATIVE:
        return []
    return [CaseWarning(metric, day, value, before_day, before)
            for (before_day, before), (day, value) in zip(series, series[1:]) if value < before]


def warnings_for(metric: str, day: dt.date, value: int, *, previous: Optional[tuple[dt.date, int]],
                 following: Optional[tuple[dt.date, int]]) -> list[CaseWarning]:
    """The warnings a new or changed figure raises against its neighbours in time: it
    falls below the day before, or the day after falls below it."""
    series = [p for p in (previous, (day, value), following) if p is not None]
    return falls(metric, series)
