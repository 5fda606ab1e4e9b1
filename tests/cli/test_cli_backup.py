"""Backup and restore round trip on both databases."""

from __future__ import annotations

import os
from pathlib import Path

from typer.testing import CliRunner

from builders import mangystau
from surgeops.cli.main import build_app
from surgeops.db.tables import Region

runner = CliRunner()


def test_backup_then_restore_brings_back_what_was_lost(settings, session, tmp_path: Path) -> None:  # noqa: ANN001
    mangystau(session)
    target = tmp_path / "surgeops.backup"
    made = runner.invoke(build_app(), ["--database-url", settings.database_url, "backup", str(target)])
    assert made.exit_code == 0, made.output
    assert target.stat().st_size > 0
    session.query(Region).filter(Region.code == "KZ-47-AKT").delete()
    session.commit()
    assert session.query(Region).count() == 2
    session.close()
    restored = runner.invoke(build_app(), ["--database-url", settings.database_url, "restore", str(target), "--yes"])
    assert restored.exit_code == 0, restored.output
    session.rollback()  # end the read transaction: see what other connections committed
    assert sorted(r.code for r in session.query(Region)) == ["KZ", "KZ-47", "KZ-47-AKT"]


def test_restore_of_a_bad_file_is_a_clear_error(settings, session, tmp_path: Path) -> None:  # noqa: ANN001
    mangystau(session)
    junk = tmp_path / "junk.backup"
    junk.write_bytes(b"this is not a backup")
    result = runner.invoke(build_app(), ["--database-url", settings.database_url, "restore", str(junk), "--yes"])
    assert result.exit_code == 2 and "Traceback" not in result.output
    session.rollback()  # end the read transaction: see what other connections committed
    assert session.query(Region).count() == 3


def test_the_postgresql_password_goes_to_the_environment_not_the_command_line() -> None:
    from surgeops.services.backup import _libpq

    address, env = _libpq("postgresql+psycopg://ops:s3cret@db.example:5433/surgeops")
    assert address == "postgresql://ops@db.example:5433/surgeops" and "s3cret" not in address
    assert env["PGPASSWORD"] == "s3cret"
    address, env = _libpq("postgresql+psycopg://postgres@127.0.0.1/postgres")
    assert address == "postgresql://postgres@127.0.0.1/postgres" and env.get("PGPASSWORD") == os.environ.get("PGPASSWORD")
