"""`surgeops import|export|db` against both databases."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from builders import mangystau
from alembic.script import ScriptDirectory

from surgeops.cli.main import build_app
from surgeops.db.migrate import alembic_config
from surgeops.db.tables import Facility

runner = CliRunner()


def _run(settings, *args: str):  # noqa: ANN001, ANN202
    return runner.invoke(build_app(), ["--database-url", settings.database_url, *args])


def test_import_with_one_bad_row_names_it_and_stores_nothing(settings, session, tmp_path: Path) -> None:  # noqa: ANN001
    mangystau(session)
    csv_file = tmp_path / "facilities.csv"
    csv_file.write_text(
        "key,names.en,kind,region,lat,lon\n"
        "aktau-1,Aktau hospital 1,general_hospital,KZ-47-AKT,43.6,51.2\n"
        "aktau-2,Aktau hospital 2,general_hospital,KZ-47-AKT,143.6,51.2\n"
        "aktau-3,Aktau hospital 3,clinic,KZ-47-AKT,43.6,51.2\n",
        encoding="utf-8",
    )
    result = _run(settings, "import", str(csv_file))
    assert result.exit_code == 2
    assert "row 3, column lat" in result.output
    assert "nothing was stored" in result.output
    assert "Traceback" not in result.output
    session.rollback()  # end the read transaction: see what other connections committed
    assert session.query(Facility).count() == 0


def test_import_then_export_round_trip(settings, session, tmp_path: Path) -> None:  # noqa: ANN001
    mangystau(session)
    csv_file = tmp_path / "facilities.csv"
    csv_file.write_text(
        "key,names.en,names.ru,kind,region,services\n"
        'aktau-1,Aktau hospital 1,Больница 1,general_hospital,KZ-47-AKT,"[""therapy"", ""surgery""]"\n',
        encoding="utf-8",
    )
    assert _run(settings, "import", str(csv_file)).exit_code == 0
    exported = _run(settings, "export", "facilities", "--format", "json")
    assert exported.exit_code == 0
    assert '"Больница 1"' in exported.output and '"surgery"' in exported.output
    out = tmp_path / "again.csv"
    assert _run(settings, "export", "facilities", "--out", str(out)).exit_code == 0
    assert "aktau-1" in out.read_text(encoding="utf-8")


def test_unknown_reference_is_reported_with_row_and_column(settings, session, tmp_path: Path) -> None:  # noqa: ANN001
    mangystau(session)
    json_file = tmp_path / "beds.json"
    json_file.write_text('[{"facility": "nowhere", "bed_type": "icu", "as_of": "2020-07-06", "capacity": 3}]', encoding="utf-8")
    result = _run(settings, "import", str(json_file))
    assert result.exit_code == 2
    assert "row 1, column facility: unknown facility nowhere" in result.output


def test_missing_file_and_unknown_kind_are_clear(settings, tmp_path: Path) -> None:  # noqa: ANN001
    missing = _run(settings, "import", str(tmp_path / "nope.csv"))
    assert missing.exit_code == 2 and "no such file" in missing.output
    bad_kind = _run(settings, "export", "unicorns")
    assert bad_kind.exit_code == 2 and "unknown record kind" in bad_kind.output


def test_db_upgrade_creates_a_fresh_sqlite_database(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new.db'}"
    result = runner.invoke(build_app(), ["--database-url", url, "db", "upgrade"])
    assert result.exit_code == 0, result.output
    head = ScriptDirectory.from_config(alembic_config(url)).get_current_head()
    assert f"revision {head}" in result.output
    again = runner.invoke(build_app(), ["--database-url", url, "db", "current"])
    assert again.output.strip() == head
