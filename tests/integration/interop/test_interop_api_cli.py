"""The exchange routes and commands: export, empty, import back; a bad file is a 400 (or
one CLI error line) and stores nothing."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import delete
from typer.testing import CliRunner

from builders import make_beds, make_facility, mangystau
from surgeops.cli.main import build_app
from surgeops.db.tables import BedSnapshot
from surgeops.interop.beds import snapshot_count
from surgeops.services.capacity import region_capacity

DAY = "2020-07-06"


def _world(session) -> dict:  # noqa: ANN001
    mangystau(session)
    make_facility(session, key="aktau-1", region="KZ-47-AKT")
    make_beds(session, facility="aktau-1", bed_type="icu", capacity=20, occupied=19)
    make_beds(session, facility="aktau-1", bed_type="oxygen", capacity=80, occupied=30, reserve=10)
    return region_capacity(session, "KZ-47", history=False)


def _emptied(session) -> None:  # noqa: ANN001
    session.execute(delete(BedSnapshot))
    session.commit()


def test_api_exports_and_imports_round_trip(client, session) -> None:  # noqa: ANN001
    before = _world(session)
    fhir = client.get("/api/exports/fhir", params={"region": "KZ-47", "date": DAY})
    edxl = client.get("/api/exports/edxl-have", params={"region": "KZ-47"})
    hxl = client.get("/api/exports/beds.hxl.csv")
    assert fhir.headers["content-type"] == "application/fhir+json" and edxl.headers["content-type"] == "application/xml"
    assert hxl.text.splitlines()[1].startswith("#loc+code")
    for path, response, kind in (("/api/imports/fhir", fhir, "application/fhir+json"),
                                 ("/api/imports/edxl-have", edxl, "application/xml"),
                                 ("/api/imports/beds.hxl.csv", hxl, "text/csv")):
        _emptied(session)
        stored = client.post(path, content=response.content, headers={"content-type": kind})
        assert stored.status_code == 200, stored.text
        session.rollback()  # see what the app's connection committed
        assert region_capacity(session, "KZ-47", history=False) == before

    bad = client.post("/api/imports/edxl-have", content=b"<nope/>", headers={"content-type": "application/xml"})
    assert bad.status_code == 400 and "EDXL-HAVE import" in bad.json()["detail"]
    bad = client.post("/api/imports/fhir", content=b"[]", headers={"content-type": "application/fhir+json"})
    assert bad.status_code == 400 and "expected a FHIR Bundle" in bad.json()["detail"]
    session.rollback()
    assert snapshot_count(session) == 2
    assert client.get("/api/exports/bedz.hxl.csv").status_code == 422
    assert client.get("/api/exports/fhir", params={"region": "XX"}).status_code == 404


def test_cli_exports_and_imports(settings, session, tmp_path: Path) -> None:  # noqa: ANN001
    before = _world(session)
    runner = CliRunner()

    def run(*args: str):  # noqa: ANN202
        return runner.invoke(build_app(), ["--database-url", settings.database_url, *args])

    for export, load, name in (("export-fhir", "import-fhir", "beds.json"), ("export-edxl", "import-edxl", "beds.xml")):
        out = tmp_path / name
        assert run(export, "--region", "KZ-47", "--date", DAY, "--out", str(out)).exit_code == 0
        _emptied(session)
        result = run(load, str(out))
        assert result.exit_code == 0 and "stored 2 bed snapshots" in result.output, result.output
        session.rollback()
        assert region_capacity(session, "KZ-47", history=False) == before
    csv_file = tmp_path / "beds.hxl.csv"
    csv_file.write_text(run("export-hxl", "beds").output, encoding="utf-8")
    _emptied(session)
    assert run("import-hxl", "beds", str(csv_file)).exit_code == 0
    session.rollback()
    assert region_capacity(session, "KZ-47", history=False) == before

    broken = tmp_path / "broken.xml"
    broken.write_text("<have:HospitalStatus xmlns:have='urn:oasis:names:tc:emergency:EDXL:HAVE:2.0'/>", encoding="utf-8")
    result = run("import-edxl", str(broken))
    assert result.exit_code == 2 and "nothing was stored" in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert run("sitrep", "--region", "KZ-47", "--date", DAY, "--out", str(tmp_path / "r.txt")).exit_code == 2
    assert run("export-fhir", "--date", "yesterday").exit_code == 2
    session.rollback()
    assert snapshot_count(session) == 2
