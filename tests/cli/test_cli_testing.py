"""`surgeops testing import|stats` against both databases."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from surgeops.cli.main import build_app

runner = CliRunner()

CSV = """sample_id,event,at,place
T1,declared,2021-08-01T08:00,clinic
T1,sampled,2021-08-01T10:00,clinic
T1,in_transport,2021-08-01T11:00,courier
T1,received,2021-08-01T12:00,lab-A
T1,positive,2021-08-01T20:00,lab-A
T2,declared,2021-08-01T08:00,clinic
T2,sampled,2021-08-01T12:00,clinic
T2,in_transport,2021-08-01T13:00,courier
T2,received,2021-08-01T14:00,lab-A
"""


def _run(settings, *args: str):  # noqa: ANN001, ANN202
    return runner.invoke(build_app(), ["--database-url", settings.database_url, *args])


def test_import_then_stats(settings, tmp_path: Path) -> None:  # noqa: ANN001
    events = tmp_path / "events.csv"
    events.write_text(CSV, encoding="utf-8")
    imported = _run(settings, "testing", "import", str(events), "--tz", "Asia/Ho_Chi_Minh")
    assert imported.exit_code == 0, imported.output
    assert imported.output.strip() == "imported 9 events of 2 samples from events.csv"
    stats = _run(settings, "testing", "stats", "--as-of", "2021-08-01T21:00:00+07:00")
    assert stats.exit_code == 0, stats.output
    lines = stats.output.splitlines()
    assert lines[0] == "2 samples; backlog as of 2021-08-01T14:00:00+00:00"
    assert any(line.split() == ["declared_to_sampled", "2", "3.0", "3.8"] for line in lines)
    assert any(line.split() == ["slowest", "step:", "received_to_result"] for line in lines)
    assert "Backlog lab-A: 1 waiting, oldest received 2021-08-01T07:00:00+00:00" in lines
    as_json = json.loads(_run(settings, "testing", "stats", "--lab", "lab-A", "--json").output)
    assert as_json["samples"] == 2 and list(as_json["by_lab"]) == ["lab-A"]


def test_a_bad_file_names_the_row_and_stores_nothing(settings, tmp_path: Path) -> None:  # noqa: ANN001
    events = tmp_path / "bad.csv"
    events.write_text(CSV.replace("T2,received,2021-08-01T14:00", "T2,received,2021-08-01T12:30"), encoding="utf-8")
    result = _run(settings, "testing", "import", str(events), "--tz", "+07:00")
    assert result.exit_code == 2
    assert result.output.strip() == ("Error: bad.csv: sample T2: received at 2021-08-01T12:30:00+07:00 (row 10) is earlier "
                                     "than in_transport at 2021-08-01T13:00:00+07:00 (row 9) (nothing was stored)")
    no_zone = _run(settings, "testing", "import", str(events))
    assert no_zone.exit_code == 2 and "row 2, column 'at'" in no_zone.output
    assert json.loads(_run(settings, "testing", "stats", "--json").output)["samples"] == 0
    missing = _run(settings, "testing", "import", str(tmp_path / "nope.csv"))
    assert missing.exit_code == 2 and "cannot read" in missing.output
