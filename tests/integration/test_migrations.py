"""The migrations build exactly the schema the tables declare, on both databases."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from surgeops.db.tables import Base, ours


def test_migrated_schema_matches_the_tables(db) -> None:  # noqa: ANN001
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True, "include_object": ours})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []
