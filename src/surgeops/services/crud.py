"""Create, read, update, delete and list for every record kind, with reference checks,
optimistic locking and an audit row in the same transaction.

Each record kind is described once by a `Resource`; the services per noun
(regions.py, facilities.py, ...) declare theirs and add what is particular to them.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Optional

from pydantic import BaseModel
from sqlalchemy import JSON, DateTime, Select, String, bindparam, cast, exists, func, insert, inspect, literal, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from surgeops.db.engine import autocommit_connection, begin_write
from surgeops.db.queries import count_of
from surgeops.db.tables import AuditEntry, Base, Region, utcnow
from surgeops.domain.base import validated
from surgeops.domain.errors import Conflict, InvalidField, NotFound, StaleVersion
from surgeops.services import audit
from surgeops.services.access import Forbidden, check_write, checks_by_values
from surgeops.services.audit import Actor

__all__ = ["count_of"]  # kept here for the callers that read it from crud

Row = Any
Hook = Callable[[Session, dict[str, Any], Optional[Row]], dict[str, Any]]
# What a change does to other records (before, after: the record's public values; None
# when created or deleted), in the same transaction, each change audited by the hook.
Effects = Callable[[Session, Actor, Optional[dict[str, Any]], Optional[dict[str, Any]]], None]
# Rules that read other records: given the whole record as it will be stored (and the row
# it replaces, on update), raise InvalidField for an error; return the warnings.
Check = Callable[[Session, BaseModel, Optional[Row]], list[dict[str, Any]]]


@dataclass(frozen=True)
class Filter:
    column: str
    op: str = "eq"  # eq | ge | le | region (the region and everything below it) | listed (see _page_query)


@dataclass(frozen=True)
class Resource:
    name: str
    table: type[Base]
    key: str
    create: type[BaseModel]
    update: type[BaseModel]
    references: dict[str, tuple[type[Base], str]] = field(default_factory=dict)
    filters: dict[str, Filter] = field(default_factory=dict)
    order: tuple[str, ...] = ("id",)
    prepare: Optional[Hook] = None  # derive stored columns from a validated payload
    hidden: tuple[str, ...] = ()
    # Leave the references the database enforces to the INSERT (see `create`); only for
    # kinds whose `prepare` does not read the records referred to.
    insert_checks_references: bool = False
    effects: Optional[Effects] = None  # see Effects: a conversion changes its facility and its beds
    check: Optional[Check] = None


def public(res: Resource, row: Row) -> dict[str, Any]:
    cols = inspect(res.table).columns.keys()
    return {c: getattr(row, c) for c in cols if c not in res.hidden}


def jsonable(value: Any) -> Any:
    """Plain JSON values: dates and times as ISO strings, containers walked."""
    if value is None or isinstance(value, (str, int, float)):
        return value
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def snapshot(res: Resource, row: Row) -> dict[str, Any]:
    return jsonable(public(res, row))


def find(session: Session, res: Resource, key: object) -> Row:
    column = getattr(res.table, res.key)
    if res.key == "id":
        try:
            key = int(key)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise NotFound(res.name, key) from None
    row = session.scalars(select(res.table).where(column == key)).first()
    if row is None:
        raise NotFound(res.name, key)
    return row


@functools.cache
def _lookup(table: Any, column: str, many: bool) -> Select:
    """SELECT column WHERE column = :value (or IN :values), built once: constructing a
    statement and computing its cache key cost more than running it."""
    col = table.c[column]
    return select(col).where(col.in_(bindparam("values", expanding=True)) if many else col == bindparam("value"))


def enforced_references(res: Resource) -> frozenset[str]:
    """The references the database itself checks: a foreign key from the record's own
    column to the referenced one (not, for instance, a list of keys kept as JSON)."""
    return _enforced_references(res.table, tuple((name, table.__table__, column) for name, (table, column) in res.references.items()))


@functools.cache
def _enforced_references(table: type[Base], references: tuple[tuple[str, Any, str], ...]) -> frozenset[str]:
    columns = table.__table__.c
    return frozenset(name for name, target, column in references
                     if name in columns and any(fk.column is target.c[column] for fk in columns[name].foreign_keys))


def check_references(session: Session, res: Resource, values: dict[str, Any], *, skip: frozenset[str] = frozenset()) -> None:
    for name, (table, column) in res.references.items():
        if name in skip:
            continue
        value = values.get(name)
        wanted = [v for v in (value if isinstance(value, list) else [value]) if v is not None]
        if not wanted:
            continue
        if len(wanted) == 1:
            found = set(session.scalars(_lookup(table.__table__, column, False), {"value": wanted[0]}))
        else:
            found = set(session.scalars(_lookup(table.__table__, column, True), {"values": wanted}))
        missing = [v for v in wanted if v not in found]
        if missing:
            label = table.__tablename__.rstrip("s").replace("facilitie", "facility")
            raise InvalidField(name, f"unknown {label} {', '.join(map(str, missing))}")


def _stored(res: Resource, session: Session, model: BaseModel, row: Optional[Row], *, partial: bool,
            skip: frozenset[str] = frozenset()) -> dict[str, Any]:
    values = model.model_dump(mode="python", exclude_unset=partial)
    values = {k: jsonable(v) if isinstance(v, (dict, list)) else v for k, v in values.items()}
    check_references(session, res, values, skip=skip)
    if res.prepare:
        values = res.prepare(session, values, row)
    return values


def _effects(session: Session, actor: Actor, res: Resource, before: Optional[dict[str, Any]], after: Optional[dict[str, Any]]) -> None:
    if res.effects is None:
        return
    try:
        res.effects(session, actor, before, after)
    except Exception:
        session.rollback()
        raise


def _guard(session: Session, actor: Actor, res: Resource, *states: dict[str, Any]) -> None:
    try:
        check_write(session, actor, res.name, *states)
    except Exception:
        session.rollback()
        raise


@functools.cache
def _insert(table: Any) -> Any:
    return insert(table).returning(*table.c)


def create(session: Session, res: Resource, payload: BaseModel, *, actor: Actor, commit: bool = True,
           extra: Optional[dict[str, Any]] = None) -> dict[str, Any]:
    """One INSERT ... RETURNING for the record and one for its audit row (Core statements:
    the ORM's unit of work costs more than the two statements themselves). `extra`: stored
    columns a service sets besides the payload's (the report a record came from), written
    with the record so that its audit row holds them too.

    A record of a kind that allows it (`insert_checks_references`), created on its own
    (`commit`) by a caller whose rule reads only the values (`checks_by_values`: who may
    write anywhere, and a facility reporter, most bed figures' sender), leaves the
    references the database enforces to the INSERT: no SELECT beforehand, and an unknown
    one is named (422) after the INSERT fails. Otherwise they are checked first, so that a
    regional officer hears "unknown facility" rather than "outside your region"."""
    begin_write(session)
    deferred = (enforced_references(res) if res.insert_checks_references and commit and checks_by_values(actor) and res.effects is None
                else frozenset())
    values = {**_stored(res, session, payload, None, partial=False, skip=deferred), **(extra or {})}
    try:
        _guard(session, actor, res, values)
    except Forbidden:
        if deferred:  # a refusal is rare: name an unknown reference (422) before it, as the usual path does
            check_references(session, res, values)
        raise
    warnings = res.check(session, payload, None) if res.check else None
    table = res.table.__table__
    session.flush()  # records the caller added through the ORM go first (a reference may point at one)
    try:
        if deferred and not session.in_transaction() and session.get_bind().dialect.name == "postgresql":
            item = _create_in_one_statement(session, res, values, actor)
            if item is not None:
                return _answer(item, warnings)
        stored = session.execute(_insert(table), {k: v for k, v in values.items() if k in table.c}).one()
    except IntegrityError as exc:
        session.rollback()
        if deferred:
            check_references(session, res, values)
        raise Conflict(f"{res.name} already exists or breaks a uniqueness rule: {exc.orig}") from None
    item = {c: v for c, v in stored._mapping.items() if c not in res.hidden}
    audit.record(session, actor=actor, action="create", entity=res.name, entity_id=item[res.key], before=None,
                 after=jsonable(item))
    _effects(session, actor, res, None, item)
    if commit:
        session.commit()
    return _answer(item, warnings)


def _answer(item: dict[str, Any], warnings: Optional[list[dict[str, Any]]]) -> dict[str, Any]:
    """The stored record, with the warnings of its kind's rules if it has any (flagged, stored)."""
    return item if warnings is None else {**item, "warnings": warnings}


def whole_record(res: Resource, row: Row, patch: BaseModel) -> BaseModel:
    """A PATCH validated as strictly as a POST: the stored record with the change applied,
    validated again by the kind's create model (InvalidField names the field at fault)."""
    fields = res.create.model_fields
    current = {name: getattr(row, name) for name in fields if hasattr(row, name)}
    change = {k: v for k, v in patch.model_dump(mode="python", exclude_unset=True).items() if k in fields}
    return validated(res.create, {**current, **change})


_ID_SLOT = "\x00id\x00"  # stands for the new id in the audit row's JSON until the database assigns it


def _create_in_one_statement(session: Session, res: Resource, values: dict[str, Any], actor: Actor) -> Optional[dict[str, Any]]:
    """PostgreSQL: the record and its audit row in one statement outside a transaction
    (`WITH rec AS (INSERT ... RETURNING id), aud AS (INSERT INTO audit_log ... FROM rec)
    SELECT id FROM rec`): one round trip where BEGIN, two INSERTs and COMMIT took four. One
    statement is atomic by itself: both rows are written or neither.

    Every column but the generated id is known beforehand (given, or a Python-side
    default computed here), so the audit row's JSON is built here as `audit.record` would
    build it, with the id spliced in by the database: the stored text is the same. None
    (and the caller takes the usual path) for a table with other database-side values."""
    table = res.table.__table__
    if res.key != "id" or "id" not in table.c or not table.c.id.primary_key:
        return None
    row: dict[str, Any] = {}
    for column in table.c:
        if column.name == "id":
            continue
        if column.name in values:
            row[column.name] = values[column.name]
        elif column.default is not None and column.default.is_scalar:
            row[column.name] = column.default.arg
        elif column.default is not None and column.default.is_callable:
            row[column.name] = column.default.arg(None)  # SQLAlchemy wraps a no-argument default to take a context
        elif column.nullable and column.server_default is None:
            row[column.name] = None
        else:
            return None
    item = {c.name: (_ID_SLOT if c.name == "id" else row[c.name]) for c in table.c if c.name not in res.hidden}
    text_of = json.dumps(jsonable(item))
    prefix, slot, suffix = text_of.partition(json.dumps(_ID_SLOT))
    if not slot:
        return None
    with autocommit_connection(session) as connection:  # the session stays without a transaction
        new_id = connection.execute(_record_and_audit(table, tuple(row)), {
            **{f"v_{k}": v for k, v in row.items()},
            "a_at": utcnow(), "a_actor": actor.name, "a_addr": actor.remote_addr, "a_entity": res.name,
            "a_prefix": prefix, "a_suffix": suffix,
        }).scalar_one()
    return {k: (new_id if k == "id" else v) for k, v in item.items()}


@functools.cache
def _record_and_audit(table: Any, columns: tuple[str, ...]) -> Any:
    audit_table = AuditEntry.__table__
    rec = insert(table).values({c: bindparam(f"v_{c}", type_=table.c[c].type) for c in columns}).returning(table.c.id).cte("rec")
    after = cast(bindparam("a_prefix", type_=String) + cast(rec.c.id, String) + bindparam("a_suffix", type_=String), JSON)
    aud = insert(audit_table).from_select(
        ["at", "actor", "remote_addr", "action", "entity", "entity_id", "before", "after"],
        select(bindparam("a_at", type_=DateTime(timezone=True)), bindparam("a_actor", type_=String),
               bindparam("a_addr", type_=String), literal("create", String), bindparam("a_entity", type_=String),
               cast(rec.c.id, String), cast(literal("null", String), JSON), after),
    ).cte("aud")
    return select(rec.c.id).add_cte(aud)


def update(session: Session, res: Resource, key: object, patch: BaseModel, *, expected_version: int,
           actor: Actor, commit: bool = True) -> dict[str, Any]:
    begin_write(session)
    row = find(session, res, key)
    if row.version != expected_version:
        raise StaleVersion(res.name, key, expected_version, row.version)
    previous = public(res, row)
    before = jsonable(previous)
    merged = whole_record(res, row, patch)
    values = _stored(res, session, patch, row, partial=True)
    _guard(session, actor, res, public(res, row), {**public(res, row), **values})
    warnings = res.check(session, merged, row) if res.check else None
    cols = set(inspect(res.table).columns.keys())
    for name, value in values.items():
        if name in cols:
            setattr(row, name, value)
    try:
        session.flush()
    except StaleDataError:
        session.rollback()
        raise StaleVersion(res.name, key, expected_version, expected_version + 1) from None
    except IntegrityError as exc:
        session.rollback()
        raise Conflict(f"{res.name} {key}: {exc.orig}") from None
    audit.record(session, actor=actor, action="update", entity=res.name, entity_id=key, before=before, after=snapshot(res, row))
    _effects(session, actor, res, previous, public(res, row))
    if commit:
        session.commit()
    return _answer(public(res, row), warnings)


def delete(session: Session, res: Resource, key: object, *, expected_version: int, actor: Actor) -> None:
    begin_write(session)
    row = find(session, res, key)
    if row.version != expected_version:
        raise StaleVersion(res.name, key, expected_version, row.version)
    previous = public(res, row)
    before = jsonable(previous)
    _guard(session, actor, res, previous)
    session.delete(row)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        raise Conflict(f"{res.name} {key} is still referenced by other records; remove those first") from None
    except StaleDataError:
        session.rollback()
        raise StaleVersion(res.name, key, expected_version, expected_version + 1) from None
    audit.record(session, actor=actor, action="delete", entity=res.name, entity_id=key, before=before, after=None)
    _effects(session, actor, res, previous, None)
    session.commit()


_SUBTREE = text(
    "WITH RECURSIVE subtree(code) AS ("
    " SELECT code FROM regions WHERE code = :code"
    " UNION ALL SELECT r.code FROM regions r JOIN subtree s ON r.parent = s.code"
    ") SELECT code FROM subtree"
)


def region_subtree(session: Session, code: str) -> list[str]:
    """The region's code and the codes of every region below it (one recursive query)."""
    found = list(session.scalars(_SUBTREE, {"code": code}))
    return found or [code]


def subtree_codes(code: Any) -> Select:
    """The same codes as `region_subtree`, as a subquery: a filter on a region's subtree
    goes to the database with the query it restricts (one round trip, not two). `code` is
    a value or a bindparam."""
    regions = Region.__table__
    tree = select(regions.c.code).where(regions.c.code == code).cte(recursive=True)
    tree = tree.union_all(select(regions.c.code).join(tree, regions.c.parent == tree.c.code))
    return select(tree.c.code)


@functools.cache
def _page_query(table: Any, order: tuple[str, ...], hidden: tuple[str, ...], filters: tuple[tuple[str, Filter], ...]) -> tuple[Select, Select]:
    """(one page with the total as a window count, the count alone) for these filters, with
    bind parameters f_<name>, limit and offset; built once per combination of filters."""
    conditions = []
    for name, spec in filters:
        column, value = table.c[spec.column], bindparam(f"f_{name}")
        if spec.op == "eq":
            conditions.append(column == value)
        elif spec.op == "ge":
            conditions.append(column >= value)
        elif spec.op == "le":
            conditions.append(column <= value)
        elif spec.op == "region":
            conditions.append(column.in_(subtree_codes(value)))
        elif spec.op == "listed":  # a column "|A|B|" listing regions: any of them in the subtree
            tree = subtree_codes(value).subquery()
            conditions.append(exists().where(column.like(literal("%|") + tree.c.code + literal("|%"))))
    shown = [c for c in table.c if c.key not in hidden]
    page = (select(*shown, func.count().over().label("_total")).where(*conditions)
            .order_by(*(table.c[c] for c in order)).limit(bindparam("limit")).offset(bindparam("offset")))
    count = select(func.count()).select_from(select(*shown).where(*conditions).subquery())
    return page, count


def listing(session: Session, res: Resource, filters: dict[str, Any], *, limit: int, offset: int) -> tuple[list[dict[str, Any]], int]:
    """One page of records and the number of all that match, in one query (the total rides
    along as a window count; a page past the end asks for it separately)."""
    active = tuple((name, res.filters[name]) for name, value in filters.items() if value is not None and name in res.filters)
    page, count = _page_query(res.table.__table__, res.order, res.hidden, active)
    params = {f"f_{name}": filters[name] for name, _ in active}
    rows = session.connection().execute(page, {**params, "limit": limit, "offset": offset}).all()  # Core: no ORM execution
    if rows:
        total = rows[0]._total
    else:
        total = (session.scalar(count, params) or 0) if offset else 0
    keys = [c for c in rows[0]._fields[:-1]] if rows else []
    return [dict(zip(keys, r)) for r in rows], total


def get(session: Session, res: Resource, key: object) -> dict[str, Any]:
    return public(res, find(session, res, key))


def all_rows(session: Session, table: type[Base]) -> Iterable[Row]:
    return session.scalars(select(table)).all()
