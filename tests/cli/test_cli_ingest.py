"""`surgeops ingest` stores reports for review and carries on past bad files."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from builders import mangystau
from surgeops.cli.main import build_app
from surgeops.db.tables import Fact, Report


def test_ingest_stores_good_files_and_reports_bad_ones(settings, session, tmp_path: Path) -> None:  # noqa: ANN001
    mangystau(session)
    good = tmp_path / "mangystau.txt"
    good.write_text("Маңғыстау облысында коронавирус инфекциясы бойынша барлығы 1766 төсек-орын дайындалды.", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "scan.pdf"
    binary.write_bytes(b"%PDF\x00\x01\x02" * 100)
    args = ["--database-url", settings.database_url, "ingest", str(empty), str(good), str(binary), str(good)]
    result = CliRunner().invoke(build_app(), args)
    assert result.exit_code == 1
    assert "empty.txt" in result.output and "scan.pdf" in result.output
    assert "1 report(s) stored" in result.output and "1 already known" in result.output and "2 failed" in result.output
    assert "Traceback" not in result.output
    session.rollback()  # end the read transaction: see what other connections committed
    assert session.query(Report).count() == 1
    assert session.query(Fact).filter(Fact.status == "pending").count() >= 1
