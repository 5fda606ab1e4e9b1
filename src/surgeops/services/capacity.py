"""Bed capacity: snapshots in, regional totals and history out (derived, never typed twice)."""

from __future__ import annotations

import datetime as dt
import functools
import json
import logging
from typing import Any, Optional

from sqlalchemy import ARRAY, Date, Select, String, Text, any_, bindparam, cast, func, literal, literal_column, select, true, union_all
from sqlalchemy.orm import Session

from surgeops.db.tables import BedSnapshot, Facility, Region, utcnow
from surgeops.domain.codes import BedType
from surgeops.domain.capacity import BedLedger, BedSnapshotCreate, BedSnapshotUpdate, is_sound, totals
from surgeops.domain.errors import NotFound
from surgeops.services import ledger
from surgeops.services.crud import Filter, Resource, subtree_codes


def _stated(session: Session, values: dict[str, Any], row: Optional[BedSnapshot]) -> dict[str, Any]:
    """A change that states the occupancy is a new report of it (the ledger's moment)."""
    if row is not None and "occupied" in values:
        values["occupied_at"] = utcnow()
    return values


RESOURCE = Resource(
    name="bed_snapshot", table=BedSnapshot, key="id", create=BedSnapshotCreate, update=BedSnapshotUpdate,
    references={"facility": (Facility, "key")},
    filters={"facility": Filter("facility"), "bed_type": Filter("bed_type"),
             "date_from": Filter("as_of", "ge"), "date_to": Filter("as_of", "le")},
    order=("as_of", "facility", "bed_type"), insert_checks_references=True, prepare=_stated,
)


log = logging.getLogger(__name__)

_SNAP = BedSnapshot.__table__
_FAC = Facility.__table__
# What the totals need of a snapshot: plain rows of these columns cost far less to load than ORM objects.
# `occupied_at` (as `updated_at`) is when a figure's occupancy was last stated: the bed ledger counts transfers that arrived after it.
_FIGURE_COLUMNS = (_SNAP.c.facility, _SNAP.c.bed_type, _SNAP.c.as_of, _SNAP.c.capacity, _SNAP.c.occupied, _SNAP.c.reserve,
                   _SNAP.c.occupied_at.label("updated_at"))


_BED_TYPES = tuple(t.value for t in BedType)  # every stored bed type is one of these (checked on the way in)


def _latest_row(facility, bed_type, as_of, columns):  # noqa: ANN001, ANN202 - SQLAlchemy expressions
    """The newest snapshot (`columns` of it) of one facility and bed type, on or before
    `as_of` if given: one probe of the (facility, bed_type, as_of) index, read backwards,
    whatever the length of the history."""
    query = select(*columns).where(_SNAP.c.facility == facility, _SNAP.c.bed_type == bed_type)
    if as_of is not None:
        query = query.where(_SNAP.c.as_of <= as_of)
    return query.order_by(_SNAP.c.as_of.desc()).limit(1)  # (facility, bed_type, as_of) is unique


def _latest_query(postgresql: bool, dated: bool, by_keys: bool, columns=_FIGURE_COLUMNS) -> Select:  # noqa: ANN001
    """The newest snapshot per facility and bed type (on or before :as_of if `dated`) of the
    facilities :keys (`by_keys`) or of all facilities, oldest first. Its cost grows with
    the number of facilities and bed types, not with their history: for each facility and
    each bed type (a small fixed set) the index is probed once. On PostgreSQL a LATERAL
    subquery with ORDER BY as_of DESC LIMIT 1 per pair, the keys as one array parameter
    (one SQL text, one prepared statement whatever their number); on SQLite, which has no
    LATERAL, the pair's newest row id by a correlated subquery, then the row by its id."""
    as_of = bindparam("as_of", type_=Date) if dated else None
    if postgresql:
        types = func.unnest(literal(list(_BED_TYPES), ARRAY(String))).table_valued("bed_type").render_derived(name="t")
        if by_keys:
            facilities = func.unnest(bindparam("keys", type_=ARRAY(String))).table_valued("key").render_derived(name="f")
        else:
            facilities = select(_FAC.c.key).subquery("f")
        with_id = tuple(columns) + (() if _SNAP.c.id in columns else (_SNAP.c.id,))
        newest = _latest_row(facilities.c.key, types.c.bed_type, as_of, with_id).lateral("newest")
        return (select(*(newest.c[c.name] for c in columns)).select_from(facilities).join(types, true()).join(newest, true())
                .order_by(newest.c.as_of, newest.c.id))
    # SQLite names no columns of a (VALUES ...) alias: the types as a UNION ALL of constants
    types = union_all(*(select(literal_column(f"'{t}'").label("bed_type")) for t in _BED_TYPES)).subquery("t")
    facilities = select(_FAC.c.key)
    if by_keys:
        facilities = facilities.where(_FAC.c.key.in_(bindparam("keys", expanding=True)))
    facilities = facilities.subquery("f")
    newest_id = _latest_row(facilities.c.key, types.c.bed_type, as_of, (_SNAP.c.id,)).correlate_except(_SNAP).scalar_subquery()
    return (select(*columns).select_from(facilities).join(types, true()).join(_SNAP, _SNAP.c.id == newest_id)
            .order_by(_SNAP.c.as_of, _SNAP.c.id))


