"""What every CLI command shares: settings in the context and error reporting."""

from __future__ import annotations

from typing import Optional

import typer

from surgeops.config import Settings, load_settings


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
