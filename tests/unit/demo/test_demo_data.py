"""The demo scenario's reference data is consistent with itself, the domain codes and report 004."""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections import Counter
from importlib.resources import files
from typing import Any

import pytest

from surgeops.domain.codes import (
    SERVICES,
    ActivityKind,
    BasisKind,
    BedType,
    DeploymentStatus,
    FacilityKind,
    Item,
    Metric,
    Owner,
    RegionLevel,
    ShipmentStatus,
    Specialty,
)

DATA = files("surgeops.demo") / "data"
FILES = ("regions", "facilities", "beds", "cases", "conversions", "deployments", "shipments", "activities")
KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")

# (lat_min, lat_max, lon_min, lon_max) generous boxes around each country's territory.
BOXES = {
    "KZ": (40.5, 55.5, 46.4, 87.4),
    "VN": (8.4, 23.4, 102.1, 109.5),
    "RU": (41.1, 82.0, 19.6, 180.0),
    "KG": (39.1, 43.3, 69.2, 80.3),
    "UZ": (37.1, 45.6, 55.9, 73.2),
    "CN": (18.1, 53.6, 73.5, 135.1),
}
MANGYSTAU_BOX = (41.2, 46.0, 50.0, 56.0)


def load(name: str) -> Any:
    return json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def data() -> dict[str, Any]:
    return {name: load(name) for name in FILES}


@pytest.fixture(scope="module")
def regions(data: dict[str, Any]) -> dict[str, dict]:
    return {r["code"]: r for r in data["regions"]}


@pytest.fixture(scope="module")
def facilities(data: dict[str, Any]) -> dict[str, dict]:
    return {f["key"]: f for f in data["facilities"]}


def country_of(code: str, regions: dict[str, dict]) -> str:
    while regions[code]["parent"]:
        code = regions[code]["parent"]
    return code


def in_box(lat: float, lon: float, box: tuple[float, float, float, float]) -> bool:
    return box[0] <= lat <= box[1] and box[2] <= lon <= box[3]


def mangystau_beds(data: dict[str, Any], facilities: dict[str, dict], regions: dict[str, dict]) -> list[dict]:
    def in_mangystau(key: str) -> bool:
        code = facilities[key]["region"]
        return code == "KZ-47" or regions[code]["parent"] == "KZ-47"

    return [b for b in data["beds"]["beds"] if in_mangystau(b["facility"])]


# --- files ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", FILES)
def test_files_are_utf8_with_real_unicode_in_nfc(name: str) -> None:
    text = (DATA / f"{name}.json").read_text(encoding="utf-8")
    assert "\\u" not in text, "write real Unicode, not escapes"
    assert unicodedata.normalize("NFC", text) == text


def test_sources_note_names_the_demo_day_and_the_free_icu_bed() -> None:
    text = (DATA / "SOURCES.md").read_text(encoding="utf-8")
    assert "2020-07-06" in text and "alm-gkb-4" in text


# --- regions -------------------------------------------------------------------------------


def test_region_codes_are_unique(data: dict[str, Any]) -> None:
    counts = Counter(r["code"] for r in data["regions"])
    assert [c for c, n in counts.items() if n > 1] == []


def test_region_levels_follow_the_hierarchy(regions: dict[str, dict]) -> None:
    below = {"region": "country", "district": "region"}
    for code, r in regions.items():
        assert r["level"] in set(RegionLevel), code
        if r["level"] == "country":
            assert r["parent"] is None, code
        else:
            assert r["parent"] in regions, code
            assert regions[r["parent"]]["level"] == below[r["level"]], code


def test_regions_have_four_names_positive_population_and_coordinates_inside_their_country(
    regions: dict[str, dict],
) -> None:
    for code, r in regions.items():
        assert all(r["names"].get(lang) for lang in ("ru", "kk", "vi", "en")), code
        assert isinstance(r["population"], int) and r["population"] > 0, code
        assert in_box(r["lat"], r["lon"], BOXES[country_of(code, regions)]), code


