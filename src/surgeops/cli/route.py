"""`surgeops route`: where to send a patient; `surgeops completeness`: who has not reported beds."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Callable, Optional

import typer
from sqlalchemy.orm import Session

from surgeops.cli.common import database_session, fail
from surgeops.domain.errors import InvalidField
from surgeops.services import completeness, routing


def _option(exc: InvalidField) -> str:
    return f"--{exc.field.split('.')[0].replace('_', '-')}: {exc.message}"


def with_session(ctx: typer.Context, work: Callable[[Session], Any],
                 invalid: Callable[[InvalidField], str] = _option) -> Any:
    """Run `work` in a session; user-fixable errors become one line (`invalid` words
    a bad field, by default as the command option it came from)."""
    with database_session(ctx) as session:
        try:
            return work(session)
        except InvalidField as exc:
            fail(invalid(exc))


def parse_moment(text: Optional[str]) -> Optional[dt.datetime]:
    """An aware ISO 8601 date-time from an option, or a one-line error."""
    if text is None:
        return None
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        fail(f"--at: '{text}' is not an ISO 8601 date-time")
    if value.tzinfo is None:
        fail(f"--at: '{text}' needs a UTC offset, e.g. {text}+05:00")
    return value


def _km(value: Optional[float]) -> str:
    return "-" if value is None else f"{value:.1f}"


def print_route(data: dict[str, Any]) -> None:
    """Candidates best first, then the nearest facilities ruled out and why."""
    q = data["query"]
    where = q["location"]["region_code"] or f"{q['location']['lat']:.4f}, {q['location']['lon']:.4f}"
    need = q["service"] + (f", a free {q['bed_type']} bed" if q["bed_type"] else "")
    typer.echo(f"Patient at {where} needing {need} ({q['severity']}), at {q['at']}")
    typer.echo(f"{data['eligible']} of {data['considered']} facilities can take the patient.")
    if data["candidates"]:
        typer.echo(f"{'#':>2}  {'facility':<28} {'km':>8} {'free':>5} {'score':>8}  name / via")
    for i, c in enumerate(data["candidates"], 1):
        free = "-" if c["free_beds"] is None else str(c["free_beds"])
        via = f"  (via {' -> '.join(c['via'])})" if c["via"] else ""
        typer.echo(f"{i:>2}  {c['facility_id']:<28} {_km(c['distance_km']):>8} {free:>5} {c['score']:>8.1f}  {c['name']}{via}")
    if data["excluded"]:
        typer.echo("Ruled out (nearest first):")
    for e in data["excluded"]:
        typer.echo(f"    {e['facility_id']:<28} {_km(e['distance_km']):>8}  {e['code']}: {e['reason']}")


def print_completeness(data: dict[str, Any]) -> None:
    typer.echo(f"{data['reported']} of {data['expected']} facilities reported beds on {data['date']}.")
    for r in data["regions"]:
        typer.echo(f"{r['region']}: {r['reported']}/{r['expected']} reported")
        for m in r["missing"]:
            since = "never reported" if m["last_reported"] == "never" else f"last reported {m['last_reported']}"
            typer.echo(f"    {m['facility']:<32} {since}")


def register(app: typer.Typer) -> None:
    @app.command("route")
    def route_cmd(
        ctx: typer.Context,
        service: str = typer.Option(..., help="The specialty needed: trauma, cardiology, infectious_disease..."),
        region: Optional[str] = typer.Option(None, help="The patient's region code (placed at its centroid)."),
        lat: Optional[float] = typer.Option(None, help="The patient's latitude (with --lon, instead of --region)."),
        lon: Optional[float] = typer.Option(None, help="The patient's longitude."),
        bed_type: Optional[str] = typer.Option(None, "--bed-type", help="icu, oxygen, infectious...; omit for emergency care only."),
        severity: str = typer.Option("moderate", help="critical, severe, moderate or mild."),
        at: Optional[str] = typer.Option(None, help="The moment, ISO 8601 with offset (default: now)."),
        max_distance_km: Optional[float] = typer.Option(None, "--max-distance-km", help="Leave out facilities farther than this."),
        limit: int = typer.Option(5, help="How many candidates to list."),
        as_json: bool = typer.Option(False, "--json", help="Print the full result as JSON."),
    ) -> None:
        """Rank the facilities that can take a patient now, and say why the others cannot."""
        req = routing.RouteRequest(service=service, region=region, lat=lat, lon=lon, bed_type=bed_type, severity=severity,
                                   at=parse_moment(at), max_distance_km=max_distance_km, limit=limit)
        data = with_session(ctx, lambda s: routing.route(s, req).to_dict())
        if as_json:
            typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            print_route(data)

    @app.command("completeness")
    def completeness_cmd(
        ctx: typer.Context,
        date: str = typer.Option(..., help="The reporting day, YYYY-MM-DD."),
        region: Optional[str] = typer.Option(None, help="Only this region and the regions below it."),
        as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    ) -> None:
        """List the facilities that have not reported beds on a day, per region, and since when."""
        try:
            day = dt.date.fromisoformat(date)
        except ValueError:
            fail(f"--date: '{date}' is not a date (YYYY-MM-DD)")
        data = with_session(ctx, lambda s: completeness.missing_reports(s, day, region=region))
        if as_json:
            typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            print_completeness(data)
