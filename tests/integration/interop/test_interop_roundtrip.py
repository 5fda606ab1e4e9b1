"""Export then import into an emptied copy gives back the same figures: FHIR, EDXL-HAVE and
HXL CSV, on the demo data, on both databases. The exports validate on the way out."""

from __future__ import annotations

import datetime as dt
import json

from fhir.resources.R4B.bundle import Bundle
from lxml import etree
from sqlalchemy import delete
from sqlalchemy.orm import Session

from builders import TESTER
from surgeops.db.tables import BedSnapshot
from surgeops.interop import edxl, fhir, hxl
from surgeops.interop.beds import current_figures, snapshot_count
from surgeops.services.capacity import region_capacity
from surgeops.services.demo import demo_date, load_demo


def _empty_beds(session: Session) -> None:
    session.execute(delete(BedSnapshot))
    session.commit()
    assert snapshot_count(session) == 0


def _state(session: Session, day: dt.date) -> tuple[object, ...]:
    kz47 = region_capacity(session, "KZ-47", as_of=day, history=False)
    return kz47["total"], kz47["by_type"], set(current_figures(session, region="KZ-47", as_of=day))


def test_fhir_edxl_and_hxl_round_trips_give_back_the_demo_figures(session: Session) -> None:
    load_demo(session)
    day = demo_date()
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
    _empty_beds(session)
    assert edxl.import_xml(session, document, actor=TESTER) == 11
    assert _state(session, day) == before