def test_kazakhstan_has_its_twenty_first_level_units_and_astana_keeps_its_old_name(
    regions: dict[str, dict],
) -> None:
    kz = {c for c, r in regions.items() if r["parent"] == "KZ"}
    assert len(kz) == 20 and {"KZ-10", "KZ-33", "KZ-62", "KZ-71", "KZ-75", "KZ-79"} <= kz
    assert regions["KZ-71"]["names"]["ru"] == "Астана"
    assert "Нур-Султан" in regions["KZ-71"]["aliases"]


def test_vietnam_has_its_63_provinces_of_2021(regions: dict[str, dict]) -> None:
    vn = {c: r for c, r in regions.items() if r["parent"] == "VN"}
    assert len(vn) == 63
    assert vn["VN-44"]["names"]["vi"] == "An Giang" and vn["VN-44"]["names"]["ru"] == "Анзянг"
    assert vn["VN-54"]["names"]["vi"] == "Bắc Giang" and vn["VN-69"]["names"]["vi"] == "Thái Nguyên"


def test_mangystau_districts_lie_in_mangystau_and_sum_to_its_population(regions: dict[str, dict]) -> None:
    districts = [r for r in regions.values() if r["parent"] == "KZ-47"]
    assert {r["code"] for r in districts} == {f"KZ-47-{s}" for s in ("AKT", "ZHA", "BEY", "MAN", "MUN", "KAR", "TUP")}
    assert all(in_box(r["lat"], r["lon"], MANGYSTAU_BOX) for r in districts)
    assert sum(r["population"] for r in districts) == regions["KZ-47"]["population"]


# --- facilities ----------------------------------------------------------------------------


def test_facility_keys_are_unique_and_well_formed(data: dict[str, Any]) -> None:
    keys = [f["key"] for f in data["facilities"]]
    assert len(keys) == len(set(keys))
    assert all(KEY.match(k) and len(k) <= 40 for k in keys)


def test_facilities_use_known_codes_and_existing_regions(
    facilities: dict[str, dict], regions: dict[str, dict]
) -> None:
    for key, f in facilities.items():
        assert f["kind"] in set(FacilityKind), key
        assert f["owner"] in set(Owner), key
        assert set(f["services"]) <= set(SERVICES), key
        assert f["region"] in regions, key
        assert f["names"].get("en"), key
        assert in_box(f["lat"], f["lon"], BOXES[country_of(f["region"], regions)]), key


def test_mangystau_facilities_sit_in_its_districts(facilities: dict[str, dict]) -> None:
    mangystau = [f for f in facilities.values() if f["key"].startswith("mng-")]
    assert all(f["region"].startswith("KZ-47-") for f in mangystau)
    assert all(in_box(f["lat"], f["lon"], MANGYSTAU_BOX) for f in mangystau)
    districts = {f["region"] for f in mangystau if f["kind"] == "provisional_hospital"}
    assert len(districts) == 7, "a provisional stationary in every city and district"


# --- beds ----------------------------------------------------------------------------------


def test_bed_rows_are_valid(data: dict[str, Any], facilities: dict[str, dict]) -> None:
    dt.date.fromisoformat(data["beds"]["date"])
    seen = Counter((b["facility"], b["bed_type"]) for b in data["beds"]["beds"])
    assert [k for k, n in seen.items() if n > 1] == []
    for b in data["beds"]["beds"]:
        assert b["facility"] in facilities
        assert b["bed_type"] in set(BedType)
        assert 0 <= b["occupied"] <= b["capacity"] and b["reserve"] >= 0


def test_mangystau_beds_match_report_004_exactly(
    data: dict[str, Any], facilities: dict[str, dict], regions: dict[str, dict]
) -> None:
    beds = mangystau_beds(data, facilities, regions)
    by_type = Counter()
    for b in beds:
        by_type[b["bed_type"]] += b["capacity"]
    assert dict(by_type) == {"infectious": 230, "provisional": 1346, "quarantine": 190}
    assert sum(b["capacity"] for b in beds) == 1766
    occupied = sum(b["occupied"] for b in beds)
    assert occupied == 1342 and round(100 * occupied / 1766) == 76
    assert sum(b["reserve"] for b in beds) == 600


