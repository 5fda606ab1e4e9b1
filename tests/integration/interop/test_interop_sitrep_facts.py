"""The report's section of facts accepted that day: accepted or corrected facts about a place
in the region, reviewed that day; not rejected ones, not other days, not other regions."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from builders import TESTER, make_beds, make_facility, make_region, mangystau
from surgeops.interop.sitrep import render
from surgeops.interop.sitrep.figures import gather
from surgeops.services import reports

TEXT = "Mangystau region: 1672 confirmed cases of coronavirus, 664 people recovered as of 6 July 2020."


def test_facts_accepted_that_day_are_reported_for_their_region(session: Session) -> None:
    mangystau(session)
    make_region(session, code="KZ-75", level="region", names={"en": "Almaty"})
    make_facility(session, key="aktau-1", region="KZ-47-AKT")
    make_beds(session, facility="aktau-1", capacity=100, occupied=90)
    report, _ = reports.submit(session, raw=TEXT, actor=TESTER, language="en", title="Mangystau daily")
    confirmed, recovered = report["facts"]
    reports.review(session, confirmed["id"], decision="accept", actor=TESTER)
    reports.review(session, recovered["id"], decision="reject", actor=TESTER)
    today = dt.datetime.now(dt.timezone.utc).date()

    rep = gather(session, region="KZ-47", day=today)
    assert [(f["type"], f["report"]) for f in rep.facts] == [("cases", "Mangystau daily")]
    assert rep.cases["confirmed"] == 1672  # the accepted fact was applied to the case figures
    assert gather(session, region="KZ-47", day=today - dt.timedelta(days=1)).facts == []
    assert gather(session, region="KZ-75", day=today).facts == []

    page = render(session, region="KZ", day=today, lang="en", fmt="html").decode("utf-8")
    assert "Facts from reports accepted today" in page and "1672 confirmed cases" in page
    assert "Ranked by occupancy, then by free beds." in page  # no sub-region has a population: no forecast
