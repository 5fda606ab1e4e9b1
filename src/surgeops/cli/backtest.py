"""The `backtest` command: rolling-origin scores of every forecast model on a census file."""

from __future__ import annotations

import json
import math
from datetime import date
from pathlib import Path
from typing import Optional

import typer

from surgeops.cli.common import fail
from surgeops.forecast.backtest import DEFAULT_MODEL, FIELDS, Spec, run_backtest, skill_record
from surgeops.forecast.census_data import ATTRIBUTION, CensusDataError, parse_census_csv
from surgeops.forecast.point_models import MODELS


def _date(raw: Optional[str], what: str, default: date) -> date:
    if raw is None:
        return default
    try:
        return date.fromisoformat(raw)
    except ValueError:
        fail(f"{what}: not an ISO date ({raw!r})")
    raise AssertionError  # fail() never returns


def _horizons(raw: str) -> tuple[int, ...]:
    try:
        values = tuple(int(part) for part in raw.split(",") if part.strip())
    except ValueError:
        fail(f"horizons: whole days separated by commas ({raw!r})")
    if not values or min(values) < 1:
        fail(f"horizons: whole days of at least 1 ({raw!r})")
    return values


def _json_line(row: dict) -> str:
    clean = {k: (None if isinstance(row[k], float) and not math.isfinite(row[k]) else row[k]) for k in FIELDS}
    return json.dumps(clean)


def _table(rows: list[dict]) -> list[str]:
    head = f"{'model':<12} {'h':>3} {'origins':>7} {'MAPE':>7} {'MAE':>9} {'cov50':>6} {'cov95':>6} {'WIS':>9} {'relWIS':>7}"
    lines = [head]
    for r in rows:
        name = r["model"] + ("*" if r["default"] else "")
        lines.append(f"{name:<12} {r['horizon']:>3} {r['origins']:>7} {r['mape']:>7.1%} {r['mae']:>9.1f} "
                     f"{r['coverage_50']:>6.2f} {r['coverage_95']:>6.2f} {r['wis']:>9.1f} {r['relative_wis']:>7.3f}")
    lines.append("* the model the product shows. Data: " + ATTRIBUTION)
    return lines


def register(app: typer.Typer) -> None:
    @app.command("backtest")
    def backtest(
        data: Path = typer.Option(..., "--data", help="Census CSV (date, region_code, region, ward_patients, icu_patients, ...)."),
        region: Optional[list[str]] = typer.Option(None, "--region", help="Region code or name (repeatable; default all)."),
        start: Optional[str] = typer.Option(None, "--from", help="First origin, ISO date (default 2020-03-01)."),
        end: Optional[str] = typer.Option(None, "--to", help="Last origin, ISO date (default 2022-12-31)."),
        horizons: str = typer.Option("7,14,21,28", "--horizons", help="Days ahead, comma separated."),
        model: Optional[list[str]] = typer.Option(None, "--model", help=f"Model (repeatable; default all: {', '.join(MODELS)})."),
        as_json: bool = typer.Option(False, "--json", help="One JSON object per model and horizon per line."),
        out: Optional[Path] = typer.Option(None, "--out", help="Also write the JSON lines to this file."),
        skill_out: Optional[Path] = typer.Option(
            None, "--skill-out", help=f"Write the measured skill of the product's model ({DEFAULT_MODEL}) for the product to show."),
    ) -> None:
        """Score every forecast model from rolling origins: MAPE, MAE, interval coverage, WIS."""
        defaults = Spec()
        spec = Spec(start=_date(start, "from", defaults.start), end=_date(end, "to", defaults.end),
                    horizons=_horizons(horizons), models=tuple(model) if model else defaults.models)
        try:
            table = parse_census_csv(data.read_text(encoding="utf-8"))
            if region:
                table = table.select(list(region))
            if skill_out is not None and DEFAULT_MODEL not in spec.models:
                raise ValueError(f"skill-out: needs the product's model {DEFAULT_MODEL!r} among the models")
            rows, runs = run_backtest(table, spec)
        except OSError as exc:
            fail(f"cannot read {data}: {exc.strerror or exc}")
        except (CensusDataError, ValueError, UnicodeDecodeError) as exc:
            fail(str(exc))
        if skill_out is not None:
            skill_out.write_text(json.dumps(skill_record(rows, runs[DEFAULT_MODEL], table, spec), indent=1) + "\n",
                                 encoding="utf-8")
        lines = [_json_line(r) for r in rows]
        if out is not None:
            out.write_text("\n".join(lines) + "\n", encoding="utf-8")
        typer.echo("\n".join(lines if as_json else _table(rows)))
