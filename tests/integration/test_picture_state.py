"""The operational picture holds under any sequence of real work.

A Hypothesis state machine drives the services through random sequences of full and
partial bed reports, report facts accepted, corrected or rejected, transfers (request,
accept, send, arrive, cancel), conversions, reserve openings and closings, deployments
with their stays, and case reports, some of them with bad values. After every step it
checks what a coordinator relies on:

- 0 <= occupied <= capacity for every stored bed figure;
- free = capacity - occupied - held - arrived since the report >= 0, as every reader sees it;
- no figure (beds, cases) dated after today;
- every record's newest audit row says what is stored, and a refused step writes nothing;
- a region's totals are the sum of its facilities' newest figures;
- a deployment is listed in every region it stays in.

Runs on SQLite and PostgreSQL. SURGEOPS_PROPERTY_EXAMPLES sets the number of examples
(default 12, for CI); `bench/picture_state.py` runs it longer.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

import pytest
from hypothesis import HealthCheck, settings, strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test
from sqlalchemy import func, select

from builders import TESTER, make_beds, make_facility, make_region
from surgeops.db.tables import AuditEntry, BedSnapshot, CaseStat, Conversion, Deployment, Facility, Fact, Transfer
from surgeops.domain.capacity import BedSnapshotCreate
from surgeops.domain.cases import CaseStatCreate
from surgeops.domain.conversions import ConversionCreate
from surgeops.domain.deployments import DeploymentCreate
from surgeops.domain.reserves import ReserveActionCreate
from surgeops.domain.errors import SurgeopsError
from surgeops.domain.codes import BedType
from surgeops.services import capacity, cases, conversions, crud, deployments, reports, reserves, routing, transfers

EXAMPLES = int(os.environ.get("SURGEOPS_PROPERTY_EXAMPLES", "12"))
TODAY = dt.date.today()
FACILITIES = ("aktau", "zhanaozen", "sofie", "bg-field")
KZ_FACILITIES = FACILITIES[:3]
BED_TYPES = ("infectious", "provisional", "icu")
DAYS = st.integers(min_value=-40, max_value=0).map(lambda n: TODAY + dt.timedelta(days=n))
BAD_DAYS = st.sampled_from([TODAY + dt.timedelta(days=400), dt.date(2030, 1, 1)])
COUNTS = st.integers(min_value=0, max_value=400)
TEXTS = (
    "Маңғыстау облысында коронавирус инфекциясы бойынша барлығы {n} төсек-орын дайындалды. "
    "Бүгінгі күні олардың сыйымдылығы {p} % - ды құрап отыр.",
    "В Мангистауской области развернуто {n} коек, из них заполнено {p} %.",
    "Маңғыстау облысында {n} адам коронавирус жұқтырды.",
)
REFUSED = (SurgeopsError, ValueError)  # a refusal the service names (4xx); anything else is a defect


def _world(session: Any) -> None:
    make_region(session)
    make_region(session, code="KZ-47", level="region", names={"en": "Mangystau", "kk": "Маңғыстау облысы",
                                                               "ru": "Мангистауская область"}, lat=44.0, lon=52.0)
    make_region(session, code="KZ-47-AKT", level="district", parent="KZ-47", names={"en": "Aktau"}, lat=43.65, lon=51.16)
    make_region(session, code="KZ-47-ZHA", level="district", parent="KZ-47", names={"en": "Zhanaozen"}, lat=43.3, lon=52.8)
    make_region(session, code="VN", level="country", names={"en": "Vietnam"})
    make_region(session, code="VN-54", level="region", parent="VN", names={"en": "Bac Giang"}, lat=21.3, lon=106.2)
    make_facility(session, key="aktau", region="KZ-47-AKT", services=["therapy", "infectious_disease"])
    make_facility(session, key="zhanaozen", region="KZ-47-ZHA", lat=43.3, lon=52.8, services=["therapy", "trauma"])
    make_facility(session, key="sofie", region="KZ-47-AKT", lat=43.66, lon=51.17, services=["trauma"])
    make_facility(session, key="bg-field", region="VN-54", lat=21.3, lon=106.2, services=["therapy"])
    for key in FACILITIES:
        make_beds(session, facility=key, bed_type="infectious", as_of=TODAY - dt.timedelta(days=50), capacity=50, occupied=20,
                  reserve=60)


def _audit_rows(session: Any) -> int:
    return session.scalar(select(func.count()).select_from(AuditEntry)) or 0


class Picture(RuleBasedStateMachine):
    """One operations centre's day, in random order."""

    db: Any = None  # set by the test before the machine runs
    empty: Any = None

    @initialize()
    def start(self) -> None:
        type(self).empty(self.db)
        self._opened = self.db.session()
        self.session = self._opened.__enter__()
        _world(self.session)
        self.facts: list[int] = []

    def teardown(self) -> None:
        if hasattr(self, "_opened"):
            self._opened.__exit__(None, None, None)

    # -- running a step -------------------------------------------------------------

    def _step(self, action: Any, *, must_refuse: bool = False) -> Any:
        """Run one service call; a refusal must name its reason and write nothing."""
        before = _audit_rows(self.session)
        try:
            result = action()
        except REFUSED:
            self.session.rollback()
            assert _audit_rows(self.session) == before, "a refused change left audit rows behind"
            return None
        assert not must_refuse, "a bad value was stored"
        assert _audit_rows(self.session) > before, "a change was stored without an audit row"
        return result

    # -- bed figures ------------------------------------------------------------------

    @rule(facility=st.sampled_from(FACILITIES), bed_type=st.sampled_from(BED_TYPES), day=DAYS,
          beds=COUNTS, occupied=COUNTS, reserve=st.integers(0, 100))
    def full_report(self, facility: str, bed_type: str, day: dt.date, beds: int, occupied: int, reserve: int) -> None:
        def act() -> Any:
            model = BedSnapshotCreate(facility=facility, bed_type=bed_type, as_of=day, capacity=beds,
                                      occupied=occupied, reserve=reserve)
            return crud.create(self.session, capacity.RESOURCE, model, actor=TESTER)
        self._step(act, must_refuse=occupied > beds)

    @rule(facility=st.sampled_from(FACILITIES), day=BAD_DAYS)
    def future_report(self, facility: str, day: dt.date) -> None:
        def act() -> Any:
            model = BedSnapshotCreate(facility=facility, bed_type="infectious", as_of=day, capacity=10, occupied=1)
            return crud.create(self.session, capacity.RESOURCE, model, actor=TESTER)
        self._step(act, must_refuse=True)

    @rule(data=st.data(), which=st.sampled_from(["capacity", "occupied"]), value=st.integers(-100, 60_000_000))
    def partial_report(self, data: st.DataObject, which: str, value: int) -> None:
        ids = list(self.session.scalars(select(BedSnapshot.id).order_by(BedSnapshot.id)))
        key = data.draw(st.sampled_from(ids))
        row = self.session.get(BedSnapshot, key)
        other = row.occupied if which == "capacity" else row.capacity
        bad = value < 0 or value > 10_000_000 or (value < other if which == "capacity" else value > other)
        version = row.version
        self.session.expire_all()

        def act() -> Any:
            patch = capacity.RESOURCE.update.model_validate({which: value})
            return crud.update(self.session, capacity.RESOURCE, key, patch, expected_version=version, actor=TESTER)
        self._step(act, must_refuse=bad)

    # -- report facts ---------------------------------------------------------------

    @rule(template=st.sampled_from(TEXTS), n=st.integers(1, 3000), p=st.integers(0, 100), salt=st.integers(0, 10**6))
    def submit_report(self, template: str, n: int, p: int, salt: int) -> None:
        text = template.format(n=n, p=p) + f" ({salt})"
        published = TODAY - dt.timedelta(days=salt % 30)
        report, _ = reports.submit(self.session, raw=text, actor=TESTER, published=published)
        self.facts += [f["id"] for f in report["facts"]]

    @rule(data=st.data(), decision=st.sampled_from(["accept", "reject", "correct"]),
          value=st.one_of(st.integers(-100, 3000), st.just(50_000_000), st.just("many")))
    def review_fact(self, data: st.DataObject, decision: str, value: Any) -> None:
        pending = [f for f in self.facts if self.session.get(Fact, f).status == "pending"]
        if not pending:
            return
        fact = self.session.get(Fact, data.draw(st.sampled_from(pending)))
        field = "count" if fact.type == "beds" else "value"
        corrected = {field: value} if decision == "correct" else None
        bad = decision == "correct" and (not isinstance(value, int) or value < 0 or value > 10_000_000)

        def act() -> Any:
            return reports.review(self.session, fact.id, decision=decision, actor=TESTER, corrected=corrected)
        self._step(act, must_refuse=bad)

    # -- transfers -----------------------------------------------------------------

    @rule(sender=st.sampled_from(KZ_FACILITIES), receiver=st.sampled_from(KZ_FACILITIES), bed_type=st.sampled_from(BED_TYPES))
    def request_transfer(self, sender: str, receiver: str, bed_type: str) -> None:
        def act() -> Any:
            payload = transfers.TransferCreate(patient_ref="p-1", from_facility=sender, to_facility=receiver, bed_type=bed_type)
            return transfers.create(self.session, payload, actor=TESTER)
        self._step(act, must_refuse=sender == receiver)

    @rule(data=st.data(), status=st.sampled_from(["accepted", "in_transport", "arrived", "cancelled", "declined"]))
    def move_transfer(self, data: st.DataObject, status: str) -> None:
        open_ = list(self.session.scalars(select(Transfer.id).where(Transfer.status.in_(["requested", "accepted", "in_transport"]))))
        if not open_:
            return
        key = data.draw(st.sampled_from(open_))
        change = transfers.StatusChange(status=status)
        self._step(lambda: transfers.change_status(self.session, key, change, actor=TESTER))

    # -- conversions and reserves ------------------------------------------------------

    @rule(facility=st.sampled_from(KZ_FACILITIES), day=DAYS, beds=st.integers(0, 700))
    def convert(self, facility: str, day: dt.date, beds: int) -> None:
        reroute = [{"service": "trauma", "to": "sofie" if facility != "sofie" else "zhanaozen"}]

        def act() -> Any:
            model = ConversionCreate(facility=facility, date=day, new_kind="provisional_hospital",
                                     new_capacity={"provisional": beds}, reroutes=reroute)
            return crud.create(self.session, conversions.RESOURCE, model, actor=TESTER)
        self._step(act)

    @rule(facility=st.sampled_from(FACILITIES), action=st.sampled_from(["open", "close"]), beds=st.integers(1, 120))
    def move_reserve(self, facility: str, action: str, beds: int) -> None:
        def act() -> Any:
            payload = ReserveActionCreate(facility=facility, bed_type="infectious", action=action, beds=beds, reason="surge")
            return reserves.act(self.session, payload, actor=TESTER)
        self._step(act)

    # -- teams and cases ----------------------------------------------------------------

    @rule(first=DAYS, length=st.integers(1, 30), gap=st.integers(-10, 10), second=st.sampled_from(["KZ-47-ZHA", "VN-54", "KZ-47"]))
    def deploy(self, first: dt.date, length: int, gap: int, second: str) -> None:
        first_end = first + dt.timedelta(days=length)
        second_start = first_end + dt.timedelta(days=gap)
        stays = [{"region": "KZ-47-AKT", "start": first, "end": first_end}, {"region": second, "start": second_start}]

        def act() -> Any:
            model = DeploymentCreate(origin={"kind": "region", "name": "Almaty", "region": None}, team_size=10, destinations=stays)
            return crud.create(self.session, deployments.RESOURCE, model, actor=TESTER)
        self._step(act, must_refuse=second_start < first_end)

    @rule(metric=st.sampled_from(["confirmed", "asymptomatic", "recovered"]), day=DAYS, value=COUNTS)
    def case_report(self, metric: str, day: dt.date, value: int) -> None:

        def act() -> Any:
            model = CaseStatCreate(region="KZ-47", date=day, metric=metric, value=value)
            return crud.create(self.session, cases.RESOURCE, model, actor=TESTER)
        self._step(act)

    # -- what must hold after every step ---------------------------------------------

    @invariant()
    def occupancy_within_capacity(self) -> None:
        bad = self.session.scalars(select(BedSnapshot).where(
            (BedSnapshot.occupied < 0) | (BedSnapshot.occupied > BedSnapshot.capacity) | (BedSnapshot.capacity > 10_000_000))).all()
        assert not bad, [(b.facility, b.bed_type, b.capacity, b.occupied) for b in bad]

    @invariant()
    def one_free_figure_for_every_reader(self) -> None:
        """free = capacity - occupied - held - arrived since the report, >= 0, and the
        transfers, routing and the region's capacity all read that one figure."""
        holding = self.session.execute(select(Transfer.to_facility, Transfer.bed_type, func.count()).where(
            Transfer.status.in_(["accepted", "in_transport"])).group_by(Transfer.to_facility, Transfer.bed_type)).all()
        held = {(f, b): n for f, b, n in holding}
        routed = {f.id: f.free_beds for f in routing.facility_snapshots(self.session, dt.datetime.now(dt.timezone.utc))}
        region_free: dict[str, int] = {}
        for facility in FACILITIES:
            for bed_type in BED_TYPES:
                count = transfers.free_beds(self.session, facility, bed_type)
                assert count["held"] == held.get((facility, bed_type), 0), (facility, bed_type, count)
                if count["capacity"] is None:
                    continue
                expected = max(count["capacity"] - count["occupied"] - count["held"] - count["arrived"], 0)
                assert count["free"] == expected >= 0, (facility, bed_type, count)
                assert routed[facility].get(BedType(bed_type), 0) == count["free"], (facility, bed_type, routed[facility], count)
                if facility in KZ_FACILITIES:
                    region_free[bed_type] = region_free.get(bed_type, 0) + count["free"]
        by_type = capacity.region_capacity(self.session, "KZ-47", history=False)["by_type"]
        for bed_type, free in region_free.items():
            pooled = by_type.get(bed_type, {}).get("free", 0) - free  # beds the region reported beyond its facilities
            assert pooled >= 0, (bed_type, by_type.get(bed_type), free)

    @invariant()
    def nothing_dated_after_today(self) -> None:
        tolerance = TODAY + dt.timedelta(days=1)
        for column in (BedSnapshot.as_of, CaseStat.date):  # figures observed: plans (stays, conversions) may lie ahead
            newest = self.session.scalar(select(func.max(column)))
            assert newest is None or newest <= tolerance, (column, newest)

    @invariant()
    def audit_says_what_is_stored(self) -> None:
        for entity, table, res in (("bed_snapshot", BedSnapshot, capacity.RESOURCE), ("case_stat", CaseStat, cases.RESOURCE),
                                   ("deployment", Deployment, deployments.RESOURCE), ("conversion", Conversion, conversions.RESOURCE),
                                   ("transfer", Transfer, transfers.RESOURCE)):
            for row in self.session.scalars(select(table)):
                after = self.session.scalar(select(AuditEntry.after).where(
                    AuditEntry.entity == entity, AuditEntry.entity_id == str(row.id)).order_by(AuditEntry.id.desc()).limit(1))
                assert after is not None, f"{entity} {row.id} has no audit row"
                stored = crud.snapshot(res, row)
                differs = {k: (v, stored.get(k)) for k, v in after.items()
                           if k in stored and k not in ("version", "updated_at", "created_at") and stored[k] != v}
                assert not differs, f"{entity} {row.id}: audit after differs from what is stored: {differs}"

    @invariant()
    def region_is_sum_of_facilities(self) -> None:
        latest = capacity.latest_by_facility(self.session)
        for region in ("KZ-47", "VN-54"):
            members = list(self.session.scalars(select(Facility.key).where(Facility.region.in_(crud.region_subtree(self.session, region)))))
            figures = capacity.region_capacity(self.session, region, history=False)
            expected = sum(s.capacity for key in members for s in latest.get(key, {}).values())
            occupied = sum(s.occupied for key in members for s in latest.get(key, {}).values())
            assert figures["total"]["capacity"] == expected and figures["total"]["occupied"] == occupied, (region, figures["total"])

    @invariant()
    def teams_listed_where_they_stay(self) -> None:
        for row in self.session.scalars(select(Deployment)):
            for stay in row.destinations:
                listed, _ = crud.listing(self.session, deployments.RESOURCE, filters={"region": stay["region"]}, limit=500, offset=0)
                assert row.id in {item["id"] for item in listed}, f"team {row.id} is missing from {stay['region']}"


@pytest.mark.db
def test_the_picture_holds_under_any_sequence_of_work(db, empty_database) -> None:  # noqa: ANN001
    Picture.db, Picture.empty = db, staticmethod(empty_database)
    run_state_machine_as_test(Picture, settings=settings(
        max_examples=EXAMPLES, stateful_step_count=25, deadline=None, derandomize=not os.environ.get("SURGEOPS_PROPERTY_RANDOM"),
        suppress_health_check=list(HealthCheck)))
