"""The indexed router: facility arrays built once, each query answered with numpy.

`RoutingIndex.build(facilities)` turns a snapshot into column arrays (coordinates in
radians, free beds per bed type, a base exclusion code per service that already
folds in locations, facility kinds and resolved re-routings, and diversion end times
per service). A query then costs a handful of vectorised passes over all facilities
plus building the few result records, and answers exactly as `ReferenceRouter`.
Free beds and diversions can be changed for one facility in place; anything else
(new facilities, services, re-routings) needs a rebuild.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

import numpy as np

from surgeops.domain.codes import SERVICES, BedType
from surgeops.routing.geo import chord2, chord2_km, km_chord2, unit_vectors
from surgeops.routing.model import Diversion, FacilitySnapshot, RouteQuery, require_aware
from surgeops.routing.reasons import describe
from surgeops.routing.reroute import Forwarding, resolve_reroutes
from surgeops.routing.result import (
    CODE_ORDER, CODE_VALUE, Candidate, Exclusion, ExclusionCode, RouteResult,
)
from surgeops.routing.rule import NON_ADMITTING_KINDS, RoutingRule

_C = CODE_VALUE
_DIVERTED, _MOVED = ExclusionCode.ed_diverted, ExclusionCode.service_moved
_NOT_REPORTED = -(2**62)  # sentinel in list conversions for "no beds of this type reported"
_BED_ROW = {bed: i for i, bed in enumerate(BedType)}


def _first(code: np.ndarray, cond: np.ndarray, value: int) -> None:
    """Give `value` to facilities matching `cond` that have no reason yet."""
    code[(code == 0) & cond] = value


def _best(
    k: int, primary: np.ndarray, tie_keys: Callable[[np.ndarray], tuple[np.ndarray, ...]]
) -> np.ndarray:
    """Positions of the `k` smallest `primary` values, ties broken by `tie_keys(pos)`.

    A partial sort first keeps only values up to the k-th smallest (with its ties),
    so the full ordering runs on a handful of elements. `tie_keys` returns keys
    least significant first, as numpy's lexsort wants them.
    """
    if k <= 0 or primary.size == 0:
        return np.empty(0, dtype=np.intp)
    if primary.size <= k:
        pos = np.arange(primary.size)
    else:
        pos = np.flatnonzero(primary <= np.partition(primary, k - 1)[k - 1])
    order = np.lexsort((*tie_keys(pos), primary[pos]))
    return pos[order[:k]]


@dataclass(frozen=True, slots=True)
class _Sources:
    """Facilities whose service was forwarded to one target, with their chains."""

    index: np.ndarray
    chains: tuple[tuple[str, ...], ...]


class RoutingIndex:
    """Routes patients over a fixed set of facilities; build with `RoutingIndex.build`."""

    def __init__(self, facilities: list[FacilitySnapshot], rule: RoutingRule):
        self.rule = rule
        self._facilities = facilities
        self._pos = {f.id: i for i, f in enumerate(facilities)}
        if len(self._pos) != len(facilities):
            raise ValueError("facility ids must be unique")
        self._names = {f.id: f.name for f in facilities}
        ids = np.array([f.id for f in facilities], dtype=object)
        self._id_rank = np.empty(len(facilities), dtype=np.int64)
        self._id_rank[np.argsort(ids, kind="stable")] = np.arange(len(facilities))
        self._init_geometry()
        self._init_beds()
        self._init_services()
        self._init_diversions()
        self._opens = np.array([-np.inf if f.opening is None else f.opening.timestamp() for f in facilities], float)

    @classmethod
    def build(
        cls, facilities: Iterable[FacilitySnapshot], rule: RoutingRule | None = None
    ) -> RoutingIndex:
        """Index a snapshot of facilities once, for many queries."""
        return cls(list(facilities), rule or RoutingRule())

    def __len__(self) -> int:
        return len(self._facilities)

    # -- building ---------------------------------------------------------------

    def _init_geometry(self) -> None:
        nan = float("nan")
        lat = np.array([nan if f.lat is None else f.lat for f in self._facilities], float)
        lon = np.array([nan if f.lon is None else f.lon for f in self._facilities], float)
        self._has_loc = ~np.isnan(lat)
        self._xyz = unit_vectors(lat, lon)
        self._xyz[:, ~self._has_loc] = np.inf  # infinitely far: sorts after every place

    def _init_beds(self) -> None:
        n = len(self._facilities)
        self._free = np.zeros((len(_BED_ROW), n), dtype=np.int64)
        self._zeros = np.zeros(n, dtype=np.int64)  # free beds when no bed type is needed
        self._reported = np.zeros((len(_BED_ROW), n), dtype=bool)
        self._beds_as_of = [f.beds_as_of for f in self._facilities]
        for i, f in enumerate(self._facilities):
            for bed, free in f.free_beds.items():
                self._free[_BED_ROW[bed], i] = free
                self._reported[_BED_ROW[bed], i] = True

    def _init_services(self) -> None:
        names = dict.fromkeys(SERVICES)
        for f in self._facilities:
            names.update(dict.fromkeys(sorted(f.services | set(f.reroutes))))
        self._service_row = {s: i for i, s in enumerate(names)}
        resolved = resolve_reroutes(self._facilities)
        self._forwardings: dict[int, dict[int, Forwarding]] = {}
        self._sources: dict[tuple[int, int], _Sources] = {}
        common = np.zeros(len(self._facilities), dtype=np.uint8)
        _first(common, ~self._has_loc, _C[ExclusionCode.no_location])
        admits = np.array([f.kind not in NON_ADMITTING_KINDS for f in self._facilities], bool)
        _first(common, ~admits, _C[ExclusionCode.not_patient_facility])
        self._base_unknown = common.copy()
        _first(self._base_unknown, np.ones_like(admits), _C[ExclusionCode.service_not_offered])
        self._base = np.repeat(common[None, :], len(self._service_row), axis=0)
        for service, row in self._service_row.items():
            self._init_service(row, service, resolved.get(service, {}))

    def _init_service(self, row: int, service: str, fwd: Mapping[str, Forwarding]) -> None:
        code = self._base[row]
        forwarded = {self._pos[src]: fw for src, fw in fwd.items()}
        self._forwardings[row] = forwarded
        for i, fw in forwarded.items():
            if code[i] == 0:
                code[i] = _C[fw.status]
        serves = np.array([service in f.services for f in self._facilities], dtype=bool)
        targets: dict[int, list[tuple[int, tuple[str, ...]]]] = {}
        for i, fw in forwarded.items():
            if fw.status is ExclusionCode.service_moved:
                targets.setdefault(self._pos[fw.final], []).append((i, fw.chain[:-1]))
        for target, pairs in targets.items():
            serves[target] = True
            src = np.array([i for i, _ in pairs], dtype=np.intp)
            self._sources[(row, target)] = _Sources(src, tuple(c for _, c in pairs))
        _first(code, ~serves, _C[ExclusionCode.service_not_offered])

    def _init_diversions(self) -> None:
        shape = (len(self._service_row), len(self._facilities))
        self._div_until = np.full(shape, -np.inf)
        self._div_dt: dict[tuple[int, int], datetime] = {}
        for i, f in enumerate(self._facilities):
            self._apply_diversions(i, f.diversions)

    def _apply_diversions(self, i: int, diversions: Iterable[Diversion]) -> None:
        for diversion in diversions:
            rows = (
                self._service_row.values() if diversion.services is None
                else [self._service_row[s] for s in diversion.services if s in self._service_row]
            )
            ts = diversion.until.timestamp()
            for row in rows:
                if ts > self._div_until[row, i]:
                    self._div_until[row, i] = ts
                    self._div_dt[(row, i)] = diversion.until

    # -- cheap updates ----------------------------------------------------------

    def _position(self, facility_id: str) -> int:
        try:
            return self._pos[facility_id]
        except KeyError:
            raise KeyError(f"facility {facility_id} is not in the routing index") from None

    def update_beds(
        self, facility_id: str, free_beds: Mapping[BedType, int], *, as_of: date | None = None
    ) -> None:
        """Set the free beds of the given types for one facility; other types keep theirs."""
        i = self._position(facility_id)
        for bed, free in free_beds.items():
            row = _BED_ROW[BedType(bed)]
            self._free[row, i] = int(free)
            self._reported[row, i] = True
        if as_of is not None:
            if isinstance(as_of, datetime):
                require_aware(as_of, "as_of")
            self._beds_as_of[i] = as_of

    def set_diversions(self, facility_id: str, diversions: Iterable[Diversion]) -> None:
        """Replace one facility's emergency-department diversions."""
        i = self._position(facility_id)
        self._div_until[:, i] = -np.inf
        for row in range(len(self._service_row)):
            self._div_dt.pop((row, i), None)
        self._apply_diversions(i, diversions)

    # -- querying ---------------------------------------------------------------

    def route(self, query: RouteQuery) -> RouteResult:
        """Rank the facilities that can take the patient; explain the nearest others."""
        c2 = chord2(query.location.lat, query.location.lon, self._xyz)
        row = self._service_row.get(query.service)
        ok = (np.ones(len(self._facilities), dtype=bool) if query.bed_type is None
              else self._free[_BED_ROW[query.bed_type]] > 0)
        if row is None:
            ok[:] = False
        else:
            ok &= self._base[row] == 0
            ok &= self._opens <= query.at.timestamp()
            ok &= self._div_until[row] <= query.at.timestamp()
        if query.max_distance_km is not None:
            ok &= c2 <= km_chord2(query.max_distance_km)
        eligible = np.flatnonzero(ok)
        return RouteResult(
            query=query,
            candidates=self._candidates(query, row, c2, eligible),
            excluded=self._exclusions(query, row, c2, np.flatnonzero(~ok)),
            eligible=int(eligible.size),
            considered=len(self._facilities),
        )

    def _scores(self, query: RouteQuery, idx: np.ndarray, d: np.ndarray) -> np.ndarray:
        if query.severity not in ("critical", "severe"):
            return d
        icu_free = self._free[_BED_ROW[BedType.icu], idx] > 0
        if query.severity == "critical":
            return d + np.where(icu_free, 0.0, self.rule.icu_detour_km)
        better = icu_free | (self._free[_BED_ROW[BedType.oxygen], idx] > 0)
        return d + np.where(better, 0.0, self.rule.oxygen_detour_km)

    def _candidates(
        self, query: RouteQuery, row: int | None, c2: np.ndarray, idx: np.ndarray
    ) -> tuple[Candidate, ...]:
        d = chord2_km(c2[idx])
        score = self._scores(query, idx, d)
        bed = query.bed_type
        free = self._zeros if bed is None else self._free[_BED_ROW[bed]]
        best = _best(query.limit, score,
                     lambda pos: (self._id_rank[idx[pos]], -free[idx[pos]]))
        out = []
        for p, i in zip(best.tolist(), idx[best].tolist()):
            f = self._facilities[i]
            out.append(Candidate(
                f.id, f.name, f.region_code, float(d[p]), None if bed is None else int(free[i]),
                float(score[p]),
                self._via(row, i, c2), self._beds_as_of[i],
            ))
        return tuple(out)

    def _via(self, row: int | None, target: int, c2: np.ndarray) -> tuple[str, ...]:
        sources = None if row is None else self._sources.get((row, target))
        if sources is None:
            return ()
        first = np.lexsort((self._id_rank[sources.index], c2[sources.index]))[0]
        return sources.chains[first]

    def _exclusions(
        self, query: RouteQuery, row: int | None, c2: np.ndarray, idx: np.ndarray
    ) -> tuple[Exclusion, ...]:
        key = c2[idx]
        sel = idx[_best(query.max_excluded, key, lambda pos: (self._id_rank[idx[pos]],))]
        if query.bed_type is None:
            free = [_NOT_REPORTED] * sel.size
        else:
            bed = _BED_ROW[query.bed_type]
            free = np.where(self._reported[bed, sel], self._free[bed, sel], _NOT_REPORTED).tolist()
        dists = np.where(self._has_loc[sel], chord2_km(c2[sel]), np.nan).tolist()
        codes = self._codes(query, row, sel)
        return tuple(
            self._exclusion(query, row, i, code, None if x != x else x,
                            None if b == _NOT_REPORTED else b)
            for i, code, x, b in zip(sel.tolist(), codes, dists, free)
        )

    def _codes(self, query: RouteQuery, row: int | None, sel: np.ndarray) -> list[ExclusionCode]:
        """The first failed check, in rule order, for each excluded facility in `sel`."""
        code = (self._base_unknown if row is None else self._base[row])[sel]
        if row is not None:
            _first(code, self._opens[sel] > query.at.timestamp(), _C[ExclusionCode.not_open])
            _first(code, self._div_until[row, sel] > query.at.timestamp(), _C[_DIVERTED])
        if query.bed_type is not None:
            _first(code, self._free[_BED_ROW[query.bed_type], sel] <= 0,
                   _C[ExclusionCode.no_free_beds])
        _first(code, np.ones_like(sel, dtype=bool), _C[ExclusionCode.too_far])
        return [CODE_ORDER[c - 1] for c in code.tolist()]

    def _exclusion(
        self, query: RouteQuery, row: int | None, i: int, code: ExclusionCode,
        dist: float | None, free: int | None,
    ) -> Exclusion:
        f = self._facilities[i]
        fw = None if row is None else self._forwardings[row].get(i)
        chain = fw.chain if fw is not None and code is fw.status else ()
        until = self._div_dt.get((row, i)) if code is _DIVERTED else None
        text = describe(code, f, query, names=self._names, chain=chain, until=until,
                        distance_km=dist, free=free)
        forwarded_to = chain[-1] if code is _MOVED else None
        return Exclusion(f.id, f.name, dist, code, text, forwarded_to, chain, until)
