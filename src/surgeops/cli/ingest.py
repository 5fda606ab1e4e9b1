"""`surgeops ingest FILE...`: store reports and their facts for review, with progress."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from sqlalchemy.exc import OperationalError

from surgeops.cli.common import fail, settings_of
from surgeops.db.engine import Database
from surgeops.domain.errors import SurgeopsError
from surgeops.ingest import IngestError, read_document
from surgeops.services import reports
from surgeops.services.audit import Actor


def register(app: typer.Typer) -> None:
    @app.command()
    def ingest(
        ctx: typer.Context,
        files: list[Path] = typer.Argument(..., help="Report files (text or HTML)."),
        source_url: Optional[str] = typer.Option(None, help="Where the reports came from (kept with each)."),
        lang: Optional[str] = typer.Option(None, help="Force the language: ru, kk, vi or en (detected by default)."),
    ) -> None:
        """Store reports with their extracted facts as pending review; a bad file is reported and the rest go on."""
        settings = settings_of(ctx)
        db = Database.connect(settings.database_url)
        failed = stored = repeated = facts = 0
        try:
            with typer.progressbar(files, label="ingesting", file=None) as progress:
                for path in progress:
                    try:
                        raw = read_document(path, max_bytes=settings.max_upload_bytes)
                        with db.session() as session:
                            report, created = reports.submit(session, raw=raw, actor=Actor("cli"), source_url=source_url, language=lang)
                    except (IngestError, SurgeopsError, ValueError, OSError) as exc:
                        failed += 1
                        typer.secho(f"\n{path}: {exc}", fg=typer.colors.RED, err=True)
                        continue
                    stored += created
                    repeated += not created
                    facts += len(report["facts"]) if created else 0
        except OperationalError as exc:
            fail(f"database error: {exc.orig} (did you run `surgeops db upgrade`?)")
        finally:
            db.dispose()
        typer.echo(f"{stored} report(s) stored with {facts} fact(s) pending review; {repeated} already known; {failed} failed")
        if failed:
            raise typer.Exit(1)
