"""`surgeops db upgrade|current`: create or migrate the database."""

from __future__ import annotations

import typer
from sqlalchemy.exc import OperationalError

from surgeops.cli.common import fail, settings_of
from surgeops.db.engine import Database
from surgeops.db.migrate import current_revision, upgrade


def register(app: typer.Typer) -> None:
    db_app = typer.Typer(help="Create or migrate the database.", no_args_is_help=True)

    @db_app.command("upgrade")
    def upgrade_cmd(ctx: typer.Context) -> None:
        """Create the database or migrate it to the newest schema (SQLite or PostgreSQL)."""
        settings = settings_of(ctx)
        db = Database.connect(settings.database_url)
        try:
            upgrade(db)
            typer.echo(f"database at revision {current_revision(db)} ({db.dialect})")
        except OperationalError as exc:
            fail(f"cannot reach the database {db.engine.url.render_as_string(hide_password=True)}: {exc.orig}")
        finally:
            db.dispose()

    @db_app.command("current")
    def current_cmd(ctx: typer.Context) -> None:
        """Print the schema revision the database is at."""
        db = Database.connect(settings_of(ctx).database_url)
        try:
            typer.echo(current_revision(db) or "empty (run: surgeops db upgrade)")
        except OperationalError as exc:
            fail(f"cannot reach the database: {exc.orig}")
        finally:
            db.dispose()

    app.add_typer(db_app, name="db")
