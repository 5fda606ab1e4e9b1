"""The audit trail: every change with who, when, from where, before and after."""

from __future__ import annotations

import datetime as dt
import io
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Optional

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from surgeops.db.queries import count_of
from surgeops.db.tables import AuditEntry, utcnow
from surgeops.services.spreadsheet import CsvWriter

if TYPE_CHECKING:
    from surgeops.domain.accounts import Principal


@dataclass(frozen=True)
class Actor:
    """Who makes a change: a user name (or 'system', 'cli') and their address.
    `principal` is set when access rules apply (a signed-in user or an API token);
    None means a trusted local caller (the CLI, the demo loader, an open demo server)."""

    name: str = "anonymous"
    remote_addr: Optional[str] = None
    principal: Optional["Principal"] = None


SYSTEM = Actor("system")
_INSERT = insert(AuditEntry.__table__)


def record(session: Session, *, actor: Actor, action: str, entity: str, entity_id: object,
           before: Optional[dict[str, Any]], after: Optional[dict[str, Any]]) -> None:
    """Write an audit row in the caller's transaction (it commits or rolls back with it):
    one Core INSERT, no ORM object to track."""
    session.execute(_INSERT, {
        "at": utcnow(), "actor": actor.name, "remote_addr": actor.remote_addr, "action": action, "entity": entity,
        "entity_id": str(entity_id), "before": before, "after": after,
    })


def entries(session: Session, *, entity: Optional[str] = None, entity_id: Optional[str] = None,
            since: Optional[dt.datetime] = None, limit: int = 100, offset: int = 0) -> tuple[list[dict[str, Any]], int]:
    query = select(AuditEntry)
    if entity:
        query = query.where(AuditEntry.entity == entity)
    if entity_id:
        query = query.where(AuditEntry.entity_id == entity_id)
    if since:
        query = query.where(AuditEntry.at >= since)
    total = count_of(session, query)
    rows = session.scalars(query.order_by(AuditEntry.id.desc()).limit(limit).offset(offset)).all()
    return [public(r) for r in rows], total


def public(row: AuditEntry) -> dict[str, Any]:
    return {
        "id": row.id, "at": row.at, "actor": row.actor, "remote_addr": row.remote_addr,
        "action": row.action, "entity": row.entity, "entity_id": row.entity_id,
        "before": row.before, "after": row.after,
    }


def export_csv(session: Session) -> str:
    """Every audit row, oldest first, with before/after as JSON."""
    out = io.StringIO()
    writer = CsvWriter(out)
    writer.writerow(["id", "at", "actor", "remote_addr", "action", "entity", "entity_id", "before", "after"])
    for row in session.scalars(select(AuditEntry).order_by(AuditEntry.id)).yield_per(1000):
        writer.writerow([row.id, row.at.isoformat(), row.actor, row.remote_addr, row.action, row.entity, row.entity_id,
                         json.dumps(row.before, ensure_ascii=False) if row.before is not None else "",
                         json.dumps(row.after, ensure_ascii=False) if row.after is not None else ""])
    return out.getvalue()
