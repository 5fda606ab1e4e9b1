"""Bed capacity as FHIR R4 MeasureReports following the SANER measure groups.

One report per facility and reporting day, and one per region (the region asked for and
every region below it that has beds), in a Bundle of type `collection`. The groups and the
bed-type mapping are data (data/saner.json) and documented in docs/interop.md. SANER's
own groups cannot tell infectious from provisional beds, so three groups carry a
surgeops stratifier by bed type (capacity, occupied, reserve): an import reads those and
gets back exactly what was exported. Every report is built and read through the
`fhir.resources` R4B models, so what leaves and what enters is valid FHIR.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from functools import lru_cache
from importlib import resources
from typing import Any, Optional

from fhir.resources.R4B.bundle import Bundle
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from surgeops.db.tables import CaseStat, Facility, Region
from surgeops.interop.beds import BedFigure, current_figures, store_figures
from surgeops.interop.errors import InteropError
from surgeops.services.audit import Actor

FMT = "FHIR"
NAMESPACE = uuid.UUID("5b0c3a52-8f5e-4a51-9b57-1d1f3a0c6e21")


@lru_cache(maxsize=1)
def spec() -> dict[str, Any]:
    """The SANER mapping (data/saner.json)."""
    return json.loads((resources.files("surgeops.interop") / "data" / "saner.json").read_text(encoding="utf-8"))


def _concept(system: str, code: str, display: Optional[str] = None) -> dict[str, Any]:
    coding = {"system": system, "code": code} | ({"display": display} if display else {})
    return {"coding": [coding], "text": display or code}


def _population(count: int) -> list[dict[str, Any]]:
    return [{"code": _concept(spec()["population_system"], "measure-population"), "count": count}]


def _types(group: dict[str, Any]) -> Optional[set[str]]:
    if group["types"] == "all":
        return None
    return set(spec()["inpatient_types"]) if group["types"] == "inpatient" else set(group["types"])


def _group(group: dict[str, Any], figures: list[BedFigure]) -> dict[str, Any]:
    types = _types(group)
    chosen = [f for f in figures if types is None or f.bed_type in types]
    total = sum(getattr(f, group["value"]) for f in chosen)
    system = spec()["surgeops_values"] if group["own"] else spec()["measured_values"]
    out: dict[str, Any] = {"code": _concept(system, group["code"], group["display"]),
                           "population": _population(total), "measureScore": {"value": total}}
    if group["stratified"]:
        strata = [{"value": _concept(spec()["bed_type_system"], f.bed_type), "population": _population(getattr(f, group["value"])),
                   "measureScore": {"value": getattr(f, group["value"])}} for f in chosen]
        out["stratifier"] = [{"code": [_concept(spec()["stratifier_system"], spec()["stratifier_code"])], "stratum": strata}]
    return out


def _fhir_id(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9.\-]", "-", text)[-64:]


def _report(*, system: str, code: str, display: str, start: dt.date, end: dt.date,
            groups: list[dict[str, Any]], generated: dt.datetime) -> dict[str, Any]:
    return {
        "resourceType": "MeasureReport", "id": _fhir_id(f"{code}-{end.isoformat()}"), "status": "complete", "type": "summary",
        "measure": spec()["measure"], "subject": {"identifier": {"system": system, "value": code}, "display": display},
        "date": generated.isoformat(), "period": {"start": start.isoformat(), "end": end.isoformat()}, "group": groups,
    }


def _name(names: dict[str, Any], code: str) -> str:
    return names.get("en") or next((v for v in names.values() if v), code)


def _by_type(figures: list[BedFigure], owner: str, day: dt.date) -> list[BedFigure]:
    """Sum figures per bed type (a region's totals), in the order they first appear."""
    acc: dict[str, list[int]] = {}
    for f in figures:
        row = acc.setdefault(f.bed_type, [0, 0, 0])
        row[0] += f.capacity
        row[1] += f.occupied
        row[2] += f.reserve
    return [BedFigure(owner, t, day, *v) for t, v in acc.items()]


def _facility_reports(figures: list[BedFigure], facilities: dict[str, Facility], generated: dt.datetime) -> list[dict[str, Any]]:
    days: dict[tuple[str, dt.date], list[BedFigure]] = {}
    for f in figures:
        days.setdefault((f.facility, f.as_of), []).append(f)
    return [
        _report(system=spec()["facility_system"], code=key, display=_name(facilities[key].names, key), start=day, end=day,
                groups=[_group(g, figs) for g in spec()["groups"]], generated=generated)
        for (key, day), figs in days.items()
    ]


def _region_reports(session: Session, root: Optional[str], figures: list[BedFigure], day: dt.date,
                    generated: dt.datetime) -> list[dict[str, Any]]:
    """One report for every region (the root and below) that has beds, summed up the tree."""
    regions = {r.code: r for r in session.scalars(select(Region))}
    fac_region = {key: code for key, code in session.execute(select(Facility.key, Facility.region))}
    per_region: dict[str, list[BedFigure]] = {}
    for f in figures:
        code: Optional[str] = fac_region[f.facility]
        while code is not None:
            per_region.setdefault(code, []).append(f)
            code = None if code == root else regions[code].parent
    cases = _hospitalised(session, list(per_region), day)
    out = []
    for code in sorted(per_region, key=lambda c: (c != root, c)):
        figs = per_region[code]
        groups = [_group(g, _by_type(figs, code, day)) for g in spec()["groups"]]
        groups += [{"code": _concept(spec()["measured_values"], name), "population": _population(cases[code]),
                    "measureScore": {"value": cases[code]}} for name in spec()["cases"] if code in cases]
        out.append(_report(system=spec()["region_system"], code=code, display=_name(regions[code].names, code),
                           start=min(f.as_of for f in figs), end=day, groups=groups, generated=generated))
    return out


def _hospitalised(session: Session, codes: list[str], day: dt.date) -> dict[str, int]:
    """The latest hospitalised-patients figure on or before the day, per region that has one."""
    metric = next(iter(spec()["cases"].values()))
    rows = session.scalars(select(CaseStat).where(CaseStat.region.in_(codes), CaseStat.metric == metric,
                                                  CaseStat.date <= day).order_by(CaseStat.date))
    return {row.region: row.value for row in rows}


def export_bundle(session: Session, *, region: Optional[str] = None, as_of: Optional[dt.date] = None,
                  generated: Optional[dt.datetime] = None) -> dict[str, Any]:
    """A FHIR Bundle (collection) of MeasureReports, validated by the R4B models, as JSON-ready data.

    `region` limits it to a region and everything below it; `as_of` takes the latest figures
    on or before that day (default: the latest of all)."""
    generated = generated or dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    figures = current_figures(session, region=region, as_of=as_of)
    facilities = {f.key: f for f in session.scalars(select(Facility).where(Facility.key.in_({f.facility for f in figures})))}
    day = as_of or max((f.as_of for f in figures), default=generated.date())
    reports = _facility_reports(figures, facilities, generated) + _region_reports(session, region, figures, day, generated)
    entries = [{"fullUrl": f"urn:uuid:{uuid.uuid5(NAMESPACE, r['subject']['identifier']['value'] + '/' + r['period']['end'])}",
                "resource": r} for r in reports]
    bundle = {"resourceType": "Bundle", "id": _fhir_id(f"surgeops-beds-{region or 'all'}-{day.isoformat()}"),
              "type": "collection", "timestamp": generated.isoformat(), "entry": entries}
    return json.loads(Bundle.model_validate(bundle).model_dump_json())


def export_json(session: Session, *, region: Optional[str] = None, as_of: Optional[dt.date] = None) -> str:
    """The Bundle as FHIR JSON text."""
    return json.dumps(export_bundle(session, region=region, as_of=as_of), ensure_ascii=False, indent=1) + "\n"


def _parse(text: str | bytes) -> Bundle:
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InteropError(FMT, "document", f"not JSON: {exc}") from None
    except RecursionError:  # the parser's own bound on nesting; no FHIR resource is nested that deep
        raise InteropError(FMT, "document", "nested too deeply to be a FHIR Bundle") from None
    if not isinstance(data, dict) or data.get("resourceType") != "Bundle":
        raise InteropError(FMT, "document", "expected a FHIR Bundle (resourceType \"Bundle\")")
    try:
        return Bundle.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"]) or "Bundle"
        raise InteropError(FMT, where, f"not valid FHIR R4: {err['msg']}") from None


def _code(concept: Any) -> Optional[str]:
    codings = getattr(concept, "coding", None) or []
    return codings[0].code if codings else None


def _count(item: Any) -> int:
    pops = getattr(item, "population", None) or []
    if pops and pops[0].count is not None:
        return int(pops[0].count)
    score = getattr(item, "measureScore", None)
    if score is not None and score.value is not None:
        return int(score.value)
    raise ValueError("has neither a population count nor a measure score")


def _day(report: Any, where: str) -> dt.date:
    period = report.period
    value = period.end or period.start
    if value is None:
        raise InteropError(FMT, where, "the report's period has neither an end nor a start date")
    return value.date() if isinstance(value, dt.datetime) else value


def _strata(group: Any, where: str) -> dict[str, int]:
    """bed type -> count from the surgeops bed-type stratifier of a group."""
    out: dict[str, int] = {}
    for strat in group.stratifier or []:
        if not any(_code(c) == spec()["stratifier_code"] for c in strat.code or []):
            continue
        for stratum in strat.stratum or []:
            bed_type = _code(stratum.value)
            if bed_type is None:
                raise InteropError(FMT, where, "a bed-type stratum has no code")
            out[bed_type] = _count(stratum)
    return out


def _facility_figures(report: Any, where: str) -> list[BedFigure]:
    key, day = report.subject.identifier.value, _day(report, where)
    groups = {_code(g.code): g for g in report.group or []}
    try:
        if "numTotBeds" not in groups:
            raise InteropError(FMT, where, "no numTotBeds group")
        capacity = _strata(groups["numTotBeds"], where)
        if not capacity:
            return _from_saner_only(key, day, groups)
        occupied = _strata(groups["totBedsOcc"], where) if "totBedsOcc" in groups else {}
        reserve = _strata(groups["totBedsReserve"], where) if "totBedsReserve" in groups else {}
        if sum(capacity.values()) != _count(groups["numTotBeds"]):
            raise InteropError(FMT, where, "the bed-type strata of numTotBeds do not add up to its count")
    except ValueError as exc:
        if isinstance(exc, InteropError):
            raise
        raise InteropError(FMT, where, f"a group {exc}") from None
    return [BedFigure(key, t, day, n, occupied.get(t, 0), reserve.get(t, 0)) for t, n in capacity.items()]


def _from_saner_only(key: str, day: dt.date, groups: dict[Optional[str], Any]) -> list[BedFigure]:
    """A report from another system, without the bed-type stratifier: ICU beds are `icu`,
    other inpatient beds `general`, beds beyond the inpatient ones `quarantine`."""
    def count(code: str) -> int:
        return _count(groups[code]) if code in groups else 0
    total, inpatient, icu = count("numTotBeds"), count("numBeds") or count("numTotBeds"), count("numICUBeds")
    occ, icu_occ = count("numBedsOcc"), count("numICUBedsOcc")
    parts = [("icu", icu, icu_occ), ("general", inpatient - icu, occ - icu_occ), ("quarantine", total - inpatient, 0)]
    return [BedFigure(key, t, day, n, max(o, 0)) for t, n, o in parts if n > 0 or o > 0]


def figures_from_bundle(text: str | bytes) -> list[BedFigure]:
    """Every facility's bed figures in a Bundle; region reports are derived and skipped."""
    bundle = _parse(text)
    out: list[BedFigure] = []
    for number, entry in enumerate(bundle.entry or []):
        where = f"entry {number}"
        res = entry.resource
        if res is None or res.get_resource_type() != "MeasureReport":
            raise InteropError(FMT, where, "expected a MeasureReport")
        ident = res.subject.identifier if res.subject is not None else None
        if ident is None or not ident.value:
            raise InteropError(FMT, where, "the report's subject has no identifier (facility or region code)")
        if ident.system == spec()["region_system"]:
            continue
        if ident.system != spec()["facility_system"]:
            raise InteropError(FMT, where, f"unknown subject identifier system {ident.system!r}; use {spec()['facility_system']}")
        out.extend(_facility_figures(res, f"{where} ({ident.value})"))
    if not out:
        raise InteropError(FMT, "Bundle", "holds no facility MeasureReport")
    return out


def import_bundle(session: Session, text: str | bytes, *, actor: Actor) -> int:
    """Validate a Bundle and store every facility's beds, or nothing; returns snapshots written."""
    return store_figures(session, figures_from_bundle(text), actor=actor, fmt=FMT)


__all__ = ["export_bundle", "export_json", "figures_from_bundle", "import_bundle"]
