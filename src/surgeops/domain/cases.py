"""Daily case statistics per region."""

from __future__ import annotations

import datetime as dt

from surgeops.domain.base import Code, Count, Patch, Record
from surgeops.domain.codes import Metric


class CaseStatCreate(Record):
    region: Code
    date: dt.date
    metric: Metric
    value: Count


class CaseStatUpdate(Patch):
    value: Count
