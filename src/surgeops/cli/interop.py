"""Exchange formats and the situation report on the command line: export-fhir / import-fhir,
export-edxl / import-edxl, export-hxl / import-hxl, and sitrep."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Callable, Optional

import typer
from sqlalchemy.orm import Session

from surgeops.cli.common import database_session, fail
from surgeops.domain.codes import LANGUAGES
from surgeops.interop import edxl, fhir, hxl, sitrep
from surgeops.services.audit import Actor
from surgeops.services.records import KINDS

REGION_HELP = "Region code: that region and everything below it (default: every facility)."
DATE_HELP = "Take the latest figures on or before this day, YYYY-MM-DD (default: the latest)."
OUT_HELP = "Write to this file instead of standard output."
KIND_HELP = "Record kind: " + ", ".join(KINDS) + "."


def _session(ctx: typer.Context, what: str):  # noqa: ANN202 - a context manager
    return database_session(ctx, what)


def _write(data: bytes, out: Optional[Path], what: str) -> None:
    if out is None:
        typer.echo(data.decode("utf-8"), nl=False)
        return
    out.write_bytes(data)
    typer.echo(f"wrote {what} to {out}", err=True)


def _read(file: Path) -> bytes:
    if not file.is_file():
        fail(f"{file}: no such file")
    return file.read_bytes()


def _import(ctx: typer.Context, file: Path, store: Callable[[Session, bytes], int], label: str) -> None:
    data = _read(file)
    with _session(ctx, f"{file.name} (nothing was stored)") as session:
        written = store(session, data)
    typer.echo(f"stored {written} bed snapshots from {file.name} ({label})")


def _day(value: Optional[str]) -> Optional[dt.date]:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        fail(f"--date {value}: give a day as YYYY-MM-DD")
        raise AssertionError from None


def register(app: typer.Typer) -> None:
    _register_beds(app)
    _register_hxl(app)
    _register_sitrep(app)


def _register_beds(app: typer.Typer) -> None:
    @app.command("export-fhir")
    def export_fhir(ctx: typer.Context, region: Optional[str] = typer.Option(None, help=REGION_HELP),
                    date: Optional[str] = typer.Option(None, help=DATE_HELP),
                    out: Optional[Path] = typer.Option(None, help=OUT_HELP)) -> None:
        """Export bed capacity as a FHIR R4 Bundle of MeasureReports (SANER groups), per facility and region."""
        day = _day(date)
        with _session(ctx, "export-fhir") as session:
            text = fhir.export_json(session, region=region, as_of=day)
        _write(text.encode("utf-8"), out, "a FHIR Bundle")

    @app.command("import-fhir")
    def import_fhir(ctx: typer.Context, file: Path = typer.Argument(..., help="A FHIR Bundle of MeasureReports (JSON).")) -> None:
        """Store the bed figures of a FHIR Bundle: all or nothing, the first problem is named."""
        _import(ctx, file, lambda s, data: fhir.import_bundle(s, data, actor=Actor("cli")), "FHIR")

    @app.command("export-edxl")
    def export_edxl(ctx: typer.Context, region: Optional[str] = typer.Option(None, help=REGION_HELP),
                    date: Optional[str] = typer.Option(None, help=DATE_HELP),
                    out: Optional[Path] = typer.Option(None, help=OUT_HELP)) -> None:
        """Export hospital status (beds, emergency department, services) as EDXL-HAVE 2.0 XML."""
        day = _day(date)
        with _session(ctx, "export-edxl") as session:
            data = edxl.export_xml(session, region=region, as_of=day)
        _write(data, out, "an EDXL-HAVE document")

    @app.command("import-edxl")
    def import_edxl(ctx: typer.Context, file: Path = typer.Argument(..., help="An EDXL-HAVE 2.0 HospitalStatus document.")) -> None:
        """Validate an EDXL-HAVE 2.0 document against the schema and store its beds: all or nothing."""
        _import(ctx, file, lambda s, data: edxl.import_xml(s, data, actor=Actor("cli")), "EDXL-HAVE")


def _register_hxl(app: typer.Typer) -> None:
    @app.command("export-hxl")
    def export_hxl(ctx: typer.Context, kind: str = typer.Argument(..., help=KIND_HELP),
                   out: Optional[Path] = typer.Option(None, help=OUT_HELP)) -> None:
        """Export every record of a kind as CSV with an HXL hashtag row under the header."""
        with _session(ctx, "export-hxl") as session:
            text = hxl.export_csv(session, kind)
        _write(text.encode("utf-8"), out, f"{kind} as HXL CSV")

    @app.command("import-hxl")
    def import_hxl(ctx: typer.Context, kind: str = typer.Argument(..., help=KIND_HELP),
                   file: Path = typer.Argument(..., help="A CSV file with an HXL hashtag row.")) -> None:
        """Import records of a kind from HXL CSV: all or nothing, a bad row is named by its line."""
        data = _read(file)
        with _session(ctx, f"{file.name} (nothing was stored)") as session:
            result = hxl.import_csv(session, kind, data.decode("utf-8-sig"), actor=Actor("cli"))
        typer.echo(f"imported {result.created} {kind} from {file.name}")


def _register_sitrep(app: typer.Typer) -> None:
    @app.command("sitrep")
    def sitrep_cmd(ctx: typer.Context,
                   region: Optional[str] = typer.Option(None, help="Region code (the report covers it and everything below it)."),
                   country: Optional[str] = typer.Option(None, help="Country code, for a national report (instead of --region)."),
                   date: str = typer.Option(..., help="The report's day, YYYY-MM-DD."),
                   lang: str = typer.Option("en", help="Language: " + ", ".join(LANGUAGES) + "."),
                   out: Path = typer.Option(..., help="Output file: .pdf or .html.")) -> None:
        """Write the day's situation report as PDF or HTML: beds, occupancy by type, trends, places nearest exhaustion, arrivals, accepted facts."""
        if (region is None) == (country is None):
            fail("give one of --region or --country")
        fmt = out.suffix.lower().lstrip(".")
        if fmt not in sitrep.FORMATS:
            fail(f"--out {out.name}: the file must end in .pdf or .html")
        day = _day(date)
        with _session(ctx, "sitrep") as session:
            data = sitrep.render(session, region=region or country or "", day=day, lang=lang, fmt=fmt)
        out.write_bytes(data)
        typer.echo(f"wrote the {lang} situation report for {region or country} on {day} to {out}", err=True)
