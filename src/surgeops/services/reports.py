"""Report ingestion as a use case: store a report and its extracted facts as pending,
let a reviewer accept, correct or reject each fact, and apply accepted facts to the records
they describe, each linked back to the report and its evidence."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any, Literal, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from surgeops.db.tables import Fact, Report
from surgeops.domain.base import check_web_url
from surgeops.domain.errors import Conflict, InvalidField, NotFound, StaleVersion
from surgeops.ingest import extract_text, plain_text
from surgeops.services import audit
from surgeops.services.access import check_write
from surgeops.services.audit import Actor
from surgeops.services.facts import apply_fact

Decision = Literal["accept", "reject", "correct"]
FACT_FIELDS = {
    "deployment": ("origin", "destination", "team_size", "specialties", "date", "lead", "origin_code", "destination_code"),
    "supply": ("origin", "destination", "item", "quantity", "origin_code", "destination_code"),
    "beds": ("place", "bed_type", "count", "occupancy_pct", "place_code"),
    "cases": ("place", "metric", "value", "place_code"),
}


def digest_of(raw: str) -> str:
    return hashlib.sha256(" ".join(raw.split()).encode("utf-8")).hexdigest()


def submit(session: Session, *, raw: str, actor: Actor, source_url: Optional[str] = None, language: Optional[str] = None,
           published: Optional[dt.date] = None, title: Optional[str] = None) -> tuple[dict[str, Any], bool]:
    """Store a report with its facts as pending. Returns (report, created); the same text
    submitted again returns the stored report and adds nothing."""
    if not raw.strip():
        raise InvalidField("text", "the report is empty")
    if source_url is not None:
        try:
            check_web_url(source_url)
        except ValueError as exc:
            raise InvalidField("source_url", str(exc)) from None
    check_write(session, actor, "report", {})
    digest = digest_of(raw)
    existing = session.scalars(select(Report).where(Report.digest == digest)).first()
    if existing is not None:
        return report_view(session, existing.id), False
    result = extract_text(raw, doc=digest[:16], published=published, lang=language)
    report = Report(digest=digest, title=title or _title(raw), source_url=source_url, language=result["lang"],
                    published=dt.date.fromisoformat(result["published"]) if result["published"] else None,
                    raw=raw, text=plain_text(raw))
    session.add(report)
    session.flush()
    for fact in result["facts"]:
        data = {k: fact.get(k) for k in FACT_FIELDS[fact["type"]] if k in fact}
        session.add(Fact(report=report.id, type=fact["type"], data=data, evidence=fact["evidence"],
                         span_start=fact["span"][0], span_end=fact["span"][1], status="pending"))
    session.flush()
    audit.record(session, actor=actor, action="create", entity="report", entity_id=report.id, before=None,
                 after={"digest": digest, "language": report.language, "facts": len(result["facts"]), "source_url": source_url})
    session.commit()
    return report_view(session, report.id), True


def _title(raw: str) -> str:
    first = next((line.strip() for line in plain_text(raw).splitlines() if line.strip()), "")
    return first[:200]


def fact_view(fact: Fact) -> dict[str, Any]:
    return {"id": fact.id, "report": fact.report, "type": fact.type, "data": fact.data, "evidence": fact.evidence,
            "span": [fact.span_start, fact.span_end], "status": fact.status, "reviewed_by": fact.reviewed_by,
            "reviewed_at": fact.reviewed_at, "applied_to": fact.applied_to, "version": fact.version}


def report_view(session: Session, report_id: int) -> dict[str, Any]:
    report = session.get(Report, report_id)
    if report is None:
        raise NotFound("report", report_id)
    facts = session.scalars(select(Fact).where(Fact.report == report_id).order_by(Fact.span_start, Fact.id)).all()
    return {"id": report.id, "title": report.title, "source_url": report.source_url, "language": report.language,
            "published": report.published, "received_at": report.received_at, "text": report.text,
            "facts": [fact_view(f) for f in facts], "version": report.version}


def list_reports(session: Session, *, limit: int, offset: int) -> tuple[list[dict[str, Any]], int]:
    from surgeops.services.crud import count_of

    query = select(Report)
    total = count_of(session, query)
    rows = session.scalars(query.order_by(Report.id.desc()).limit(limit).offset(offset)).all()
    out = []
    for r in rows:
        statuses = list(session.scalars(select(Fact.status).where(Fact.report == r.id)))
        out.append({"id": r.id, "title": r.title, "language": r.language, "published": r.published,
                    "received_at": r.received_at, "facts": len(statuses), "pending": statuses.count("pending")})
    return out, total


def review(session: Session, fact_id: int, *, decision: Decision, actor: Actor, expected_version: Optional[int] = None,
           corrected: Optional[dict[str, Any]] = None) -> dict[str, Any]:
    """Accept, correct or reject one fact. Accepting applies it, in the same transaction."""
    fact = session.get(Fact, fact_id)
    if fact is None:
        raise NotFound("fact", fact_id)
    if expected_version is not None and fact.version != expected_version:
        raise StaleVersion("fact", fact_id, expected_version, fact.version)
    if fact.status != "pending":
        raise Conflict(f"fact {fact_id} was already {fact.status}; a reviewed fact cannot be reviewed again")
    check_write(session, actor, "fact", {})
    applier = Actor(actor.name, actor.remote_addr)  # the review right covers the records a fact creates
    before = fact_view(fact)
    try:
        if decision == "reject":
            fact.status = "rejected"
        else:
            if decision == "correct":
                if not corrected:
                    raise InvalidField("data", "a correction needs the corrected fields")
                unknown = set(corrected) - set(FACT_FIELDS[fact.type])
                if unknown:
                    raise InvalidField("data", f"unknown field(s) for a {fact.type} fact: {', '.join(sorted(unknown))}")
                fact.data = {**fact.data, **corrected}
            report = session.get(Report, fact.report)
            fact.applied_to = apply_fact(session, fact, report=report, actor=applier)
            fact.status = "corrected" if decision == "correct" else "accepted"
        fact.reviewed_by = actor.name
        fact.reviewed_at = dt.datetime.now(dt.timezone.utc)
        session.flush()
        audit.record(session, actor=actor, action=decision, entity="fact", entity_id=fact.id,
                     before=_plain(before), after=_plain(fact_view(fact)))
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return fact_view(fact)


def _plain(view: dict[str, Any]) -> dict[str, Any]:
    from surgeops.services.crud import jsonable

    return jsonable(view)
