"""The testing chain stored: sample events in, turnaround and backlog out.

Each sample is one row holding its events in chain order (JSON), its state (the last
event's name) and the lab that received it. New events are checked together with the
sample's stored ones by `build_chains`, so a result can never be stored before its
sampling, whichever batch brought which event. A batch is all or nothing: one bad
event and nothing of it is stored. Re-sending an event already stored (same step,
time and place) is accepted and changes nothing, so a client may retry a batch.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Any, Iterable, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from surgeops.db.engine import begin_write
from surgeops.db.tables import Sample
from surgeops.domain.errors import InvalidField
from surgeops.domain.testing import (
    ChainError, CsvError, SampleChain, SampleEvent, backlog, build_chains, parse_events_csv, turnaround,
)
from surgeops.services import audit
from surgeops.services.access import check_write
from surgeops.services.audit import Actor
from surgeops.services.diversions import in_utc, now, utc


def event_name(event: SampleEvent) -> str:
    return event.outcome.value if event.outcome else event.step.value


def _stored(event: SampleEvent) -> dict[str, Any]:
    return {"event": event_name(event), "at": utc(event.at).isoformat(), "place": event.place}


def _loaded(sample_id: str, item: dict[str, Any]) -> SampleEvent:
    return SampleEvent.named(sample_id, item["event"], dt.datetime.fromisoformat(item["at"]), item["place"])


def _key(event: SampleEvent) -> tuple:
    return (event.sample_id, event.step, event.outcome, utc(event.at), event.place)


def _field_of(problem_sample: str, problem_step: str, events: list[SampleEvent], prefix: str) -> str:
    """The batch position of the offending event, for the error's field name."""
    for i, e in enumerate(events):
        if e.sample_id == problem_sample and e.step == problem_step:
            return f"{prefix}.{e.row if prefix == 'row' else i}"
    for i, e in enumerate(events):
        if e.sample_id == problem_sample:
            return f"{prefix}.{e.row if prefix == 'row' else i}"
    return prefix


def _chains(session: Session, new: list[SampleEvent], prefix: str) -> tuple[dict[str, SampleChain], dict[str, Sample]]:
    """Stored and new events of the samples touched, checked as chains."""
    ids = sorted({e.sample_id for e in new})
    rows = {r.sample_id: r for r in session.scalars(select(Sample).where(Sample.sample_id.in_(ids)))} if ids else {}
    old = [_loaded(sid, item) for sid, row in rows.items() for item in row.events]
    seen = {_key(e) for e in old}
    fresh = []
    for e in new:
        if _key(e) not in seen:
            seen.add(_key(e))
            fresh.append(e)
    try:
        return build_chains([*old, *fresh]), rows
    except ChainError as exc:
        first = exc.problems[0]
        raise InvalidField(_field_of(first.sample_id, first.step, new, prefix), str(exc)) from None


MAX_TEXT = 80  # samples.sample_id and samples.lab are VARCHAR(80)


def _check_text(events: list[SampleEvent], prefix: str) -> None:
    """Refuse what the database would: over-long ids or places, NUL characters."""
    for i, e in enumerate(events):
        where = f"{prefix}.{e.row if prefix == 'row' else i}"
        for name, value in (("sample_id", e.sample_id), ("place", e.place)):
            if len(value) > MAX_TEXT or "\x00" in value:
                raise InvalidField(f"{where}.{name}", f"at most {MAX_TEXT} characters, none of them NUL")


def record_events(session: Session, events: Iterable[SampleEvent], *, actor: Actor, source: str = "api",
                  field_prefix: str = "events") -> dict[str, int]:
    """Store a batch of events (all or nothing) and commit; counts of samples and events.

    Raises InvalidField naming the offending event (`events.<i>`, or `row.<n>` for
    files) with every sample's problem in the message.
    """
    check_write(session, actor, "sample", {})
    begin_write(session)
    new = list(events)
    _check_text(new, field_prefix)
    chains, rows = _chains(session, new, field_prefix)
    created = 0
    for sample_id, chain in chains.items():
        row = rows.get(sample_id)
        if row is None:
            row = Sample(sample_id=sample_id, state="", events=[])
            session.add(row)
            created += 1
        row.events = [_stored(e) for e in chain.events]
        row.state, row.lab = chain.state, chain.lab
    session.flush()
    summary = {"samples": len(chains), "new_samples": created, "events": len(new)}
    audit.record(session, actor=actor, action="import", entity="sample_events", entity_id=source,
                 before=None, after=summary)
    session.commit()
    return summary


def import_csv(session: Session, text: str, *, actor: Actor, default_tz: Optional[dt.tzinfo] = None,
               source: str = "csv") -> dict[str, int]:
    """Events from CSV text (see `parse_events_csv`), stored all or nothing.

    A bad cell is InvalidField `row.<n>.<column>`; a broken chain `row.<n>`.
    """
    try:
        events = parse_events_csv(text, default_tz=default_tz)
    except CsvError as exc:
        raise InvalidField(f"row.{exc.row}" + (f".{exc.column}" if exc.column else ""), str(exc)) from None
    return record_events(session, events, actor=actor, source=source, field_prefix="row")


def all_chains(session: Session) -> list[SampleChain]:
    """Every stored sample as a chain (stored chains were checked when stored)."""
    events = [_loaded(r.sample_id, item) for r in session.scalars(select(Sample)) for item in r.events]
    return list(build_chains(events).values())


def _table(table: Any) -> dict[str, Any]:
    return {"intervals": [asdict(s) for s in table.intervals], "slowest_step": table.slowest_step}


def stats(session: Session, *, lab: Optional[str] = None, as_of: Optional[dt.datetime] = None) -> dict[str, Any]:
    """Turnaround per interval overall and per lab (median, p90, count, in hours), the
    slowest step, and each lab's backlog as of `as_of` (now by default)."""
    try:
        moment = in_utc(as_of) if as_of else now()
    except ValueError as exc:
        raise InvalidField("as_of", str(exc)) from None
    chains = all_chains(session)
    report = turnaround(chains)
    waiting = backlog(chains, as_of=moment)
    labs = {name: _table(t) for name, t in report.by_lab.items() if lab is None or name == lab}
    overall = _table(report.overall) if lab is None else labs.get(lab, _table(turnaround([]).overall))
    return {
        "as_of": moment.isoformat(), "lab": lab, "overall": overall, "by_lab": labs,
        "samples": len(chains) if lab is None else sum(c.lab == lab for c in chains),
        "backlog": [
            {"lab": b.lab, "waiting": b.waiting, "oldest_received": b.oldest_received.isoformat() if b.oldest_received else None}
            for b in waiting.values() if lab is None or b.lab == lab
        ],
    }


def parse_zone(text: str, *, field: str = "tz") -> dt.tzinfo:
    """A zone name (Asia/Aqtau) or a UTC offset (+05:00) for times written without one."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return dt.datetime.strptime(text.strip(), "%z").tzinfo  # type: ignore[return-value]
    except ValueError:
        pass
    try:
        return ZoneInfo(text.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidField(field, f"'{text}' is neither a UTC offset such as +05:00 nor a zone name such as Asia/Aqtau") from None
