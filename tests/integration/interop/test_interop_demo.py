"""On the demo data, on both databases (one demo load each, to keep the suite quick):

- the situation report for Mangystau on the demo day in four languages: a PDF whose first
  page renders (pdftoppm) and whose text layer holds the headline figures in the language's
  own words and letters; the same report as HTML through the API and through the CLI;
- export then import into an emptied copy gives back the same figures: HXL CSV, FHIR and
  EDXL-HAVE, and the exports validate (FHIR R4 models, the EDXL-HAVE XSD)."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
from io import BytesIO
from pathlib import Path

import pytest
from fhir.resources.R4B.bundle import Bundle
from lxml import etree
from pypdf import PdfReader
from sqlalchemy import delete
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from builders import TESTER
from surgeops.cli.main import build_app
from surgeops.db.tables import BedSnapshot
from surgeops.interop import edxl, fhir, hxl
from surgeops.interop.beds import current_figures, snapshot_count
from surgeops.interop.sitrep import render
from surgeops.services.capacity import region_capacity
from surgeops.services.demo import demo_date, load_demo


def test_demo_report_and_round_trips(session: Session, client, settings, tmp_path: Path) -> None:  # noqa: ANN001
    load_demo(session)
    _reports(session, client, settings, tmp_path, demo_date())
    _round_trips(session, demo_date())


# Words only the right language and a font that covers its letters can put in the text layer.
OWN_WORDS = {"ru": "Загруженность", "kk": "Төсек түрлері бойынша толымдылық", "vi": "Giường bệnh", "en": "Occupancy"}
GROUPING = re.compile(r"(?<=\d)[\s\u00a0\u202f,.](?=\d{3}\b)")


def _pdftoppm() -> str:
    found = shutil.which("pdftoppm")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("pdftoppm is missing: install Debian's poppler-utils")
        pytest.skip("pdftoppm is missing: install Debian's poppler-utils")
    return found


def _first_page_png(pdf: bytes, tmp_path: Path, name: str) -> bytes:
    source = tmp_path / f"{name}.pdf"
    source.write_bytes(pdf)
    subprocess.run([_pdftoppm(), "-png", "-r", "50", "-f", "1", "-l", "1", "-singlefile", str(source), str(tmp_path / name)],
                   check=True, timeout=60)
    return (tmp_path / f"{name}.png").read_bytes()


def _reports(session: Session, client, settings, tmp_path: Path, day: dt.date) -> None:  # noqa: ANN001
    """The Mangystau report in four languages, as PDF, through the API and the CLI."""
    for lang, own in OWN_WORDS.items():
        pdf = render(session, region="KZ-47", day=day, lang=lang, fmt="pdf")
        assert _first_page_png(pdf, tmp_path, lang).startswith(b"\x89PNG")
        first = PdfReader(BytesIO(pdf)).pages[0].extract_text()
        plain = GROUPING.sub("", first)
        assert "1766" in plain and re.search(r"\b76\s?%", plain), (lang, first[:400])
        assert own in " ".join(first.split()), (lang, first[:400])

    page = client.get("/api/sitrep", params={"region": "KZ-47", "date": day.isoformat(), "lang": "kk", "format": "html"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "Маңғыстау облысы" in page.text and "1\u00a0766" in page.text and "data:image/png;base64," in page.text
    assert "Төсектердің болжамды таусылу күні" in page.text  # the districts are ranked by the regional forecast
    assert client.get("/api/sitrep", params={"region": "XX-1", "date": day.isoformat()}).status_code == 404

    out = tmp_path / "sitrep.html"
    result = CliRunner().invoke(build_app(), ["--database-url", settings.database_url, "sitrep", "--country", "KZ",
                                              "--date", day.isoformat(), "--lang", "ru", "--out", str(out)])
    assert result.exit_code == 0, result.output
    national = out.read_text(encoding="utf-8")
    assert "Казахстан" in national and "Алексей Токарев" in national  # the Moscow team in Almaty is arriving


NS = {"have": edxl.NS}


def _hospital(document: bytes, key: str) -> etree._Element:
    root = etree.fromstring(document)
    return next(h for h in root.iterfind("have:Hospital", NS)
                if _text(h, "have:Organization/have:OrganizationInformation/have:OrganisationID") == key)


def _text(node: etree._Element, path: str) -> str:
    return node.findtext(path, namespaces=NS)


def _empty_beds(session: Session) -> None:
    session.execute(delete(BedSnapshot))
    session.commit()
    assert snapshot_count(session) == 0


def _state(session: Session, day: dt.date) -> tuple[object, ...]:
    kz47 = region_capacity(session, "KZ-47", as_of=day, history=False)
    return kz47["total"], kz47["by_type"], set(current_figures(session, region="KZ-47", as_of=day))


def _round_trips(session: Session, day: dt.date) -> None:
    """FHIR, EDXL-HAVE and HXL: export, empty the beds, import, same figures."""
    before = _state(session, day)
    assert before[0]["capacity"] == 1766 and before[0]["occupancy_pct"] == 76.0

    history = region_capacity(session, "KZ-47", history=True)["history"]
    lines = hxl.export_csv(session, "beds").splitlines()  # every snapshot of every day
    assert lines[1].startswith("#loc+code,#capacity+type,#date,#capacity+beds")
    mangystau = {f.facility for f in before[2]}
    table = "\n".join(lines[:2] + [line for line in lines[2:] if line.split(",")[0] in mangystau]) + "\n"
    _empty_beds(session)
    assert hxl.import_csv(session, "beds", table, actor=TESTER).created == len(table.splitlines()) - 2 > 50
    assert _state(session, day) == before
    assert region_capacity(session, "KZ-47", history=True)["history"] == history

    bundle = fhir.export_json(session, region="KZ-47", as_of=day)
    Bundle.model_validate_json(bundle)  # valid FHIR R4 (R4B models)
    reports = [e["resource"] for e in json.loads(bundle)["entry"]]
    region_report = next(r for r in reports if r["subject"]["identifier"]["value"] == "KZ-47")
    counts = {g["code"]["coding"][0]["code"]: g["population"][0]["count"] for g in region_report["group"]}
    assert counts["numTotBeds"] == 1766 and counts["numBeds"] == 1576 and counts["totBedsReserve"] == 600
    _empty_beds(session)
    assert fhir.import_bundle(session, bundle, actor=TESTER) == 11
    assert _state(session, day) == before

    document = edxl.export_xml(session, region="KZ-47", as_of=day)
    assert edxl.schema().validate(etree.fromstring(document))
    converted = _hospital(document, "mng-regional-hospital")
    assert _text(converted, "have:EmergencyDepartmentStatus/have:EMSTraffic/have:EMSTrafficStatus") == "Closed"
    assert ("trauma", "Diverted") in {(_text(s, "have:ServiceType/have:Value"), _text(s, "have:ServiceStatus"))
                                      for s in converted.iterfind("have:ServiceCoverageStatus/have:Service", NS)}
    _empty_beds(session)
    assert edxl.import_xml(session, document, actor=TESTER) == 11
    assert _state(session, day) == before

