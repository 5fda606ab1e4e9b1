"""What every CLI command shares: settings in the context and error reporting."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator, Optional

import typer
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from surgeops.config import Settings, load_settings
from surgeops.db.engine import Database
from surgeops.domain.errors import SurgeopsError


class CliError(Exception):
    """An error the user can fix; printed without a traceback."""


def register_global_options(app: typer.Typer) -> None:
    @app.callback()
    def main(
        ctx: typer.Context,
        database_url: Optional[str] = typer.Option(
            None, "--database-url", envvar="SURGEOPS_DATABASE_URL",
            help="Database URL (SQLite file by default; postgresql+psycopg://... for PostgreSQL).",
        ),
    ) -> None:
        """surgeops command line."""
        try:
            ctx.obj = load_settings({"database_url": database_url})
        except ValueError as exc:
            fail(str(exc))


def settings_of(ctx: typer.Context) -> Settings:
    root = ctx.find_root()
    if not isinstance(root.obj, Settings):
        root.obj = load_settings()
    return root.obj


def fail(message: str, code: int = 2) -> None:
    """Print one clear line on stderr and exit without a traceback."""
    typer.secho(f"Error: {message}", fg=typer.colors.RED, err=True)
    raise typer.Exit(code)


@contextmanager
def database_session(ctx: typer.Context, what: Optional[str] = None) -> Iterator[Session]:
    """A session on the configured database for one command. Errors the user can fix
    (bad values, unknown records, an unreachable or unmigrated database) end the command
    with one line on stderr and exit status 2; nothing half-done is committed."""
    db = Database.connect(settings_of(ctx).database_url)
    try:
        with db.session() as session:
            yield session
    except (SurgeopsError, ValueError, UnicodeDecodeError) as exc:
        fail(f"{what}: {exc}" if what else str(exc))
    except OperationalError as exc:
        fail(f"database error: {exc.orig} (did you run `surgeops db upgrade`?)")
    finally:
        db.dispose()
