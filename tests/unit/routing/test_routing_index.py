"""RoutingIndex: the Mangystau conversion, diversions, bed shortages, re-routing cycles."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from routing_compare import assert_same_routes
from surgeops.domain.codes import BedType, FacilityKind
from surgeops.routing import (
    Diversion, ExclusionCode, FacilitySnapshot, PatientLocation, ReferenceRouter, RouteQuery,
    RoutingIndex, RoutingRule, Severity,
)

NOW = datetime(2020, 7, 10, 9, 0, tzinfo=UTC)
AKTAU = (43.650, 51.160)  # the point the tests use for region KZ-47 (Mangystau)
EMERGENCY = ("trauma", "neurosurgery", "urology", "cardiology", "surgery", "stroke",
             "therapy", "ent", "ophthalmology")


def make_facility(fid: str, lat: float, lon: float, **overrides) -> FacilitySnapshot:
    fields = dict(
        id=fid, name=fid.title(), region_code="KZ-47", lat=lat, lon=lon,
        kind=FacilityKind.clinic, services=frozenset({"trauma"}),
        free_beds={BedType.general: 5, BedType.icu: 1},
    )
    fields.update(overrides)
    return FacilitySnapshot(**fields)


def mangystau() -> list[FacilitySnapshot]:
    """Report 004: the regional hospital became a provisional hospital and its
    emergency services moved to four clinics by specialty."""
    moved = {"trauma": "sofie", "neurosurgery": "sofie", "urology": "sofie",
             "cardiology": "archimed", "surgery": "archimed", "stroke": "archimed",
             "therapy": "yasin", "ent": "neuron", "ophthalmology": "neuron"}
    clinic_beds = {BedType.general: 10, BedType.icu: 2}
    return [
        # Nearest to the patient and still listing its old services: must not win.
        make_facility("regional", 43.651, 51.161, name="Mangystau regional hospital",
                      kind=FacilityKind.provisional_hospital, converted=True,
                      services=frozenset(EMERGENCY) | {"infectious_disease"},
                      free_beds={BedType.provisional: 120, BedType.general: 40},
                      reroutes=moved),
        make_facility("sofie", 43.690, 51.200, name="Sofie Medgroup",
                      services=frozenset({"trauma", "neurosurgery", "urology"}),
                      free_beds=clinic_beds),
        make_facility("archimed", 43.640, 51.180, name="Archimed",
                      services=frozenset({"cardiology", "surgery", "stroke"}),
                      free_beds=clinic_beds),
        # Yasin takes therapy by the conversion although its own list omits it.
        make_facility("yasin", 43.660, 51.150, name="Yasin", services=frozenset(),
                      free_beds=clinic_beds),
        make_facility("neuron", 43.700, 51.300, name="Neuron",
                      services=frozenset({"ent", "ophthalmology"}), free_beds=clinic_beds),
    ]


def query(service: str = "trauma", **overrides) -> RouteQuery:
    fields = dict(location=PatientLocation.at_region("KZ-47", AKTAU), bed_type=BedType.general,
                  service=service, severity=Severity.moderate, at=NOW)
    fields.update(overrides)
    return RouteQuery(**fields)


def route_both(facilities, q, rule=None):
    """Route with the index and assert the reference loop agrees exactly."""
    result = RoutingIndex.build(facilities, rule).route(q)
    assert_same_routes(result, ReferenceRouter(facilities, rule).route(q))
    return result


def test_mangystau_trauma_goes_to_sofie_not_the_converted_regional_hospital():
    result = route_both(mangystau(), query("trauma"))
    assert [c.facility_id for c in result.candidates] == ["sofie"]
    assert result.best.via == ("regional",)
    regional = next(e for e in result.excluded if e.facility_id == "regional")
    assert regional.code is ExclusionCode.service_moved
    assert regional.forwarded_to == "sofie"
    assert regional.chain == ("regional", "sofie")
    assert regional.reason == "trauma moved after its conversion to Sofie Medgroup (sofie)"


@pytest.mark.parametrize(("service", "clinic"), [
    ("cardiology", "archimed"), ("stroke", "archimed"), ("therapy", "yasin"),
    ("ent", "neuron"), ("ophthalmology", "neuron"), ("urology", "sofie"),
])
def test_every_moved_specialty_reaches_its_clinic(service, clinic):
    result = route_both(mangystau(), query(service))
    assert result.best.facility_id == clinic
    assert result.best.via == ("regional",)


def test_converted_hospital_still_takes_what_it_kept():
    result = route_both(mangystau(), query("infectious_disease", bed_type=BedType.provisional))
    assert result.best.facility_id == "regional"
    assert result.best.via == ()


def test_diversion_is_honoured_until_its_time_and_not_after():
    until = NOW + timedelta(hours=6)
    facilities = [
        make_facility("near", 43.65, 51.17, diversions=(Diversion(until, frozenset({"trauma"})),)),
        make_facility("far", 43.90, 51.50),
    ]
    during = route_both(facilities, query(at=until - timedelta(seconds=1)))
    assert [c.facility_id for c in during.candidates] == ["far"]
    (near,) = during.excluded
    assert near.code is ExclusionCode.ed_diverted and near.until == until
    assert near.reason == f"emergency department diverted for trauma until {until.isoformat()}"
    after = route_both(facilities, query(at=until))
    assert [c.facility_id for c in after.candidates] == ["near", "far"]


def test_diversion_for_other_services_does_not_block():
    div = Diversion(NOW + timedelta(days=1), frozenset({"stroke"}))
    facilities = [make_facility("near", 43.65, 51.17, diversions=(div,))]
    assert route_both(facilities, query()).best.facility_id == "near"
    for everything in (Diversion(NOW + timedelta(days=1)),
                       Diversion(NOW + timedelta(days=1), frozenset())):
        facilities = [make_facility("near", 43.65, 51.17, diversions=(everything,))]
        assert route_both(facilities, query()).excluded[0].code is ExclusionCode.ed_diverted


@pytest.mark.parametrize(("beds", "reason"), [
    ({BedType.general: 0}, "no free general beds (reported 0)"),
    ({BedType.general: -3}, "no free general beds (reported -3)"),
    ({BedType.icu: 4}, "no general beds reported"),
])
def test_no_free_beds_is_excluded_with_reason(beds, reason):
    facilities = [make_facility("full", 43.65, 51.17, free_beds=beds),
                  make_facility("open", 44.00, 52.00)]
    result = route_both(facilities, query())
    assert [c.facility_id for c in result.candidates] == ["open"]
    (full,) = result.excluded
    assert (full.code, full.reason) == (ExclusionCode.no_free_beds, reason)


def test_reroute_cycle_is_detected_and_both_members_excluded():
    facilities = [
        make_facility("a", 43.65, 51.17, reroutes={"trauma": "b"}),
        make_facility("b", 43.66, 51.18, reroutes={"trauma": "a"}),
        make_facility("c", 44.50, 52.00, services=frozenset({"stroke"})),
    ]
    result = route_both(facilities, query())
    assert result.candidates == ()
    codes = {e.facility_id: (e.code, e.chain) for e in result.excluded}
    assert codes["a"] == (ExclusionCode.reroute_cycle, ("a", "b", "a"))
    assert codes["b"] == (ExclusionCode.reroute_cycle, ("b", "a", "b"))
    assert codes["c"][0] is ExclusionCode.service_not_offered
    assert result.excluded[0].reason == "trauma re-routing loops: a -> b -> a"


def test_a_facility_rerouting_to_itself_is_a_cycle():
    facilities = [make_facility("a", 43.65, 51.17, reroutes={"trauma": "a"})]
    (a,) = route_both(facilities, query()).excluded
    assert (a.code, a.chain) == (ExclusionCode.reroute_cycle, ("a", "a"))


def test_chains_are_followed_and_unknown_targets_reported():
    facilities = [
        make_facility("a", 43.65, 51.17, reroutes={"trauma": "b"}),
        make_facility("b", 43.66, 51.18, services=frozenset(), reroutes={"trauma": "c"}),
        make_facility("c", 43.80, 51.40, services=frozenset()),
        make_facility("d", 43.70, 51.20, reroutes={"trauma": "gone"}),
    ]
    result = route_both(facilities, query())
    assert result.best.facility_id == "c"
    assert result.best.via == ("a", "b")
    by_id = {e.facility_id: e for e in result.excluded}
    assert by_id["a"].reason == "trauma moved to C (c) via B (b)"
    assert by_id["d"].code is ExclusionCode.reroute_target_unknown
    assert by_id["d"].reason == "trauma moved to gone, which is not in the registry"


def test_too_far_and_no_location_and_laboratories():
    facilities = [
        make_facility("near", 43.65, 51.17),
        make_facility("far", 45.00, 53.00),
        make_facility("nowhere", None, None),
        make_facility("lab", 43.65, 51.16, kind=FacilityKind.laboratory),
    ]
    result = route_both(facilities, query(max_distance_km=100))
    assert [c.facility_id for c in result.candidates] == ["near"]
    assert [(e.facility_id, e.code) for e in result.excluded] == [
        ("lab", ExclusionCode.not_patient_facility),
        ("far", ExclusionCode.too_far),
        ("nowhere", ExclusionCode.no_location),
    ]
    assert result.excluded[1].reason.endswith("km away, beyond the 100 km limit")


def test_critical_patient_prefers_icu_within_the_detour():
    # 'plain' is 0.1 deg (about 11 km) nearer than 'icu' but has no free ICU bed.
    facilities = [
        make_facility("plain", 43.75, 51.16, free_beds={BedType.general: 9}),
        make_facility("icu", 43.85, 51.16, free_beds={BedType.general: 1, BedType.icu: 1}),
    ]
    rule = RoutingRule(icu_detour_km=50)

    def ranked(severity):
        result = route_both(facilities, query(severity=severity), rule)
        return [c.facility_id for c in result.candidates]

    assert ranked(Severity.critical) == ["icu", "plain"]
    assert ranked(Severity.mild) == ["plain", "icu"]
    assert ranked(Severity.severe) == ["icu", "plain"]  # an ICU bed also satisfies severe
    assert ranked_far(facilities) == ["plain", "icu"]


def ranked_far(facilities):
    """With the ICU facility 100 km farther, the detour is not worth it."""
    moved = [facilities[0], make_facility("icu", 44.75, 51.16,
                                          free_beds={BedType.general: 1, BedType.icu: 1})]
    result = route_both(moved, query(severity=Severity.critical), RoutingRule(icu_detour_km=50))
    return [c.facility_id for c in result.candidates]


def test_update_beds_and_diversions_in_place():
    facilities = mangystau()
    index = RoutingIndex.build(facilities)
    index.update_beds("sofie", {BedType.general: 0}, as_of=NOW)
    result = index.route(query())
    assert result.candidates == ()
    sofie = next(e for e in result.excluded if e.facility_id == "sofie")
    assert sofie.reason == "no free general beds (reported 0)"
    index.update_beds("sofie", {BedType.general: 3})
    assert index.route(query()).best.free_beds == 3
    assert index.route(query()).best.beds_as_of == NOW
    index.update_beds("sofie", {BedType.general: 2}, as_of=NOW.date())
    assert index.route(query()).best.beds_as_of == NOW.date()
    with pytest.raises(KeyError, match="not in the routing index"):
        index.update_beds("nowhere", {BedType.general: 1})
    index.set_diversions("sofie", [Diversion(NOW + timedelta(hours=1))])
    excluded = {e.facility_id: e.code for e in index.route(query()).excluded}
    assert excluded["sofie"] is ExclusionCode.ed_diverted
    index.set_diversions("sofie", [])
    assert index.route(query()).best.facility_id == "sofie"


def test_limits_and_unknown_service():
    facilities = [make_facility(f"f{i}", 43.6 + i / 100, 51.1) for i in range(10)]
    result = route_both(facilities, query(limit=3, max_excluded=2))
    # f4 and f6 are both 0.01 deg of latitude off, but f6 lies north, where a degree
    # of longitude is shorter, so it is nearer to a patient 0.06 deg of longitude east.
    assert [c.facility_id for c in result.candidates] == ["f5", "f6", "f4"]
    assert result.eligible == 10 and result.considered == 10
    unknown = route_both(facilities, query("dermatology", max_excluded=2))
    assert unknown.candidates == () and len(unknown.excluded) == 2
    assert unknown.excluded[0].reason == "does not offer dermatology"


def test_naive_datetimes_and_duplicate_ids_are_refused():
    with pytest.raises(ValueError, match="time zone"):
        query(at=datetime(2020, 7, 10, 9, 0))
    with pytest.raises(ValueError, match="unique"):
        RoutingIndex.build([make_facility("a", 43, 51), make_facility("a", 44, 52)])


def test_an_empty_registry_routes_nowhere():
    result = route_both([], query())
    assert (result.candidates, result.excluded, result.eligible) == ((), (), 0)
    assert result.best is None


def test_result_serialises_to_plain_json():
    data = json.loads(json.dumps(RoutingIndex.build(mangystau()).route(query()).to_dict()))
    assert data["query"]["at"] == "2020-07-10T09:00:00+00:00"
    assert data["query"]["bed_type"] == "general" and data["query"]["severity"] == "moderate"
    assert data["candidates"][0]["facility_id"] == "sofie"
    assert data["candidates"][0]["via"] == ["regional"]
    regional = next(e for e in data["excluded"] if e["facility_id"] == "regional")
    assert regional["code"] == "service_moved" and regional["chain"] == ["regional", "sofie"]


def test_without_a_bed_type_a_clinic_reporting_no_beds_takes_the_patient():
    """Emergency care needs the service, not an epidemic bed: bed figures are not checked."""
    facilities = [replace(f, free_beds={}) if f.id == "sofie" else f for f in mangystau()]
    typed = route_both(facilities, query("trauma"))
    assert typed.candidates == ()
    sofie = next(e for e in typed.excluded if e.facility_id == "sofie")
    assert sofie.reason == "no general beds reported"
    result = route_both(facilities, query("trauma", bed_type=None))
    assert [c.facility_id for c in result.candidates] == ["sofie"]
    assert result.best.free_beds is None and result.best.via == ("regional",)
    assert result.to_dict()["query"]["bed_type"] is None
    assert all(e.code is not ExclusionCode.no_free_beds for e in result.excluded)
