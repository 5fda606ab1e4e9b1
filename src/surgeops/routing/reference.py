"""The rule as a plain loop over facilities: the readable specification.

`RoutingIndex` must answer exactly as this does; the tests check it on random
snapshots and the benchmark uses it as the baseline. It is too slow for thousands of
queries a second over thousands of facilities, which is why the index exists.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from surgeops.domain.codes import BedType
from surgeops.routing.geo import haversine_km
from surgeops.routing.model import FacilitySnapshot, RouteQuery
from surgeops.routing.reasons import describe
from surgeops.routing.reroute import Forwarding, resolve_reroutes
from surgeops.routing.result import Candidate, Exclusion, ExclusionCode, RouteResult
from surgeops.routing.rule import NON_ADMITTING_KINDS, RoutingRule


class ReferenceRouter:
    """Answers route queries by judging every facility in turn."""

    def __init__(self, facilities: Sequence[FacilitySnapshot], rule: RoutingRule | None = None):
        self.facilities = list(facilities)
        self.rule = rule or RoutingRule()
        self.names = {f.id: f.name for f in self.facilities}
        self.forwardings = resolve_reroutes(self.facilities)

    def _judge(self, f: FacilitySnapshot, q: RouteQuery, d: float | None) -> tuple:
        """(code or None, forwarding chain, diversion end) for one facility."""
        fwd: Forwarding | None = self.forwardings.get(q.service, {}).get(f.id)
        if d is None:
            return ExclusionCode.no_location, (), None
        if f.kind in NON_ADMITTING_KINDS:
            return ExclusionCode.not_patient_facility, (), None
        if fwd is not None:
            return fwd.status, fwd.chain, None
        if q.service not in f.services and not self._is_target(f.id, q.service):
            return ExclusionCode.service_not_offered, (), None
        if f.opening is not None and q.at < f.opening:
            return ExclusionCode.not_open, (), None
        ends = [v.until for v in f.diversions if v.covers(q.service, q.at)]
        if ends:
            return ExclusionCode.ed_diverted, (), max(ends)
        if q.bed_type is not None and f.free_beds.get(q.bed_type, 0) <= 0:
            return ExclusionCode.no_free_beds, (), None
        if q.max_distance_km is not None and d > q.max_distance_km:
            return ExclusionCode.too_far, (), None
        return None, (), None

    def _is_target(self, facility_id: str, service: str) -> bool:
        return any(
            fw.status is ExclusionCode.service_moved and fw.final == facility_id
            for fw in self.forwardings.get(service, {}).values()
        )

    def _via(self, facility_id: str, q: RouteQuery, dist: dict[str, float | None]) -> tuple:
        sources = [
            (math.inf if dist[src] is None else dist[src], src, fw.chain[:-1])
            for src, fw in self.forwardings.get(q.service, {}).items()
            if fw.status is ExclusionCode.service_moved and fw.final == facility_id
        ]
        return min(sources)[2] if sources else ()

    def route(self, q: RouteQuery) -> RouteResult:
        """Rank the facilities that can take the patient; explain the nearest others."""
        p = q.location
        dist = {
            f.id: None if f.lat is None else haversine_km(p.lat, p.lon, f.lat, f.lon)
            for f in self.facilities
        }
        ranked, excluded = [], []
        for f in self.facilities:
            d = dist[f.id]
            code, chain, until = self._judge(f, q, d)
            if code is None:
                free = 0 if q.bed_type is None else f.free_beds.get(q.bed_type, 0)
                score = d + self.rule.penalty_km(
                    q.severity,
                    free_icu=f.free_beds.get(BedType.icu, 0),
                    free_oxygen=f.free_beds.get(BedType.oxygen, 0),
                )
                ranked.append((score, -free, f.id, f, d))
            else:
                excluded.append((math.inf if d is None else d, f.id, f, d, code, chain, until))
        ranked.sort(key=lambda r: r[:3])
        excluded.sort(key=lambda r: r[:2])
        candidates = tuple(
            Candidate(f.id, f.name, f.region_code, d, None if q.bed_type is None else -negfree, score,
                      self._via(f.id, q, dist), f.beds_as_of)
            for score, negfree, _, f, d in ranked[: q.limit]
        )
        return RouteResult(
            query=q,
            candidates=candidates,
            excluded=tuple(self._exclusion(q, *r[2:]) for r in excluded[: q.max_excluded]),
            eligible=len(ranked),
            considered=len(self.facilities),
        )

    def _exclusion(self, q, f, d, code, chain, until) -> Exclusion:
        free = None if q.bed_type is None else f.free_beds.get(q.bed_type)
        text = describe(code, f, q, names=self.names, chain=chain, until=until,
                        distance_km=d, free=free)
        moved = code is ExclusionCode.service_moved
        return Exclusion(f.id, f.name, d, code, text, chain[-1] if moved else None, chain, until)
