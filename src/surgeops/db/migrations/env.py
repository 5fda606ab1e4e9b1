"""Alembic environment: uses the connection handed over by surgeops.db.migrate."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from surgeops.db.tables import Base, ours

config = context.config
target_metadata = Base.metadata


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        engine = create_engine(config.get_main_option("sqlalchemy.url"))
        with engine.begin() as conn:
            _migrate(conn)
        return
    _migrate(connection)


def _migrate(connection) -> None:  # noqa: ANN001
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_object=ours,
    )
    with context.begin_transaction():
        context.run_migrations()


run()
