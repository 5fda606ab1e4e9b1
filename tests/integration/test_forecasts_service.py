"""Which regions the regional forecast takes, and what it feeds the model."""

from __future__ import annotations

import datetime as dt

from builders import TESTER, make_beds, make_facility, make_region
from surgeops.domain.cases import CaseStatCreate
from surgeops.services import cases, crud, forecasts


def test_inputs_need_a_population_and_beds_in_use(session) -> None:  # noqa: ANN001
    make_region(session)
    make_region(session, code="A", level="region", names={"en": "A"}, population=500_000)
    make_region(session, code="B", level="region", names={"en": "B"})
    make_region(session, code="D", level="region", names={"en": "D"}, population=500_000)
    make_facility(session, key="a", region="A")
    make_facility(session, key="b", region="B")
    make_facility(session, key="d", region="D")
    make_beds(session, facility="a", capacity=100, occupied=80, reserve=10, as_of="2020-07-01")
    make_beds(session, facility="b", capacity=100, occupied=80, as_of="2020-07-01")
    make_beds(session, facility="d", bed_type="icu", capacity=10, occupied=0, as_of="2020-07-01")
    day = dt.date(2020, 7, 6)
    for back in range(7):
        crud.create(session, cases.RESOURCE, CaseStatCreate(region="A", date=day - dt.timedelta(days=back), metric="daily_admissions",
                                                            value=10 + back), actor=TESTER)
    made = forecasts.region_inputs(session, day)
    assert [r.code for r in made] == ["A"]
    assert made[0].census == {"infectious": 80} and made[0].reserve_beds == {"infectious": 10}
    assert len(made[0].observed_admissions) == 7
    shorter = forecasts.region_inputs(session, day - dt.timedelta(days=1))
    assert shorter[0].observed_admissions is None, "too short a series runs the reference model"


def test_full_beds_run_out_sooner_than_empty_ones(session) -> None:  # noqa: ANN001
    make_region(session)
    for code in ("FULL", "EMPTY"):
        make_region(session, code=code, level="region", names={"en": code}, population=1_000_000)
        make_facility(session, key=code.lower(), region=code)
    make_beds(session, facility="full", capacity=100, occupied=99)
    make_beds(session, facility="empty", capacity=1000, occupied=10)
    _, results = forecasts.forecast_all(session)
    by_code = {f.code: f for f in results}
    assert by_code["FULL"].exhaustion_day is not None
    assert by_code["EMPTY"].exhaustion_day is None or by_code["EMPTY"].exhaustion_day > by_code["FULL"].exhaustion_day
