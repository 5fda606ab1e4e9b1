"""Bed figures as every exchange format sees them: read the latest per facility and bed
type, and store a whole file's figures in one transaction (all or nothing)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from surgeops.db.tables import BedSnapshot, Facility, Region
from surgeops.domain.capacity import BedSnapshotCreate, BedSnapshotUpdate
from surgeops.domain.codes import BedType
from surgeops.domain.base import validated
from surgeops.domain.errors import InvalidField, NotFound, SurgeopsError
from surgeops.interop.errors import InteropError, InvalidFigure
from surgeops.services import capacity, crud
from surgeops.services.access import Forbidden
from surgeops.services.audit import Actor
from surgeops.services.capacity import latest_by_facility

BED_ORDER = [b.value for b in BedType]


@dataclass(frozen=True)
class BedFigure:
    """One facility's beds of one type as they stood on one day."""

    facility: str
    bed_type: str
    as_of: dt.date
    capacity: int
    occupied: int = 0
    reserve: int = 0


def facilities_in(session: Session, region: Optional[str]) -> dict[str, Facility]:
    """The facilities of a region and every region below it (all facilities without one)."""
    query = select(Facility).order_by(Facility.key)
    if region is not None:
        query = query.where(Facility.region.in_(crud.region_subtree(session, region)))
    return {f.key: f for f in session.scalars(query)}


def current_figures(session: Session, *, region: Optional[str], as_of: Optional[dt.date]) -> list[BedFigure]:
    """The latest figure of every facility and bed type in the region on or before `as_of`."""
    if region is not None:
        require_region(session, region)
    keys = set(facilities_in(session, region))
    out = []
    for key, by_type in sorted(latest_by_facility(session, as_of).items()):
        if key not in keys:
            continue
        for bed_type in sorted(by_type, key=_type_rank):
            s = by_type[bed_type]
            out.append(BedFigure(s.facility, s.bed_type, s.as_of, s.capacity, s.occupied, s.reserve))
    return out


def require_region(session: Session, code: str) -> Region:
    """The region with this code, or NotFound."""
    region = session.scalars(select(Region).where(Region.code == code)).first()
    if region is None:
        raise NotFound("region", code)
    return region


def _type_rank(bed_type: str) -> int:
    return BED_ORDER.index(bed_type) if bed_type in BED_ORDER else len(BED_ORDER)


def store_figures(session: Session, figures: Iterable[BedFigure], *, actor: Actor, fmt: str) -> int:
    """Create or update one snapshot per figure; every figure is checked first and one bad
    figure stores nothing. Returns how many snapshots were written."""
    figures = list(figures)
    _check_all(session, figures, fmt)
    written = 0
    try:
        for fig in figures:
            written += _upsert(session, fig, actor=actor)
        session.commit()
    except SurgeopsError as exc:
        session.rollback()
        if isinstance(exc, (InteropError, Forbidden)):  # a refusal stays a refusal (403), not a bad file
            raise
        raise InteropError(fmt, "beds", str(exc)) from None
    except BaseException:
        session.rollback()
        raise
    return written


def _check_all(session: Session, figures: list[BedFigure], fmt: str) -> None:
    known = set(session.scalars(select(Facility.key)))
    seen: set[tuple[str, str, dt.date]] = set()
    for index, fig in enumerate(figures):
        where = f"facility {fig.facility}, {fig.bed_type} beds on {fig.as_of.isoformat()}"
        if fig.facility not in known:
            raise InteropError(fmt, where, f"unknown facility {fig.facility!r}: create it (or import facilities) first")
        if (fig.facility, fig.bed_type, fig.as_of) in seen:
            raise InteropError(fmt, where, "given twice in the same file")
        seen.add((fig.facility, fig.bed_type, fig.as_of))
        try:
            _payload(fig)
        except InvalidField as exc:
            raise InvalidFigure(fmt, where, str(exc), field=f"figures.{index}.{exc.field}") from None


def _payload(fig: BedFigure) -> BedSnapshotCreate:
    """The figure validated by the one model of a bed figure (InvalidField names the field)."""
    return validated(BedSnapshotCreate, {"facility": fig.facility, "bed_type": fig.bed_type, "as_of": fig.as_of,
                                         "capacity": fig.capacity, "occupied": fig.occupied, "reserve": fig.reserve})


def _upsert(session: Session, fig: BedFigure, *, actor: Actor) -> int:
    row = session.scalars(select(BedSnapshot).where(
        BedSnapshot.facility == fig.facility, BedSnapshot.bed_type == fig.bed_type, BedSnapshot.as_of == fig.as_of)).first()
    if row is None:
        crud.create(session, capacity.RESOURCE, _payload(fig), actor=actor, commit=False)
        return 1
    if (row.capacity, row.occupied, row.reserve) == (fig.capacity, fig.occupied, fig.reserve):
        return 0
    patch = BedSnapshotUpdate(capacity=fig.capacity, occupied=fig.occupied, reserve=fig.reserve)
    crud.update(session, capacity.RESOURCE, row.id, patch, expected_version=row.version, actor=actor, commit=False)
    return 1


def snapshot_count(session: Session) -> int:
    """How many bed snapshots are stored (what an import test watches)."""
    return crud.count_of(session, select(BedSnapshot))


