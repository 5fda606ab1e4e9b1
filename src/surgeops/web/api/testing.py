"""/api/testing: sample events in (one, a batch, or a CSV file), turnaround out."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal, Optional, Union

from fastapi import APIRouter, Body, Query
from pydantic import AwareDatetime, ConfigDict, Field, field_validator

from surgeops.domain.base import Input
from surgeops.domain.errors import InvalidField
from surgeops.domain.testing import EVENT_NAMES, SampleEvent
from surgeops.services import testing
from surgeops.services.diversions import in_utc
from surgeops.web.deps import ActorDep, SessionDep, SettingsDep

router = APIRouter(prefix="/api/testing", tags=["testing"])

EventName = Literal[tuple(EVENT_NAMES)]  # type: ignore[valid-type]


class EventIn(Input):
    """One step of a sample: declared, sampled, in_transport, received, or its result."""

    model_config = ConfigDict(extra="forbid")
    sample_id: str = Field(min_length=1, max_length=80)
    event: EventName = Field(description="declared, sampled, in_transport, received, positive, negative or rejected.")
    at: AwareDatetime
    place: str = Field(default="", max_length=80, description="Where it happened; the lab for received and results.")

    @field_validator("at")
    @classmethod
    def _convertible(cls, value: dt.datetime) -> dt.datetime:
        in_utc(value)  # refuse times that leave the calendar in UTC; keep the sender's offset for messages
        return value

    def domain(self) -> SampleEvent:
        return SampleEvent.named(self.sample_id, self.event, self.at, self.place.strip())


class EventBatch(Input):
    model_config = ConfigDict(extra="forbid")
    events: list[EventIn] = Field(min_length=1, max_length=10_000)


@router.post("/events", status_code=201, summary="Record sample events, one or a batch; all or nothing")
def record(payload: Union[EventBatch, EventIn], session: SessionDep, actor: ActorDep) -> dict[str, Any]:
    events = payload.events if isinstance(payload, EventBatch) else [payload]
    return testing.record_events(session, [e.domain() for e in events], actor=actor)


@router.post("/import", status_code=201, summary="Import sample events from CSV (sample_id, event, at, place); all or nothing")
def import_csv(session: SessionDep, actor: ActorDep, settings: SettingsDep,
               body: Annotated[str, Body(media_type="text/csv", description="The CSV file's text.")],
               tz: Annotated[Optional[str], Query(description="Zone for times written without an offset, e.g. +05:00 or Asia/Aqtau.")] = None,
               ) -> dict[str, Any]:
    if len(body.encode("utf-8")) > settings.max_upload_bytes:
        raise InvalidField("body", f"the file is larger than {settings.max_upload_bytes} bytes")
    zone = testing.parse_zone(tz) if tz else None
    return testing.import_csv(session, body, actor=actor, default_tz=zone)


@router.get("/turnaround", summary="Turnaround per step and per lab (median, p90, count), slowest step, backlog per lab")
def turnaround(session: SessionDep, lab: Optional[str] = None, as_of: Optional[AwareDatetime] = None) -> dict[str, Any]:
    return testing.stats(session, lab=lab, as_of=as_of)
