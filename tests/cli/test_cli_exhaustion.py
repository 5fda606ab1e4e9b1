"""`surgeops exhaustion` prints what /api/forecast/exhaustion serves."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from surgeops.cli.main import build_app
from surgeops.services.demo import load_demo
from surgeops.services.forecasts import exhaustion


def test_exhaustion_lists_regions_soonest_first(settings, session) -> None:  # noqa: ANN001
    load_demo(session)
    result = CliRunner().invoke(build_app(), ["--database-url", settings.database_url, "exhaustion", "--json"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.output)
    assert body == json.loads(json.dumps(exhaustion(session)))
    days = [r["days_left"] for r in body["regions"] if r["days_left"] is not None]
    assert days == sorted(days) and len(body["regions"]) > 10


def test_bad_date_is_a_clear_error(settings) -> None:  # noqa: ANN001
    result = CliRunner().invoke(build_app(), ["--database-url", settings.database_url, "exhaustion", "--as-of", "July"])
    assert result.exit_code == 2 and "--as-of" in result.output
