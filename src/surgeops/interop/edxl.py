"""Hospital status as OASIS EDXL-HAVE 2.0 XML: beds by type with their capacity status,
the emergency department's status and the services each facility offers today.

Every document leaves and enters through the XSD shipped in data/ (the subset of the
standard surgeops uses, see docs/interop.md). Bed types map to HAVE's default list where
the meaning is the same (icu, general, infectious) and to a surgeops list otherwise
(data/edxl.json). An import stores the beds only: the department and service status are
derived from conversions and diversions, which carry more than HAVE says.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache
from importlib import resources
from typing import Any, Optional

from lxml import etree
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from surgeops.db.tables import Conversion, Diversion, Facility
from surgeops.domain.base import MAX_COUNT
from surgeops.interop.beds import BedFigure, current_figures, facilities_in, store_figures
from surgeops.interop.errors import InteropError
from surgeops.services.audit import Actor

FMT = "EDXL-HAVE"
NS = "urn:oasis:names:tc:emergency:EDXL:HAVE:2.0"
XSD = "edxl-have-2.0-subset.xsd"


def _q(name: str) -> str:
    return f"{{{NS}}}{name}"


@lru_cache(maxsize=1)
def mapping() -> dict[str, Any]:
    """Bed type and service lists (data/edxl.json)."""
    return json.loads((resources.files("surgeops.interop") / "data" / "edxl.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def schema() -> etree.XMLSchema:
    """The shipped EDXL-HAVE 2.0 schema (the subset surgeops emits)."""
    with resources.as_file(resources.files("surgeops.interop") / "data" / XSD) as path:
        return etree.XMLSchema(etree.parse(str(path)))


def _sub(parent: etree._Element, name: str, text: Optional[object] = None) -> etree._Element:
    node = etree.SubElement(parent, _q(name))
    if text is not None:
        node.text = str(text)
    return node


def _value_key(parent: etree._Element, name: str, urn: str, value: str) -> None:
    node = _sub(parent, name)
    _sub(node, "ValueListURN", urn)
    _sub(node, "Value", value)


def _in_force(session: Session, keys: list[str], day: dt.date) -> tuple[dict[str, list[Conversion]], dict[str, list[Diversion]]]:
    """Conversions and diversions of these facilities that hold on the day."""
    conversions: dict[str, list[Conversion]] = {}
    for c in session.scalars(select(Conversion).where(Conversion.facility.in_(keys), Conversion.date <= day,
                                                      or_(Conversion.reverted_on.is_(None), Conversion.reverted_on > day))):
        conversions.setdefault(c.facility, []).append(c)
    start = dt.datetime.combine(day, dt.time(), tzinfo=dt.timezone.utc)
    diversions: dict[str, list[Diversion]] = {}
    for d in session.scalars(select(Diversion).where(Diversion.facility.in_(keys), Diversion.until >= start)):
        diversions.setdefault(d.facility, []).append(d)
    return conversions, diversions


def _ed_status(facility: Facility, conversions: list[Conversion], diversions: list[Diversion]) -> tuple[str, Optional[str]]:
    """(EMSTrafficStatus, reason): closed by a conversion that moves services away, on
    advisory while a diversion holds, normal with an emergency service, else not applicable."""
    moving = [c for c in conversions if c.reroutes]
    if moving:
        return "Closed", moving[-1].note
    if diversions:
        return "Advisory", diversions[-1].note or "diverting " + ", ".join(s for d in diversions for s in d.services)
    return ("Normal", None) if "emergency" in (facility.services or []) else ("NotApplicable", None)


def _service_status(service: str, conversions: list[Conversion], diversions: list[Diversion]) -> tuple[str, Optional[str]]:
    for c in conversions:
        for r in c.reroutes or []:
            if r.get("service") == service:
                return "Diverted", f"moved to {r.get('to')}"
    for d in diversions:
        if service in (d.services or []):
            return "Diverted", d.note
    return "Available", None


def _bed_capacity(parent: etree._Element, fig: BedFigure) -> None:
    node = _sub(parent, "BedCapacity")
    have = mapping()["to_have"].get(fig.bed_type)
    if have:
        _value_key(node, "BedType", mapping()["have_bed_types"], have)
    else:
        _value_key(node, "BedType", mapping()["surgeops_bed_types"], fig.bed_type)
    cap = _sub(node, "Capacity")
    free = fig.capacity - fig.occupied
    _sub(cap, "CapacityStatus", "VacantAvailable" if free > 0 else "NotAvailable")
    _sub(cap, "AvailableCount", free)
    _sub(cap, "BaselineCount", fig.capacity)
    _sub(cap, "AdditionalCapacityCount72Hr", fig.reserve)


def _organization(hospital: etree._Element, facility: Facility) -> None:
    org = _sub(hospital, "Organization")
    info = _sub(org, "OrganizationInformation")
    for name in dict.fromkeys(v for v in (facility.names or {}).values() if v):
        _sub(info, "OrganisationName", name)
    _sub(info, "OrganisationID", facility.key)
    _sub(org, "OrganizationTypeText", facility.kind)
    if facility.lat is not None and facility.lon is not None:
        geo = _sub(org, "OrganizationGeoLocation")
        _sub(geo, "Latitude", facility.lat)
        _sub(geo, "Longitude", facility.lon)


def _services(hospital: etree._Element, facility: Facility, conversions: list[Conversion], diversions: list[Diversion]) -> None:
    services = _sub(hospital, "ServiceCoverageStatus")
    # what it admits, and what a conversion in force moved away (listed as diverted)
    moved = {r["service"] for c in conversions for r in c.reroutes or []}
    for service in sorted(set(facility.services or []) | moved):
        node = _sub(services, "Service")
        _value_key(node, "ServiceType", mapping()["services"], service)
        state, comment = _service_status(service, conversions, diversions)
        _sub(node, "ServiceStatus", state)
        if comment:
            _sub(node, "CommentText", comment)


def _hospital(root: etree._Element, facility: Facility, figures: list[BedFigure], day: dt.date,
              conversions: list[Conversion], diversions: list[Diversion]) -> None:
    """One have:Hospital, its children in the order the schema sets."""
    hospital = _sub(root, "Hospital")
    _organization(hospital, facility)
    status, reason = _ed_status(facility, conversions, diversions)
    traffic = _sub(_sub(hospital, "EmergencyDepartmentStatus"), "EMSTraffic")
    _sub(traffic, "EMSTrafficStatus", status)
    if reason:
        _sub(traffic, "EMSTrafficReason", reason)
    if figures:
        beds = _sub(hospital, "HospitalBedCapacityStatus")
        for fig in figures:
            _bed_capacity(beds, fig)
    if facility.services:
        _services(hospital, facility, conversions, diversions)
    updated = max((f.as_of for f in figures), default=day)
    _sub(hospital, "LastUpdateTime", dt.datetime.combine(updated, dt.time(), tzinfo=dt.timezone.utc).isoformat())


def export_xml(session: Session, *, region: Optional[str] = None, as_of: Optional[dt.date] = None) -> bytes:
    """A HospitalStatus document for every facility of the region (all without one),
    validated against the shipped schema; beds are the latest on or before `as_of`."""
    facilities = facilities_in(session, region)
    figures = current_figures(session, region=region, as_of=as_of)
    day = as_of or max((f.as_of for f in figures), default=dt.date.today())
    conversions, diversions = _in_force(session, list(facilities), day)
    by_facility: dict[str, list[BedFigure]] = {}
    for fig in figures:
        by_facility.setdefault(fig.facility, []).append(fig)
    if not facilities:
        raise InteropError(FMT, f"region {region}", "has no facilities to report", action="export")
    root = etree.Element(_q("HospitalStatus"), nsmap={"have": NS})
    for key, facility in facilities.items():
        _hospital(root, facility, by_facility.get(key, []), day, conversions.get(key, []), diversions.get(key, []))
    schema().assertValid(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _document(data: str | bytes) -> etree._Element:
    """Parse (no entities, no network) and validate against the schema, or say where it fails."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=True)
    try:
        root = etree.fromstring(raw, parser)
    except etree.XMLSyntaxError as exc:
        raise InteropError(FMT, f"line {exc.lineno}", f"not well-formed XML: {exc.msg}") from None
    doctype = root.getroottree().docinfo
    if doctype.internalDTD is not None or doctype.externalDTD is not None or doctype.doctype:
        # EDXL-HAVE has no DTD; an entity left unresolved would stand where a count or a time is expected
        raise InteropError(FMT, "document", "a document type declaration (<!DOCTYPE ...>, entities) is not accepted")
    if not schema().validate(root):
        err = schema().error_log.last_error
        message = err.message.replace(f"{{{NS}}}", "have:")
        raise InteropError(FMT, f"line {err.line}", f"does not follow the EDXL-HAVE 2.0 schema: {message}")
    return root


