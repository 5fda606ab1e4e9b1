"""Query helpers every service reads with (no service imports: services/audit.py and
services/crud.py both use them, and neither may import the other in a cycle)."""

from __future__ import annotations

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session


def count_of(session: Session, query: Select) -> int:
    """The number of rows the query matches, whatever its order."""
    return session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
