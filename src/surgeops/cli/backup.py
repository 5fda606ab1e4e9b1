"""`surgeops backup` and `surgeops restore`."""

from __future__ import annotations

from pathlib import Path

import typer

from surgeops.cli.common import fail, settings_of
from surgeops.services.backup import BackupError, backup, restore


def register(app: typer.Typer) -> None:
    @app.command("backup")
    def backup_cmd(ctx: typer.Context, target: Path = typer.Argument(..., help="File to write the backup to.")) -> None:
        """Back up the database while it runs (SQLite online backup, or pg_dump for PostgreSQL)."""
        try:
            backup(settings_of(ctx).database_url, target)
        except BackupError as exc:
            fail(str(exc))
        typer.echo(f"backed up to {target}")

    @app.command("restore")
    def restore_cmd(ctx: typer.Context, source: Path = typer.Argument(..., help="A file written by `surgeops backup`."),
                    yes: bool = typer.Option(False, "--yes", help="Do not ask for confirmation.")) -> None:
        """Replace the database's contents with a backup."""
        if not yes and not typer.confirm(f"replace everything in the database with {source}?"):
            raise typer.Exit(1)
        try:
            restore(settings_of(ctx).database_url, source)
        except BackupError as exc:
            fail(str(exc))
        typer.echo(f"restored from {source}")