def test_mangystau_reserve_sits_in_provisional_stationaries_of_every_city_and_district(
    data: dict[str, Any], facilities: dict[str, dict], regions: dict[str, dict]
) -> None:
    reserve = [b for b in mangystau_beds(data, facilities, regions) if b["reserve"]]
    assert all(facilities[b["facility"]]["kind"] == "provisional_hospital" for b in reserve)
    assert len({facilities[b["facility"]]["region"] for b in reserve}) == 7


def test_regional_hospital_holds_650_provisional_beds_and_clinics_hold_none(data: dict[str, Any]) -> None:
    rows = data["beds"]["beds"]
    hospital = [b for b in rows if b["facility"] == "mng-regional-hospital"]
    assert [(b["bed_type"], b["capacity"]) for b in hospital] == [("provisional", 650)]
    clinics = {"mng-sofie-medgroup", "mng-archimed", "mng-yasin", "mng-neuron"}
    assert not [b for b in rows if b["facility"] in clinics]


def test_almaty_has_exactly_one_free_icu_bed_at_city_hospital_4(
    data: dict[str, Any], facilities: dict[str, dict]
) -> None:
    icu = [b for b in data["beds"]["beds"] if b["bed_type"] == "icu" and facilities[b["facility"]]["region"] == "KZ-75"]
    free = {b["facility"]: b["capacity"] - b["occupied"] for b in icu}
    assert free.pop("alm-gkb-4") == 1
    assert set(free.values()) == {0}


# --- cases and conversions -----------------------------------------------------------------


def test_cases_use_known_metrics_regions_and_dates(data: dict[str, Any], regions: dict[str, dict]) -> None:
    for c in data["cases"]:
        assert c["metric"] in set(Metric) and c["region"] in regions
        assert c["date"] == data["beds"]["date"] and c["value"] >= 0
    assert len({(c["region"], c["metric"]) for c in data["cases"]}) == len(data["cases"])


def test_mangystau_cases_match_report_004(data: dict[str, Any]) -> None:
    mng = {c["metric"]: c["value"] for c in data["cases"] if c["region"] == "KZ-47"}
    assert mng == {"confirmed": 1672, "asymptomatic": 1140, "recovered": 664, "in_treatment": 1025,
                   "daily_pneumonia_complaints": 300, "daily_admissions": 150}


def test_conversion_reroutes_the_regional_hospital_services_as_report_004_lists(
    data: dict[str, Any], facilities: dict[str, dict]
) -> None:
    [conv] = data["conversions"]
    assert conv["facility"] == "mng-regional-hospital" and conv["new_kind"] in set(FacilityKind)
    assert conv["new_capacity"] == {"provisional": 650}
    moves = {r["service"]: r["to"] for r in conv["reroutes"]}
    assert len(moves) == len(conv["reroutes"])
    assert all(to in facilities and service in facilities[to]["services"] for service, to in moves.items())
    assert moves == {"trauma": "mng-sofie-medgroup", "neurosurgery": "mng-sofie-medgroup", "urology": "mng-sofie-medgroup",
                     "cardiology": "mng-archimed", "surgery": "mng-archimed", "stroke": "mng-archimed",
                     "therapy": "mng-yasin", "ent": "mng-neuron", "ophthalmology": "mng-neuron"}


# --- deployments, shipments, activities ----------------------------------------------------


def test_deployments_reference_known_codes(
    data: dict[str, Any], regions: dict[str, dict], facilities: dict[str, dict]
) -> None:
    assert len({d["key"] for d in data["deployments"]}) == len(data["deployments"])
    for d in data["deployments"]:
        assert KEY.match(d["key"]) and d["status"] in set(DeploymentStatus)
        assert d["origin"]["kind"] in {"organisation", "region", "country"} and d["origin"]["region"] in regions
        assert set(d["source_facilities"]) <= set(facilities)
        assert d["destination_region"] in regions
        assert set(d["composition"]) <= set(Specialty)
        assert d["basis"] is None or d["basis"]["kind"] in set(BasisKind)
        assert all(c["side"] in {"origin", "destination"} for c in d["counterparts"])
        assert all(s["region"] in regions for s in d["destinations"])
        assert all(s["facility"] is None or s["facility"] in facilities for s in d["subgroups"])


