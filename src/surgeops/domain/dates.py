"""Dates of figures: no figure may be dated in the future.

The one home of the rule that a bed figure, a case figure or a report fact cannot be dated
after today (give or take a tolerance for time zones and reports filed at midnight, the
setting `future_tolerance_days`). Every path that stores a dated figure calls it: the fact
review with the setting's tolerance (services/facts.py), the record models
(BedSnapshotCreate, CaseStatCreate) through `validation_today`, which reads today and the
tolerance from a pydantic validation context, else the clock and FUTURE_TOLERANCE_DAYS."""

from __future__ import annotations

import datetime as dt
from typing import Any, Mapping, Optional

from surgeops.domain.errors import InvalidField

FUTURE_TOLERANCE_DAYS = 1  # the default of the setting future_tolerance_days

# The days a report or a query may be of: reckoning weeks and months around them stays
# within Python's calendar (year 1 to 9999), which 0001-01-01 minus a week does not.
EARLIEST_DAY, LATEST_DAY = dt.date(1900, 1, 1), dt.date(2999, 12, 31)


def check_not_future(day: dt.date, *, today: dt.date, tolerance_days: int, field: str = "date") -> dt.date:
    """`day` itself if it is not after `today` plus `tolerance_days`; else InvalidField naming `field`."""
    latest = today + dt.timedelta(days=tolerance_days)
    if day > latest:
        raise InvalidField(field, f"{day.isoformat()} is in the future (today is {today.isoformat()}, "
                                  f"{tolerance_days} day(s) of tolerance): a figure cannot be dated after it is known")
    return day


def validation_today(context: Optional[Mapping[str, Any]]) -> tuple[dt.date, int]:
    """(today, tolerance in days) from a validation context {"today": ..., "tolerance_days": ...},
    each defaulting to the clock's date and FUTURE_TOLERANCE_DAYS."""
    context = context or {}
    today = context.get("today") or dt.date.today()
    return today, int(context.get("tolerance_days", FUTURE_TOLERANCE_DAYS))
