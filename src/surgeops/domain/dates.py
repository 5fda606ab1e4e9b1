"""Dates of figures: no figure may be dated in the future.

The one home of the rule that a bed figure, a case figure or a report fact cannot be dated
after today (give or take a tolerance for time zones and reports filed at midnight, the
setting `future_tolerance_days`). Every path that stores a dated figure calls it."""

from __future__ import annotations

import datetime as dt

from surgeops.domain.errors import InvalidField


def check_not_future(day: dt.date, *, today: dt.date, tolerance_days: int, field: str = "date") -> dt.date:
    """`day` itself if it is not after `today` plus `tolerance_days`; else InvalidField naming `field`."""
    latest = today + dt.timedelta(days=tolerance_days)
    if day > latest:
        raise InvalidField(field, f"{day.isoformat()} is in the future (today is {today.isoformat()}, "
                                  f"{tolerance_days} day(s) of tolerance): a figure cannot be dated after it is known")
    return day
