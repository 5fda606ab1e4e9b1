"""`surgeops testing import|stats`: sample events from CSV, turnaround and backlog."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Optional

import typer

from surgeops.cli.common import fail
from surgeops.cli.route import parse_moment, with_session
from surgeops.services import testing
from surgeops.services.audit import Actor


def _hours(value: Optional[float]) -> str:
    return "-" if value is None else f"{value:.1f}"


def _print_table(title: str, table: dict[str, Any]) -> None:
    typer.echo(title)
    typer.echo(f"    {'interval':<26} {'count':>6} {'median h':>9} {'p90 h':>9}")
    for s in table["intervals"]:
        typer.echo(f"    {s['interval']:<26} {s['count']:>6} {_hours(s['median_hours']):>9} {_hours(s['p90_hours']):>9}")
    typer.echo(f"    slowest step: {table['slowest_step'] or '-'}")


def print_stats(data: dict[str, Any]) -> None:
    typer.echo(f"{data['samples']} samples; backlog as of {data['as_of']}")
    if data["lab"] is None:
        _print_table("All labs", data["overall"])
    for lab, table in data["by_lab"].items():
        _print_table(f"Lab {lab}", table)
    for b in data["backlog"]:
        oldest = f", oldest received {b['oldest_received']}" if b["oldest_received"] else ""
        typer.echo(f"Backlog {b['lab']}: {b['waiting']} waiting{oldest}")


def register(app: typer.Typer) -> None:
    testing_app = typer.Typer(help="The testing chain: sample events, turnaround times and backlogs.", no_args_is_help=True)

    @testing_app.command("import")
    def import_cmd(
        ctx: typer.Context,
        file: Path = typer.Argument(..., help="CSV with columns sample_id, event, at, place."),
        tz: Optional[str] = typer.Option(None, help="Zone for times without an offset: +05:00 or Asia/Aqtau."),
    ) -> None:
        """Import sample events from CSV; all or nothing, the first bad row is named."""
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            fail(f"cannot read {file}: {getattr(exc, 'strerror', None) or exc}")

        def work(session):  # noqa: ANN001, ANN202
            zone = testing.parse_zone(tz) if tz else None
            return testing.import_csv(session, text, actor=Actor("cli"), default_tz=zone, source=file.name)

        result = with_session(ctx, work, lambda exc: f"{file.name}: {exc.message} (nothing was stored)")
        typer.echo(f"imported {result['events']} events of {result['samples']} samples from {file.name}")

    @testing_app.command("stats")
    def stats_cmd(
        ctx: typer.Context,
        lab: Optional[str] = typer.Option(None, help="Only this lab."),
        as_of: Optional[str] = typer.Option(None, "--as-of", help="Backlog as of this moment, ISO 8601 with offset (default: now)."),
        as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    ) -> None:
        """Turnaround per step and lab (median, p90, count), the slowest step and each lab's backlog."""
        moment = parse_moment(as_of)
        data = with_session(ctx, lambda s: testing.stats(s, lab=lab, as_of=moment))
        if as_json:
            typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            print_stats(data)

    app.add_typer(testing_app, name="testing")
