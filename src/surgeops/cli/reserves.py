"""`surgeops reserves open|close|list`: reserve beds opened and closed, with who and why."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Optional

import typer
from pydantic import ValidationError

from surgeops.cli.common import fail
from surgeops.cli.route import with_session
from surgeops.domain.reserves import ReserveActionCreate
from surgeops.services import reserves
from surgeops.services.audit import Actor


def _payload(action: str, facility: str, bed_type: str, beds: int, reason: str, as_of: Optional[str]) -> ReserveActionCreate:
    """The action as the service takes it; a bad option is one line naming it."""
    day = None
    if as_of:
        try:
            day = dt.date.fromisoformat(as_of)
        except ValueError:
            fail(f"--as-of: '{as_of}' is not a date (YYYY-MM-DD)")
    try:
        return ReserveActionCreate(facility=facility, bed_type=bed_type, action=action, beds=beds, reason=reason, as_of=day)
    except ValidationError as exc:
        error = exc.errors()[0]
        fail(f"--{str(error['loc'][0]).replace('_', '-')}: {error['msg']}")
        raise


def _line(a: dict[str, Any]) -> str:
    return (f"{a['at']:%Y-%m-%d %H:%M} {a['actor']}: {a['action']} {a['beds']} {a['bed_type']} at {a['facility']} "
            f"(from {a['as_of']}; now {a['capacity_after']} beds, {a['reserve_after']} in reserve): {a['reason']}")


def _move(ctx: typer.Context, action: str, facility: str, bed_type: str, beds: int, reason: str,
          as_of: Optional[str], by: str) -> None:
    payload = _payload(action, facility, bed_type, beds, reason, as_of)
    item = with_session(ctx, lambda s: reserves.act(s, payload, actor=Actor(by)))
    typer.echo(_line(item))


def register(app: typer.Typer) -> None:
    group = typer.Typer(help="Open reserve beds into capacity, close them back, and list who did it, when and why.",
                        no_args_is_help=True)
    app.add_typer(group, name="reserves")

    @group.command("open")
    def open_cmd(ctx: typer.Context, facility: str = typer.Argument(..., help="The facility's key."),
                 bed_type: str = typer.Option(..., "--bed-type", help="provisional, infectious, icu..."),
                 beds: int = typer.Option(..., help="How many reserve beds to open."),
                 reason: str = typer.Option(..., help="Why (the decision or situation)."),
                 as_of: Optional[str] = typer.Option(None, "--as-of", help="The day, YYYY-MM-DD (default today)."),
                 by: str = typer.Option("cli", help="Who decided it (recorded with the action and in the audit trail).")) -> None:
        """Move reserve beds of a type into the facility's capacity."""
        _move(ctx, "open", facility, bed_type, beds, reason, as_of, by)

    @group.command("close")
    def close_cmd(ctx: typer.Context, facility: str = typer.Argument(..., help="The facility's key."),
                  bed_type: str = typer.Option(..., "--bed-type", help="provisional, infectious, icu..."),
                  beds: int = typer.Option(..., help="How many free beds to move back into the reserve."),
                  reason: str = typer.Option(..., help="Why (the decision or situation)."),
                  as_of: Optional[str] = typer.Option(None, "--as-of", help="The day, YYYY-MM-DD (default today)."),
                  by: str = typer.Option("cli", help="Who decided it (recorded with the action and in the audit trail).")) -> None:
        """Move free beds of a type back into the facility's reserve."""
        _move(ctx, "close", facility, bed_type, beds, reason, as_of, by)

    @group.command("list")
    def list_cmd(ctx: typer.Context, region: Optional[str] = typer.Option(None, help="A region (and those below it)."),
                 facility: Optional[str] = typer.Option(None, help="One facility."),
                 limit: int = typer.Option(50, help="How many, newest first."),
                 as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
        """List reserve actions, newest first."""
        items, total = with_session(ctx, lambda s: reserves.listing(s, region=region, facility=facility, limit=limit))
        if as_json:
            typer.echo(json.dumps({"items": items, "total": total}, ensure_ascii=False, indent=2, default=str))
            return
        typer.echo(f"{total} reserve action(s).")
        for item in items:
            typer.echo(_line(item))
