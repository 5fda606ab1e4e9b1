"""The bed ledger over the database: the beds transfers take from each facility's latest
report, so that every reader of free beds counts the same figure.

    free = capacity - occupied - held - arrived, never below 0   (domain.capacity.free_beds)

`held`: accepted or in-transport transfers to the facility, of that bed type. `arrived`:
transfers that arrived there after the moment its latest report of that type describes
(`domain.capacity.report_time`); a newer report counts them itself and supersedes them.

Callers read the latest figures their own way (routing and the forecasts for every
facility, a region's capacity for its facilities, a transfer for one) and hand them to
`ledgers`, which adds the transfers in one query whatever the number of facilities.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from typing import NamedTuple, Optional

from sqlalchemy import and_, or_, select
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
    stored_at: Optional[dt.datetime]
    capacity: int
    occupied: int


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.timezone.utc)


def _transfers(session: Session, keys: Optional[Collection[str]], since: Optional[dt.datetime]) -> list[tuple]:
    """(facility, bed type, status, arrived_at) of the transfers holding a bed, and of those
    arrived after `since` (none when `since` is None): one query."""
    wanted = Transfer.status.in_(_HOLDING)
    if since is not None:
        wanted = or_(wanted, and_(Transfer.status == _ARRIVED, Transfer.arrived_at > since))
    query = select(Transfer.to_facility, Transfer.bed_type, Transfer.status, Transfer.arrived_at).where(wanted)
    if keys is not None:
        query = query.where(Transfer.to_facility.in_(list(keys)))
    return list(session.execute(query))


def ledgers(session: Session, reported: Iterable[Reported], *,
            keys: Optional[Collection[str]] = None) -> dict[tuple[str, str], BedLedger]:
    """(facility, bed type) -> its ledger, for every figure in `reported` (one per facility
    and type). `keys` limits the transfers read to those facilities (None: all)."""
    figures = {(r.facility, r.bed_type): r for r in reported}
    if keys is not None and not keys:
        return {}
    moments = {pair: report_time(r.as_of, r.stored_at) for pair, r in figures.items()}
    held: dict[tuple[str, str], int] = {}
    arrived: dict[tuple[str, str], int] = {}
    for facility, bed_type, status, arrived_at in _transfers(session, keys, min(moments.values(), default=None)):
        pair = (facility, bed_type)
        if status in _HOLDING:
            held[pair] = held.get(pair, 0) + 1
        elif pair in moments and _aware(arrived_at) > moments[pair]:
            arrived[pair] = arrived.get(pair, 0) + 1
    return {pair: BedLedger(r.capacity, r.occupied, held.get(pair, 0), arrived.get(pair, 0))
            for pair, r in figures.items()}


def held_without_report(session: Session, facility: str, bed_type: str) -> int:
    """Beds held at a facility that has no report of that type (the ledger has no figure)."""
    return sum(1 for f, b, _, _ in _transfers(session, [facility], None) if (f, b) == (facility, bed_type))
