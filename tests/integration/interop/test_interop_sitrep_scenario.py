"""The report's exhaustion ranking marks a day past the forecast's measured horizon as a scenario."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from builders import TESTER, make_beds, make_facility, make_region, mangystau
from surgeops.domain.regions import RegionUpdate
from surgeops.forecast.skill import product_skill
from surgeops.interop.sitrep import render
from surgeops.interop.sitrep.ranking import rank_places
from surgeops.services import crud, regions

DAY = dt.date(2020, 7, 6)


def _world(session: Session, occupied: int) -> None:
    mangystau(session)
    crud.update(session, regions.RESOURCE, "KZ-47", RegionUpdate(population=700_000), expected_version=1, actor=TESTER)
    make_region(session, code="KZ-15", level="region", names={"en": "Aktobe"}, population=900_000)
    make_facility(session, key="tight", region="KZ-47-AKT")
    make_facility(session, key="roomy", region="KZ-15")
    make_beds(session, facility="tight", capacity=100, occupied=occupied)
    make_beds(session, facility="roomy", capacity=1000, occupied=20)


def test_a_run_out_day_past_the_forecast_horizon_is_marked_a_scenario(session: Session) -> None:
    _world(session, occupied=80)
    places, method = rank_places(session, region="KZ", day=DAY)
    tight = next(p for p in places if p.code == "KZ-47")
    assert method == "forecast" and tight.runs_out is not None
    assert (tight.runs_out - DAY).days > product_skill().forecast_days() and tight.scenario
    page = render(session, region="KZ", day=DAY, lang="en", fmt="html").decode("utf-8")
    assert "(scenario)" in page and "beat \"no change\" on past epidemics" in page.replace("&#34;", '"').replace("&quot;", '"')


def test_a_run_out_day_within_the_forecast_horizon_is_not(session: Session) -> None:
    _world(session, occupied=99)
    places, _ = rank_places(session, region="KZ", day=DAY)
    tight = next(p for p in places if p.code == "KZ-47")
    assert tight.runs_out is not None and (tight.runs_out - DAY).days <= product_skill().forecast_days()
    assert not tight.scenario
