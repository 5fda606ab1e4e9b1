"""A malformed or wrong import file gets one clear error naming what is wrong, and stores
nothing: the bed snapshot count is unchanged (FHIR, EDXL-HAVE, HXL CSV; both databases)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from builders import TESTER, make_beds, make_facility, make_region, mangystau
from surgeops.db.tables import CaseStat
from surgeops.domain.cases import CaseStatCreate
from surgeops.domain.errors import NotFound
from surgeops.interop import edxl, fhir, hxl
from surgeops.interop.beds import snapshot_count
from surgeops.interop.errors import InteropError
from surgeops.services import cases, crud
from surgeops.services.imports import ImportError_

DATA = Path(__file__).resolve().parents[2] / "data" / "interop"
DAY = dt.date(2020, 7, 6)


def _world(session: Session) -> None:
    """Two facilities in Aktau with beds of three types."""
    mangystau(session)
    make_facility(session, key="aktau-1", region="KZ-47-AKT")
    make_facility(session, key="aktau-2", region="KZ-47-AKT", services=["emergency", "therapy"])
    make_beds(session, facility="aktau-1", bed_type="icu", capacity=20, occupied=19)
    make_beds(session, facility="aktau-1", bed_type="provisional", capacity=100, occupied=60, reserve=40)
    make_beds(session, facility="aktau-2", bed_type="quarantine", capacity=50, occupied=10)


def _refused(session: Session, call, *needles: str) -> None:  # noqa: ANN001
    before = snapshot_count(session)
    with pytest.raises((InteropError, ImportError_)) as info:
        call()
    session.rollback()
    assert snapshot_count(session) == before
    for needle in needles:
        assert needle in str(info.value), str(info.value)


def _bundle(session: Session) -> dict:
    return json.loads(fhir.export_json(session, region="KZ-47", as_of=DAY))


def _facility_entry(bundle: dict, key: str) -> dict:
    return next(e["resource"] for e in bundle["entry"] if e["resource"]["subject"]["identifier"]["value"] == key)


def test_malformed_fhir_is_refused_whole(session: Session) -> None:
    _world(session)
    _refused(session, lambda: fhir.import_bundle(session, "{not json", actor=TESTER), "FHIR import", "not JSON")
    _refused(session, lambda: fhir.import_bundle(session, '{"resourceType": "Patient"}', actor=TESTER), "expected a FHIR Bundle")
    bundle = _bundle(session)
    _facility_entry(bundle, "aktau-2")["group"][0]["population"][0]["count"] = "many"
    _refused(session, lambda: fhir.import_bundle(session, json.dumps(bundle), actor=TESTER), "not valid FHIR R4", "count")

    bundle = _bundle(session)
    _facility_entry(bundle, "aktau-1")["group"][0]["population"][0]["count"] = 999  # strata no longer add up
    _refused(session, lambda: fhir.import_bundle(session, json.dumps(bundle), actor=TESTER), "(aktau-1)", "do not add up")

    bundle = _bundle(session)  # the first facility is fine, the second is unknown: nothing of either is stored
    _facility_entry(bundle, "aktau-1")["period"] = {"start": "2020-07-07", "end": "2020-07-07"}
    _facility_entry(bundle, "aktau-2")["subject"]["identifier"]["value"] = "nowhere"
    _refused(session, lambda: fhir.import_bundle(session, json.dumps(bundle), actor=TESTER), "unknown facility 'nowhere'")

    bundle = _bundle(session)
    occupied = next(g for g in _facility_entry(bundle, "aktau-2")["group"] if g["code"]["coding"][0]["code"] == "totBedsOcc")
    occupied["stratifier"][0]["stratum"][0]["population"][0]["count"] = 51
    _refused(session, lambda: fhir.import_bundle(session, json.dumps(bundle), actor=TESTER), "quarantine", "exceed the capacity")


def test_a_saner_report_without_the_surgeops_stratifier_is_read_by_its_groups(session: Session) -> None:
    _world(session)
    figures = fhir.figures_from_bundle((DATA / "saner_plain.json").read_text(encoding="utf-8"))
    assert {(f.bed_type, f.capacity, f.occupied) for f in figures} == {("icu", 12, 10), ("general", 88, 70), ("quarantine", 20, 0)}
    assert fhir.import_bundle(session, (DATA / "saner_plain.json").read_bytes(), actor=TESTER) == 3


def test_malformed_edxl_is_refused_whole(session: Session) -> None:
    _world(session)
    document = edxl.export_xml(session, region="KZ-47", as_of=DAY)
    _refused(session, lambda: edxl.import_xml(session, b"<have:HospitalStatus", actor=TESTER), "EDXL-HAVE import", "not well-formed")
    broken = document.replace(b"<have:BaselineCount>", b"<have:Baseline>", 1).replace(b"</have:BaselineCount>", b"</have:Baseline>", 1)
    _refused(session, lambda: edxl.import_xml(session, broken, actor=TESTER), "does not follow the EDXL-HAVE 2.0 schema", "have:Baseline")
    _refused(session, lambda: edxl.import_xml(session, document.replace(b"AdultICU", b"Hammocks"), actor=TESTER), "unknown bed type 'Hammocks'")
    _refused(session, lambda: edxl.import_xml(session, document.replace(b">aktau-2<", b">nowhere<"), actor=TESTER), "unknown facility 'nowhere'")
    make_region(session, code="KZ-10", level="region", names={"en": "Abai"})
    with pytest.raises(InteropError, match="region KZ-10: has no facilities"):
        edxl.export_xml(session, region="KZ-10")
    with pytest.raises(NotFound):
        edxl.export_xml(session, region="KZ-99")


def test_edxl_says_what_the_emergency_department_and_services_do(session: Session) -> None:
    _world(session)
    text = edxl.export_xml(session, region="KZ-47", as_of=DAY).decode("utf-8")
    assert "<have:EMSTrafficStatus>Normal</have:EMSTrafficStatus>" in text  # aktau-2 offers emergency care
    assert "<have:Value>AdultICU</have:Value>" in text and "<have:AvailableCount>1</have:AvailableCount>" in text
    assert "<have:AdditionalCapacityCount72Hr>40</have:AdditionalCapacityCount72Hr>" in text


def test_malformed_hxl_is_refused_whole_with_the_file_line(session: Session) -> None:
    _world(session)
    table = hxl.export_csv(session, "beds")
    _refused(session, lambda: hxl.import_csv(session, "beds", "facility,capacity\naktau-1,3\n", actor=TESTER), "no HXL hashtag row")
    _refused(session, lambda: hxl.import_csv(session, "beds", table.replace("#capacity+beds", "#capacity+sofas"), actor=TESTER),
             "#capacity+sofas means nothing for beds")
    later = table.replace("2020-07-06", "2020-07-08")
    lines = later.splitlines()
    assert lines[3].startswith("aktau-1,provisional,")
    lines[3] = lines[3].replace(",100,60,", ",100,160,")  # file line 4: more occupied than beds
    _refused(session, lambda: hxl.import_csv(session, "beds", "\n".join(lines) + "\n", actor=TESTER), "row 4", "160 occupied beds exceed")


def test_hxl_reads_hashtags_in_any_order_and_language_columns(session: Session) -> None:
    mangystau(session)
    text = (DATA / "facilities.hxl.csv").read_text(encoding="utf-8")
    assert hxl.import_csv(session, "facilities", text, actor=TESTER).created == 2
    again = hxl.export_csv(session, "facilities")
    assert again.splitlines()[1].startswith("#loc+code,#loc+name+i_ru,#loc+name+i_kk,#loc+name+i_en,#loc+type,#adm1+code")
    assert "Ақтау қалалық ауруханасы" in again


def test_region_reports_sum_facilities_up_the_tree_and_carry_hospitalised_patients(session: Session) -> None:
    _world(session)
    crud.create(session, cases.RESOURCE, CaseStatCreate(region="KZ-47", date=DAY, metric="hospitalized", value=77), actor=TESTER)
    bundle = json.loads(fhir.export_json(session, as_of=DAY))
    by_subject = {e["resource"]["subject"]["identifier"]["value"]: e["resource"] for e in bundle["entry"]}
    assert set(by_subject) == {"aktau-1", "aktau-2", "KZ-47-AKT", "KZ-47", "KZ"}

    def count(subject: str, code: str) -> int:
        return next(g["population"][0]["count"] for g in by_subject[subject]["group"] if g["code"]["coding"][0]["code"] == code)

    assert [count(s, "numTotBeds") for s in ("KZ", "KZ-47", "KZ-47-AKT")] == [170, 170, 170]
    assert (count("KZ", "numBeds"), count("KZ", "numBedsOcc"), count("KZ", "numICUBeds"), count("KZ", "numICUBedsOcc")) == (120, 79, 20, 19)
    assert count("KZ-47", "numC19HospPats") == 77
    assert not any(g["code"]["coding"][0]["code"] == "numC19HospPats" for g in by_subject["KZ"]["group"])


def test_case_figures_travel_wide_and_come_back_long(session: Session) -> None:
    mangystau(session)
    figures = {("KZ-47", DAY, "confirmed"): 1672, ("KZ-47", DAY, "recovered"): 664, ("KZ-47", DAY, "deaths"): 3,
               ("KZ-47-AKT", DAY, "confirmed"): 900, ("KZ-47", DAY - dt.timedelta(days=1), "confirmed"): 1600}
    for (region, day, metric), value in figures.items():
        crud.create(session, cases.RESOURCE, CaseStatCreate(region=region, date=day, metric=metric, value=value), actor=TESTER)
    table = hxl.export_csv(session, "cases")
    lines = table.splitlines()
    assert lines[0].startswith("region,date,confirmed,") and "#affected+infected" in lines[1] and "#affected+killed" in lines[1]
    assert len(lines) == 2 + 3  # one row per region and day
    session.execute(delete(CaseStat))
    session.commit()
    assert hxl.import_csv(session, "cases", table, actor=TESTER).created == len(figures)
    stored = {(c.region, c.date, c.metric): c.value for c in session.scalars(select(CaseStat))}
    assert stored == figures
