"""`surgeops import` and `surgeops export`: records as CSV or JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from surgeops.cli.common import database_session, fail
from surgeops.services.audit import Actor
from surgeops.services.imports import export_rows, import_file, to_csv
from surgeops.services.records import KINDS, resource

KIND_HELP = "Record kind: " + ", ".join(KINDS) + " (and `audit` for the audit trail, CSV only)."


def _export_audit(ctx: typer.Context, out: Optional[Path]) -> None:
    from surgeops.services.audit import export_csv

    with database_session(ctx) as session:
        text = export_csv(session)
    if out:
        out.write_text(text, encoding="utf-8")
    else:
        typer.echo(text, nl=False)


def _kind_of(path: Path, kind: Optional[str]) -> str:
    if kind:
        return kind
    stem = path.stem.lower()
    for name in KINDS:
        if stem.startswith(name):
            return name
    fail(f"{path.name}: say which records it holds with --kind ({', '.join(KINDS)})")
    raise AssertionError


def register(app: typer.Typer) -> None:
    @app.command("import")
    def import_cmd(
        ctx: typer.Context,
        file: Path = typer.Argument(..., help="A .csv or .json file of records."),
        kind: Optional[str] = typer.Option(None, help=KIND_HELP + " Default: from the file name (beds.csv, regions.json...)."),
    ) -> None:
        """Import records from CSV or JSON; all or nothing, the first bad row is named."""
        if not file.is_file():
            fail(f"{file}: no such file")
        name = _kind_of(file, kind)
        with database_session(ctx, f"{file.name} (nothing was stored)") as session:
            result = import_file(session, resource(name), file, actor=Actor("cli"))
        typer.echo(f"imported {result.created} {name} from {file.name}")
        for warning in result.warnings:
            typer.echo(f"warning: row {warning['row']}: {warning['message']}")

    @app.command("export")
    def export_cmd(
        ctx: typer.Context,
        kind: str = typer.Argument(..., help=KIND_HELP),
        fmt: str = typer.Option("csv", "--format", help="csv or json."),
        out: Optional[Path] = typer.Option(None, help="Write to this file instead of standard output."),
    ) -> None:
        """Export every record of one kind as CSV or JSON (re-importable)."""
        if fmt not in ("csv", "json"):
            fail("--format: choose csv or json")
        if kind == "audit":
            _export_audit(ctx, out)
            return
        with database_session(ctx) as session:
            rows = export_rows(session, resource(kind))
        text = to_csv(rows) if fmt == "csv" else json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
        if out:
            out.write_text(text, encoding="utf-8")
            typer.echo(f"wrote {len(rows)} {kind} to {out}", err=True)
        else:
            typer.echo(text, nl=False)
