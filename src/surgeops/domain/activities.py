"""Activities of a deployment: seminars, trainings, site assessments, technical transfer."""

from __future__ import annotations

import datetime as dt
from typing import Optional

from pydantic import Field

from surgeops.domain.base import Code, Name, Note, Patch, Record
from surgeops.domain.codes import ActivityKind


class ActivityCreate(Record):
    kind: ActivityKind
    deployment: Optional[int] = Field(default=None, ge=1, le=2**31 - 1)
    region: Code
    facility: Optional[Code] = None
    date: Optional[dt.date] = None
    title: Name
    findings: Optional[Note] = None


class ActivityUpdate(Patch):
    date: Optional[dt.date] = None
    title: Optional[Name] = None
    findings: Optional[Note] = None
