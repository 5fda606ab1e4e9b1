"""The bed ledger over the database: the beds transfers take from each facility's latest
report, so that every reader of free beds counts the same figure.

    free = capacity - occupied - held - arrived, never below 0   (domain.capacity.free_beds)

`held`: accepted or in-transport transfers to the facility, of that bed type. `arrived`:
transfers that arrived there after the moment its latest report of that type describes
(`domain.capacity.report_time`); a newer report counts them itself and supersedes them.

Callers read the latest figures their own way (routing and the forecasts for every
facility, a region's capacity for its facilities, a transfer for one) and hand them to
`transfer_counts` or `ledgers`, which add the transfers in one query whatever the number
of facilities.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Collection, Iterable
from typing import Any, NamedTuple, Optional

from sqlalchemy import ARRAY, DateTime, Select, String, and_, any_, bindparam, or_, select
from sqlalchemy.orm import Session

from surgeops.db.tables import Transfer
from surgeops.domain.capacity import BedLedger, report_time
from surgeops.routing.transfers import HOLDS_BED, TransferStatus

_HOLDING = tuple(s.value for s in HOLDS_BED)
_ARRIVED = TransferStatus.arrived.value


class Reported(NamedTuple):
    """A facility's latest figure of one bed type, as the ledger needs it."""

    facility: str
    bed_type: str
    as_of: dt.date
    updated_at: Optional[dt.datetime]  # when the figure was stored or last changed
    capacity: int
    occupied: int


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.timezone.utc)


@functools.cache
def _query(by_keys: bool, arrivals: bool, postgresql: bool) -> Select:
    """The transfers the ledger counts, built once per variant (building a statement costs
    more than running it on the capacity read's hot path). Parameters: :keys (on PostgreSQL
    one array, `= ANY(:keys)`, so the SQL text does not change with their number) and
    :since."""
    table = Transfer.__table__
    wanted = table.c.status.in_(_HOLDING)
    if arrivals:
        wanted = or_(wanted, and_(table.c.status == _ARRIVED, table.c.arrived_at > bindparam("since", type_=DateTime(timezone=True))))
    query = select(table.c.to_facility, table.c.bed_type, table.c.status, table.c.arrived_at).where(wanted)
    if by_keys:
        query = query.where(table.c.to_facility == any_(bindparam("keys", type_=ARRAY(String))) if postgresql
                            else table.c.to_facility.in_(bindparam("keys", expanding=True)))
    return query


def _transfers(session: Session, keys: Optional[Collection[str]], since: Optional[dt.datetime]) -> list[Any]:
    """(facility, bed type, status, arrived_at) of the transfers holding a bed, and of those
    arrived after `since` (none when `since` is None): one query."""
    query = _query(keys is not None, since is not None, session.get_bind().dialect.name == "postgresql")
    params: dict[str, Any] = {"since": since} if since is not None else {}
    if keys is not None:
        params["keys"] = list(keys)
    return session.connection().execute(query, params).all()


def transfer_counts(session: Session, latest: Iterable[Any], *,
                    keys: Optional[Collection[str]] = None) -> dict[tuple[str, str], tuple[int, int]]:
    """(facility, bed type) -> (held, arrived) for the latest figures in `latest` (rows with
    facility, bed_type, as_of, updated_at; one per facility and type) that transfers touch;
    the others have none. `keys` limits the transfers read to those facilities (None: all).
    One query; the moment of a report is worked out only for figures with arrivals."""
    if keys is not None and not keys:
        return {}
    figures = {(r.facility, r.bed_type): r for r in latest}
    since = None
    if figures:  # the earliest moment any of the figures describes (see report_time)
        stored = [r.updated_at for r in figures.values() if r.updated_at is not None]  # all naive or all aware
        since = report_time(min(r.as_of for r in figures.values()), min(stored) if stored else None)
    counts: dict[tuple[str, str], list[int]] = {}
    for facility, bed_type, status, arrived_at in _transfers(session, keys, since):
        pair = (facility, bed_type)
        if status in _HOLDING:
            counts.setdefault(pair, [0, 0])[0] += 1
        elif pair in figures and _aware(arrived_at) > report_time(figures[pair].as_of, figures[pair].updated_at):
            counts.setdefault(pair, [0, 0])[1] += 1
    return {pair: (held, arrived) for pair, (held, arrived) in counts.items()}


def ledgers(session: Session, latest: Iterable[Any], *,
            keys: Optional[Collection[str]] = None) -> dict[tuple[str, str], BedLedger]:
    """(facility, bed type) -> its ledger, for every figure in `latest` (see transfer_counts;
    the rows carry capacity and occupied too)."""
    rows = list(latest)
    counts = transfer_counts(session, rows, keys=keys)
    return {(r.facility, r.bed_type): BedLedger(r.capacity, r.occupied, *counts.get((r.facility, r.bed_type), (0, 0)))
            for r in rows}


def held_without_report(session: Session, facility: str, bed_type: str) -> int:
    """Beds held at a facility that has no report of that type (the ledger has no figure)."""
    return sum(1 for f, b, _, _ in _transfers(session, [facility], None) if (f, b) == (facility, bed_type))
