"""The `surgeops` command: one Typer app, one sub-app or command module per noun.

Settings reach commands through the Typer context (`ctx.obj`), never a global.
Errors the user can fix are printed as one line, without a traceback.
"""

from __future__ import annotations

import importlib
import sys

import typer

from surgeops.cli.common import CliError, register_global_options

# Each module defines `register(app: typer.Typer) -> None`.
COMMAND_MODULES: tuple[str, ...] = (
    "surgeops.cli.serve",
    "surgeops.cli.db",
    "surgeops.cli.records",
    "surgeops.cli.users",
    "surgeops.cli.backup",
    "surgeops.cli.reference",
    "surgeops.cli.extract",
    "surgeops.cli.ingest",
    "surgeops.cli.forecast",
    "surgeops.cli.backtest",
    "surgeops.cli.exhaustion",
    "surgeops.cli.plan",
    "surgeops.cli.route",
    "surgeops.cli.reserves",
    "surgeops.cli.testing",
    "surgeops.cli.interop",
)


def build_app() -> typer.Typer:
    app = typer.Typer(
        name="surgeops",
        help="surgeops: beds, forecasts, reinforcement plans, patient routing and report ingestion for an epidemic surge.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
    )
    register_global_options(app)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(app)
    return app


def run() -> None:
    app = build_app()
    try:
        app(standalone_mode=True)
    except CliError as exc:  # pragma: no cover - typer exits before this in standalone mode
        typer.echo(f"Error: {exc}", err=True)
        sys.exit(2)