@functools.cache
def _rows_query(latest_only: bool, dated: bool, postgresql: bool) -> Select:
    """Snapshots (the figure columns) of the facilities :keys, oldest first, on or before
    :as_of if `dated`; with `latest_only`, just the newest per facility and bed type (see
    _latest_query). Built once per variant (building costs more than running it). On
    PostgreSQL the keys are one array parameter, `= ANY(:keys)`, so the SQL text does not
    change with their number (and the server keeps one prepared statement); elsewhere an
    IN list."""
    if latest_only:
        return _latest_query(postgresql, dated, by_keys=True)
    if postgresql:
        of_facilities = _SNAP.c.facility == any_(bindparam("keys", type_=ARRAY(String)))
    else:
        of_facilities = _SNAP.c.facility.in_(bindparam("keys", expanding=True))
    query = select(*_FIGURE_COLUMNS).where(of_facilities)
    if dated:
        query = query.where(_SNAP.c.as_of <= bindparam("as_of", type_=Date))
    return query.order_by(_SNAP.c.as_of, _SNAP.c.id)


# The region's names (as JSON text, tagged None) and its facilities' keys, in one round trip.
_NAMES_AND_KEYS = union_all(
    select(literal_column("NULL").label("key"), cast(Region.__table__.c.names, Text).label("names"))
    .where(Region.__table__.c.code == bindparam("code")),
    select(_FAC.c.key.label("key"), literal_column("NULL").label("names"))
    .where(_FAC.c.region.in_(subtree_codes(bindparam("code")))),
)


def _names_and_keys(session: Session, code: str) -> tuple[Optional[dict[str, Any]], list[str]]:
    """The region's names (None if there is no such region) and the keys of the facilities
    in it and below."""
    names, keys = None, []
    for key, text_of_names in session.connection().execute(_NAMES_AND_KEYS, {"code": code}).all():  # one fetch, not one per row
        if key is None:
            names = json.loads(text_of_names)
        else:
            keys.append(key)
    return names, keys


def _rows(session: Session, keys: list[str], as_of: Optional[dt.date], *, latest_only: bool = False) -> list[Any]:
    """Snapshots of the facilities `keys` (see _rows_query). The keys are asked for first
    (`_names_and_keys`): given the keys themselves, PostgreSQL reads the snapshots through
    the (facility, bed_type, as_of) index; given a subquery on the region tree it misjudged
    the count and scanned every snapshot ever stored."""
    if not keys:
        return []
    postgresql = session.get_bind().dialect.name == "postgresql"
    return session.connection().execute(_rows_query(latest_only, as_of is not None, postgresql), {"keys": keys, "as_of": as_of}).all()