def _text(node: etree._Element, path: str) -> Optional[str]:
    found = node.find(path, {"have": NS})
    return found.text.strip() if found is not None and found.text else None


def _bed_type(node: etree._Element, where: str) -> str:
    urn, value = _text(node, "have:BedType/have:ValueListURN"), _text(node, "have:BedType/have:Value") or ""
    if urn == mapping()["surgeops_bed_types"] and value in set(mapping()["to_have"]) | {"provisional", "quarantine", "oxygen"}:
        return value
    if urn == mapping()["have_bed_types"] and value in mapping()["from_have"]:
        return mapping()["from_have"][value]
    raise InteropError(FMT, where, f"unknown bed type {value!r} in list {urn!r} (see docs/interop.md for the lists read)")


def _count(bed: etree._Element, name: str, where: str) -> Optional[int]:
    """The Capacity's count `name` (absent: None). Its bounds are the bed figure's, checked
    where every path's are (interop/beds.py); here only a number too long to be any count
    (thousands of digits, past what Python converts) is named as the bad value it is."""
    raw = _text(bed, f"have:Capacity/have:{name}")
    if raw is None:
        return None
    if not raw.isdigit() or len(raw) > 2 * len(str(MAX_COUNT)):
        raise InteropError(FMT, f"{where}, {name}", f"{raw[:20]}{'...' if len(raw) > 20 else ''} is not a count of at most {MAX_COUNT:,}")
    return int(raw)


