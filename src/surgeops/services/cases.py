"""Daily case statistics per region, held to the rules of a case figure (domain/cases.py)
on every path: the API and imports through the Resource's `check`, facts through
`check_figure`. Errors refuse (InvalidField naming `value`); warnings are returned with
the stored record and shown on the region page (`region_trends`)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Optional

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from surgeops.db.tables import CaseStat, Region
from surgeops.domain.cases import CaseStatCreate, CaseStatUpdate, CaseWarning, check_same_day, falls, warnings_for
from surgeops.services.crud import Filter, Resource


def check_figure(session: Session, *, region: str, date: dt.date, metric: str, value: int,
                 replacing: Optional[int] = None) -> list[dict[str, Any]]:
    """The rules of a case figure against what is stored (the row `replacing`, if the figure
    changes one, left out): InvalidField for an error, else the warnings as dicts."""
    others = CaseStat.id != replacing if replacing is not None else CaseStat.id.isnot(None)
    of_region = (CaseStat.region == region, others)
    same_day = dict(session.execute(select(CaseStat.metric, CaseStat.value)
                                    .where(*of_region, CaseStat.date == date, CaseStat.metric != metric)).all())
    check_same_day(metric, value, same_day)
    in_metric = (*of_region, CaseStat.metric == metric)
    previous = session.execute(select(CaseStat.date, CaseStat.value).where(*in_metric, CaseStat.date < date)
                               .order_by(CaseStat.date.desc()).limit(1)).first()
    following = session.execute(select(CaseStat.date, CaseStat.value).where(*in_metric, CaseStat.date > date)
                                .order_by(CaseStat.date).limit(1)).first()
    found = warnings_for(metric, date, value, previous=tuple(previous) if previous else None,
                         following=tuple(following) if following else None)
    return [w.as_dict() for w in found]


def _check(session: Session, record: BaseModel, row: Optional[CaseStat]) -> list[dict[str, Any]]:
    assert isinstance(record, CaseStatCreate)
    return check_figure(session, region=record.region, date=record.date, metric=str(record.metric), value=record.value,
                        replacing=row.id if row is not None else None)


RESOURCE = Resource(
    name="case_stat", table=CaseStat, key="id", create=CaseStatCreate, update=CaseStatUpdate,
    references={"region": (Region, "code")},
    filters={"region": Filter("region", "region"), "metric": Filter("metric"),
             "date_from": Filter("date", "ge"), "date_to": Filter("date", "le")},
    order=("date", "region", "metric"), insert_checks_references=True, check=_check,
)


def region_trends(session: Session, code: str) -> tuple[dict[str, list[tuple[dt.date, int]]], list[CaseWarning]]:
    """The region's own case figures as one series per metric (date order), and the
    warnings they raise (cumulative counts that fall), newest first."""
    series: dict[str, list[tuple[dt.date, int]]] = {}
    rows = session.execute(select(CaseStat.metric, CaseStat.date, CaseStat.value)
                           .where(CaseStat.region == code).order_by(CaseStat.metric, CaseStat.date))
    for metric, day, value in rows:
        series.setdefault(metric, []).append((day, value))
    found = [w for metric, points in series.items() for w in falls(metric, points)]
    return series, sorted(found, key=lambda w: (w.date, w.metric), reverse=True)
