"""`surgeops exhaustion`: forecast every region of the database, soonest exhaustion first."""

from __future__ import annotations

import datetime as dt
import json
from typing import Optional

import typer

from surgeops.cli.common import database_session, fail
from surgeops.services import forecasts


def register(app: typer.Typer) -> None:
    @app.command()
    def exhaustion(
        ctx: typer.Context,
        as_of: Optional[str] = typer.Option(None, help="Day 0 as YYYY-MM-DD (default: the latest bed report)."),
        horizon: int = typer.Option(60, help="Days to project (1-365)."),
        lead_time: int = typer.Option(3, help="Days it takes to open reserve beds."),
        as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
    ) -> None:
        """Forecast every region's bed census and list regions by days until their beds run out."""
        try:
            day = dt.date.fromisoformat(as_of) if as_of else None
        except ValueError:
            fail(f"--as-of: {as_of!r} is not a date (YYYY-MM-DD)")
        with database_session(ctx) as session:
            result = forecasts.exhaustion(session, day=day, horizon=horizon, lead_time=lead_time)
        if as_json:
            typer.echo(json.dumps(result, ensure_ascii=False, indent=2))
            return
        typer.echo(f"as of {result['as_of']}, {horizon}-day horizon, reserves take {lead_time} days to open")
        typer.echo(f"{'region':<10} {'runs out':<12} {'days':>5} {'bed type':<12} {'with reserves':<14} {'open reserves by':<16} method")
        for r in result["regions"]:
            typer.echo(f"{r['region']:<10} {r['exhaustion_date'] or '-':<12} {r['days_left'] if r['days_left'] is not None else '-':>5} "
                       f"{r['exhaustion_bed_type'] or '-':<12} {r['exhaustion_date_with_reserves'] or '-':<14} "
                       f"{r['open_reserves_by'] or '-':<16} {r['method']}")