def _figures(latest: dict[tuple[str, str], Any], counts: Optional[dict[tuple[str, str], tuple[int, int]]] = None) -> dict[str, Any]:
    """Totals of the latest figures; with `counts` (held, arrived: the bed ledger), free
    beds net of the beds transfers hold and the patients they brought since each report."""
    counts = counts or {}
    none = (0, 0)
    t = totals((s.bed_type, s.capacity, s.occupied, s.reserve, *counts.get(pair, none)) for pair, s in latest.items())
    def as_dict(f):  # noqa: ANN001, ANN202
        return {"capacity": f.capacity, "occupied": f.occupied, "free": f.free, "held": f.held, "arrived": f.arrived,
                "reserve": f.reserve, "occupancy_pct": f.occupancy_pct}
    return {"total": as_dict(t.total), "by_type": {k: as_dict(v) for k, v in t.by_type.items()}}


def region_capacity(session: Session, code: str, *, as_of: Optional[dt.date] = None, history: bool = True) -> dict[str, Any]:
    """Current totals per bed type (latest snapshot of every facility in the region and below,
    free beds by the bed ledger) and, day by day, the totals as reported on each date."""
    names, keys = _names_and_keys(session, code)
    if names is None:
        raise NotFound("region", code)
    rows = _rows(session, keys, as_of, latest_only=not history)
    latest: dict[tuple[str, str], Any] = {}
    series: list[dict[str, Any]] = []
    for day_rows in _by_day(rows):
        for snap in day_rows:
            latest[(snap.facility, snap.bed_type)] = snap
        if history:
            series.append({"date": day_rows[0].as_of, **_figures(latest)})
    current = _figures(latest, ledger.transfer_counts(session, latest.values(), keys=keys))
    return {
        "region": code, "names": names, "as_of": rows[-1].as_of if rows else None,
        "facilities_reporting": len({f for f, _ in latest}), **current, "history": series,
    }


def _by_day(rows: list[Any]) -> list[list[Any]]:
    days: list[list[Any]] = []
    for snap in rows:
        if days and days[-1][0].as_of == snap.as_of:
            days[-1].append(snap)
        else:
            days.append([snap])
    return days


@functools.cache
def _latest_objects_query(postgresql: bool, dated: bool) -> Select:
    return select(BedSnapshot).from_statement(_latest_query(postgresql, dated, by_keys=False, columns=tuple(_SNAP.c)))


def latest_by_facility(session: Session, as_of: Optional[dt.date] = None) -> dict[str, dict[str, BedSnapshot]]:
    """facility key -> bed type -> its latest snapshot (on or before `as_of` if given);
    a snapshot that breaks the rules is left out (see `_sound`)."""
    query = _latest_objects_query(session.get_bind().dialect.name == "postgresql", as_of is not None)
    out: dict[str, dict[str, BedSnapshot]] = {}
    for snap in session.scalars(query, {"as_of": as_of} if as_of is not None else {}):
        if _sound(snap):
            out.setdefault(snap.facility, {})[snap.bed_type] = snap
    return out


@functools.cache
def _latest_figures_query(postgresql: bool, dated: bool) -> Select:
    return _latest_query(postgresql, dated, by_keys=False)


def latest_figures(session: Session, as_of: Optional[dt.date] = None) -> list[Any]:
    """The newest snapshot (figure columns) of every facility and bed type, on or before
    `as_of` if given, oldest first: one index probe per facility and type."""
    query = _latest_figures_query(session.get_bind().dialect.name == "postgresql", as_of is not None)
    rows = session.connection().execute(query, {"as_of": as_of} if as_of is not None else {}).all()
    return [row for row in rows if _sound(row)]


def _sound(snap: Any) -> bool:
    """Whether a stored snapshot obeys the rules of a bed figure. One that does not (written
    before the rules held on every path) is left out of what the forecasts, the planner and
    the exports read, and logged: one row must not make them fail for every region."""
    if is_sound(snap.capacity, snap.occupied, snap.reserve):
        return True
    log.warning("bed snapshot of %s, %s on %s breaks the rules of a bed figure: left out", snap.facility, snap.bed_type, snap.as_of)
    return False


def ledger_by_facility(session: Session, as_of: Optional[dt.date] = None) -> tuple[list[Any], dict[tuple[str, str], BedLedger]]:
    """Every facility's newest figures (see `latest_figures`) and their bed ledger."""
    rows = latest_figures(session, as_of)
    return rows, ledger.ledgers(session, rows)