def test_composition_sums_to_team_size(data: dict[str, Any]) -> None:
    sizes = {d["source_report"]: (d["team_size"], sum(d["composition"].values())) for d in data["deployments"]}
    assert sizes == {"000": (23, 23), "001": (32, 32), "002": (13, 13), "003": (51, 51)}


def test_bach_mai_team_works_under_decision_5500(data: dict[str, Any]) -> None:
    [team] = [d for d in data["deployments"] if d["source_report"] == "002"]
    assert team["basis"] == {**team["basis"], "kind": "decree", "number": "5500/QĐ-BYT", "date": "2021-11-30"}
    assert team["source_facilities"] == ["vn-bach-mai"] and team["destination_region"] == "VN-44"


def test_thai_nguyen_team_comes_from_five_named_sources(data: dict[str, Any]) -> None:
    [team] = [d for d in data["deployments"] if d["source_report"] == "003"]
    assert len(team["source_facilities"]) == 5 and team["destination_region"] == "VN-54"


def test_shipments_match_report_003(data: dict[str, Any], regions: dict[str, dict]) -> None:
    for s in data["shipments"]:
        assert s["item"] in set(Item) and s["status"] in set(ShipmentStatus)
        assert s["origin_region"] in regions and s["destination_region"] in regions
    assert {s["item"]: s["quantity"] for s in data["shipments"]} == {
        "ambulance": 2, "mask": 25500, "rapid_antigen_test": 600}


def test_activities_reference_known_deployments_regions_and_facilities(
    data: dict[str, Any], regions: dict[str, dict], facilities: dict[str, dict]
) -> None:
    deployments = {d["key"] for d in data["deployments"]}
    for a in data["activities"]:
        assert a["kind"] in set(ActivityKind) and a["deployment"] in deployments
        assert a["region"] in regions and (a["facility"] is None or a["facility"] in facilities)
    surveyed = {a["facility"] for a in data["activities"] if a["kind"] == "site_assessment"}
    assert surveyed == {"ag-central-general", "ag-regional-general", "ag-tan-chau-regional"}


# --- the domain records accept every row ---------------------------------------------------


def test_every_row_validates_as_its_domain_record(data: dict[str, Any]) -> None:
    from surgeops.domain.activities import ActivityCreate
    from surgeops.domain.capacity import BedSnapshotCreate
    from surgeops.domain.cases import CaseStatCreate
    from surgeops.domain.conversions import ConversionCreate
    from surgeops.domain.deployments import DeploymentCreate
    from surgeops.domain.facilities import FacilityCreate
    from surgeops.domain.regions import RegionCreate
    from surgeops.domain.supplies import ShipmentCreate

    def without(row: dict, *keys: str, **extra: Any) -> dict:
        return {**{k: v for k, v in row.items() if k not in keys}, **extra}

    day = data["beds"]["date"]
    checked = [RegionCreate.model_validate(r) for r in data["regions"]]
    checked += [FacilityCreate.model_validate(f) for f in data["facilities"]]
    checked += [BedSnapshotCreate.model_validate(without(b, as_of=day)) for b in data["beds"]["beds"]]
    checked += [CaseStatCreate.model_validate(c) for c in data["cases"]]
    checked += [ConversionCreate.model_validate(c) for c in data["conversions"]]
    # The loader resolves these keys into links: a deployment's key to its id, the destination to a stay.
    checked += [DeploymentCreate.model_validate(without(d, "destination_region", "source_report"))
                for d in data["deployments"]]
    checked += [ShipmentCreate.model_validate(without(s, "source_report")) for s in data["shipments"]]
    checked += [ActivityCreate.model_validate(without(a, deployment=None)) for a in data["activities"]]
    assert len(checked) == sum(len(data[n]) for n in FILES if n != "beds") + len(data["beds"]["beds"])