def _update_day(hospital: etree._Element, where: str) -> dt.date:
    raw = _text(hospital, "have:LastUpdateTime") or ""
    try:
        return dt.datetime.fromisoformat(raw).date()
    except ValueError:
        raise InteropError(FMT, f"{where}, LastUpdateTime", f"{raw[:40]!r} is not a date and time") from None


def _hospital_figures(hospital: etree._Element, number: int) -> list[BedFigure]:
    key = _text(hospital, "have:Organization/have:OrganizationInformation/have:OrganisationID") or ""
    day = _update_day(hospital, f"Hospital {number} ({key})")
    sums: dict[str, list[int]] = {}
    for n, bed in enumerate(hospital.iterfind("have:HospitalBedCapacityStatus/have:BedCapacity", {"have": NS}), start=1):
        where = f"Hospital {number} ({key}), BedCapacity {n}"
        bed_type = _bed_type(bed, where)
        baseline, available = _count(bed, "BaselineCount", where), _count(bed, "AvailableCount", where)
        if baseline is None or available is None:
            raise InteropError(FMT, where, "needs both BaselineCount (beds) and AvailableCount (free beds)")
        if available > baseline:
            raise InteropError(FMT, where, f"AvailableCount {available} exceeds BaselineCount {baseline}")
        row = sums.setdefault(bed_type, [0, 0, 0])
        row[0] += baseline
        row[1] += baseline - available
        row[2] += _count(bed, "AdditionalCapacityCount72Hr", where) or 0
    return [BedFigure(key, t, day, *v) for t, v in sums.items()]


def figures_from_xml(data: str | bytes) -> list[BedFigure]:
    """Every hospital's bed figures in a HospitalStatus document."""
    root = _document(data)
    if root.tag != _q("HospitalStatus"):
        raise InteropError(FMT, "document", "the root element must be have:HospitalStatus")
    out: list[BedFigure] = []
    for number, hospital in enumerate(root.iterfind("have:Hospital", {"have": NS}), start=1):
        out.extend(_hospital_figures(hospital, number))
    if not out:
        raise InteropError(FMT, "document", "no hospital reports any BedCapacity")
    return out


def import_xml(session: Session, data: str | bytes, *, actor: Actor) -> int:
    """Validate a HospitalStatus document and store every hospital's beds, or nothing."""
    return store_figures(session, figures_from_xml(data), actor=actor, fmt=FMT)
