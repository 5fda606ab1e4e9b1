"""Daily case statistics per region."""

from __future__ import annotations

from surgeops.db.tables import CaseStat, Region
from surgeops.domain.cases import CaseStatCreate, CaseStatUpdate
from surgeops.services.crud import Filter, Resource

RESOURCE = Resource(
    name="case_stat", table=CaseStat, key="id", create=CaseStatCreate, update=CaseStatUpdate,
    references={"region": (Region, "code")},
    filters={"region": Filter("region", "region"), "metric": Filter("metric"),
             "date_from": Filter("date", "ge"), "date_to": Filter("date", "le")},
    order=("date", "region", "metric"), insert_checks_references=True,
)
