"""The `forecast` command: the reference census model from a parameter file."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import typer

from surgeops.cli.common import fail
from surgeops.forecast.batch import ForecastError
from surgeops.forecast.files import parse_parameter_text
from surgeops.forecast.parameters import ParameterError, Parameters
from surgeops.forecast.reference import COLUMNS, ReferenceForecast, forecast_reference
from surgeops.services.spreadsheet import CsvWriter


def _csv(result: ReferenceForecast, ids: list[str | None]) -> None:
    """Days 0..n_days per set, floats at full precision (repr); an id that could start a
    spreadsheet formula is neutralised (services/spreadsheet.py)."""
    out = io.StringIO()
    writer = CsvWriter(out)
    lead = ["id"] if ids[0] is not None else []
    writer.writerow([*lead, "day", *COLUMNS])
    for k, ident in enumerate(ids):
        prefix = [ident] if ident is not None else []
        for row in result.rows(k):
            writer.writerow([*prefix, int(row[0]), *(float(v) for v in row[1:])])
    typer.echo(out.getvalue().rstrip("\n"))


def _table(result: ReferenceForecast, ids: list[str | None], sets: list[Parameters]) -> None:
    """A readable table with the fitted values above it."""
    for k, ident in enumerate(ids):
        if ident is not None:
            typer.echo(f"== {ident}")
        first = sets[k].current_date - timedelta(days=int(result.first_day[k]))
        typer.echo(
            f"D = {int(result.first_day[k])} (first hospitalisation {first.isoformat()}); "
            f"doubling time = {result.doubling_time[k]:.4f} d; R0 = {result.r_naught[k]:.4f}; "
            f"Rt = {result.r_t[k]:.4f}; doubling time after mitigation = {result.doubling_time_t[k]:.4f} d"
        )
        typer.echo(f"{'day':>5} " + " ".join(f"{c:>20}" for c in COLUMNS))
        for row in result.rows(k):
            typer.echo(f"{row[0]:>5} " + " ".join(f"{v:>20.2f}" for v in row[1:]))


def register(app: typer.Typer) -> None:
    @app.command("forecast")
    def forecast(
        params: Path = typer.Option(..., "--params", help="Parameter file: .json (one set) or .jsonl (one set with an id per line)."),
        csv: bool = typer.Option(False, "--csv", help="Print CSV at full precision and nothing else."),
    ) -> None:
        """Project hospital admissions and census with the reference SIR model."""
        try:
            text = params.read_text(encoding="utf-8")
        except OSError as exc:
            fail(f"cannot read {params}: {exc.strerror or exc}")
        try:
            sets = parse_parameter_text(text, lines=params.suffix.lower() == ".jsonl")
            ids = [ident for ident, _ in sets]
            result = forecast_reference([p for _, p in sets], labels=[i or params.name for i in ids])
        except (ParameterError, ForecastError) as exc:
            fail(str(exc))
        if csv:
            _csv(result, ids)
        else:
            _table(result, ids, [p for _, p in sets])
