"""Comparing two routing results (the indexed router against the reference loop)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from surgeops.routing import RouteResult


def assert_same_routes(got: RouteResult, want: RouteResult) -> None:
    """Equal except for distances, which numpy and math may round a last bit apart."""
    def strip(result):
        return replace(
            result,
            candidates=tuple(replace(c, distance_km=0.0, score=0.0) for c in result.candidates),
            excluded=tuple(replace(e, distance_km=None) for e in result.excluded),
        )
    assert strip(got) == strip(want)
    pairs = [*zip(got.candidates, want.candidates), *zip(got.excluded, want.excluded)]
    for a, b in pairs:
        assert (a.distance_km is None) == (b.distance_km is None)
        if a.distance_km is not None:
            assert a.distance_km == pytest.approx(b.distance_km, rel=1e-12, abs=1e-9)
    for a, b in zip(got.candidates, want.candidates):
        assert a.score == pytest.approx(b.score, rel=1e-12, abs=1e-9)
