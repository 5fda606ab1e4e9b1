"""The `plan` command: the optimal reinforcement plan for a scenario file or the database."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from surgeops.cli.common import fail, settings_of
from surgeops.planner import Plan, Scenario, ScenarioError, load_scenario, solve


def _scenario_from_database(ctx: typer.Context, country: Optional[str] = None) -> Scenario:
    """Needs and offers as recorded in the database (the planning service builds them)."""
    try:
        from surgeops.services.planning import scenario_from_database
    except ImportError as exc:
        fail(f"planning from the database is not available ({exc}); pass --scenario FILE.json")
    try:
        return scenario_from_database(settings_of(ctx), country=country)
    except (ScenarioError, ValueError) as exc:
        fail(f"cannot build a scenario from the database: {exc}")
    raise AssertionError("unreachable")  # pragma: no cover - fail() exits


def _print_table(plan: Plan, scenario: Scenario) -> None:
    """Moves, unmet need and the explanation of every region, for people."""
    name = {r.id: r.name for r in scenario.regions}
    typer.echo(f"Status: {plan.status}; weighted unmet need {plan.unmet_weighted:,.2f}; "
               f"distance {plan.distance:,.0f} unit-km; solved in {plan.solve_seconds:.2f} s"
               + (f"; gap {100 * plan.gap:.3f}%" if plan.gap is not None else ""))
    typer.echo("")
    typer.echo(f"{'from':<20} {'to':<20} {'resource':<22} {'amount':>10} {'km':>8}")
    for m in plan.moves:
        typer.echo(f"{name[m.source]:<20} {name[m.target]:<20} {m.resource:<22} "
                   f"{m.amount:>10,} {m.km:>8,.0f}")
    if not plan.moves:
        typer.echo("(no moves)")
    if plan.unmet:
        typer.echo("")
        typer.echo(f"{'unmet in':<20} {'resource':<22} {'amount':>10}")
        for u in plan.unmet:
            typer.echo(f"{name[u.region]:<20} {u.resource:<22} {u.amount:>10,}")
    typer.echo("")
    for text in plan.explanation.values():
        typer.echo(f"- {text}")


def register(app: typer.Typer) -> None:
    @app.command("plan")
    def plan(
        ctx: typer.Context,
        scenario: Optional[Path] = typer.Option(
            None, "--scenario", help="Scenario JSON file (regions, needs, offers, rules); "
            "without it, needs and offers come from the database."),
        country: Optional[str] = typer.Option(
            None, "--country", help="Without --scenario: plan within this country (default: the one with the largest need)."),
        as_json: bool = typer.Option(False, "--json", help="Print the plan JSON and nothing else."),
        time_limit: float = typer.Option(60.0, "--time-limit", min=0.1,
                                         help="Solver time limit in seconds."),
    ) -> None:
        """Plan who sends which staff and supplies where: least unmet need, then least distance."""
        try:
            problem = load_scenario(scenario) if scenario else _scenario_from_database(ctx, country)
        except ScenarioError as exc:
            fail(str(exc))
        result = solve(problem, time_limit=time_limit)
        if as_json:
            typer.echo(result.to_json())
        else:
            _print_table(result, problem)
