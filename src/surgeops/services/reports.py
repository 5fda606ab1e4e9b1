"""Report ingestion as a use case: store a report and its extracted facts as pending,
let a reviewer accept, correct or reject each fact, and apply accepted facts to the records
they describe, each linked back to the report and its evidence."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any, Literal, Optional

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from surgeops.db.engine import begin_write
from surgeops.db.queries import count_of
from surgeops.db.tables import BedSnapshot, Facility, Fact, Region, Report
from surgeops.domain.base import check_web_url
from surgeops.domain.errors import Conflict, InvalidField, NotFound, StaleVersion
from surgeops.domain.facts import MODELS, fields_of
from surgeops.ingest import extract_text, plain_text
from surgeops.services import audit, capacity, forecasts
from surgeops.services.access import check_write
from surgeops.services.audit import Actor
from surgeops.services.crud import jsonable
from surgeops.services.facts import Dating, apply_fact

Decision = Literal["accept", "reject", "correct"]
FACT_FIELDS = {kind: fields_of(kind) for kind in MODELS}


def digest_of(raw: str) -> str:
    return hashlib.sha256(" ".join(raw.split()).encode("utf-8")).hexdigest()


def submit(session: Session, *, raw: str, actor: Actor, source_url: Optional[str] = None, language: Optional[str] = None,
           published: Optional[dt.date] = None, title: Optional[str] = None) -> tuple[dict[str, Any], bool]:
    """Store a report with its facts as pending. Returns (report, created); the same text
    submitted again returns the stored report and adds nothing."""
    digest = check_submission(session, raw=raw, actor=actor, source_url=source_url)
    existing = stored_with(session, digest)
    if existing is not None:
        return report_view(session, existing), False
    session.commit()  # end the reading transaction: no write lock is held while the text is extracted
    plain = plain_text(raw)
    result = extract_text(plain, html=False, doc=digest[:16], published=published, lang=language)
    return store_extracted(session, raw=raw, plain=plain, result=result, actor=actor, source_url=source_url, title=title)


def check_submission(session: Session, *, raw: str, actor: Actor, source_url: Optional[str]) -> str:
    """Refuse an empty report, a bad source URL or an actor who may not submit; the text's digest."""
    if not raw.strip():
        raise InvalidField("text", "the report is empty")
    if source_url is not None:
        try:
            check_web_url(source_url)
        except ValueError as exc:
            raise InvalidField("source_url", str(exc)) from None
    check_write(session, actor, "report", {})
    return digest_of(raw)


def stored_with(session: Session, digest: str) -> Optional[int]:
    """The id of the report stored with this digest, if any."""
    return session.scalars(select(Report.id).where(Report.digest == digest)).first()


def store_extracted(session: Session, *, raw: str, plain: str, result: dict[str, Any], actor: Actor,
                    source_url: Optional[str], title: Optional[str]) -> tuple[dict[str, Any], bool]:
    """Store a report and the facts extracted from it (`plain` is its plain text) as pending, audited."""
    digest = digest_of(raw)
    report = Report(digest=digest, title=title or _title(plain), source_url=source_url, language=result["lang"],
                    published=dt.date.fromisoformat(result["published"]) if result["published"] else None,
                    raw=raw, text=plain)
    session.add(report)
    try:
        session.flush()
    except IntegrityError:  # the same text stored by a parallel submit meanwhile: that report
        session.rollback()
        return report_view(session, session.scalars(select(Report.id).where(Report.digest == digest)).one()), False
    for fact in result["facts"]:
        data = {k: fact.get(k) for k in FACT_FIELDS[fact["type"]] if k in fact}
        session.add(Fact(report=report.id, type=fact["type"], data=data, evidence=fact["evidence"],
                         span_start=fact["span"][0], span_end=fact["span"][1], status="pending"))
    session.flush()
    audit.record(session, actor=actor, action="create", entity="report", entity_id=report.id, before=None,
                 after={"digest": digest, "language": report.language, "facts": len(result["facts"]), "source_url": source_url})
    session.commit()
    return report_view(session, report.id), True


def _title(plain: str) -> str:
    first = next((line.strip() for line in plain.splitlines() if line.strip()), "")
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
           corrected: Optional[dict[str, Any]] = None, dating: Optional[Dating] = None) -> dict[str, Any]:
    """Accept, correct or reject one fact. Accepting applies it, in the same transaction,
    dated as `services.facts.fact_day` says (`dating`: the reviewer's date, the tolerance).
    The fact's row is locked as it is read (SQLite: the write lock, `begin_write`): of
    parallel reviews one applies it, the others find it reviewed (409)."""
    begin_write(session)
    fact = session.get(Fact, fact_id, with_for_update=True)
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
                fact.data = {**fact.data, **corrected}  # checked against the fact type's model as it is applied
            report = session.get(Report, fact.report)
            fact.applied_to = apply_fact(session, fact, report=report, actor=applier, dating=dating)
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
    return jsonable(view)


def preview(session: Session, fact_id: int, *, actor: Actor, dating: Optional[Dating] = None,
            now: Optional[dict[str, dict[str, Any]]] = None) -> Optional[dict[str, Any]]:
    """What accepting a pending beds fact would make of its region's beds: capacity,
    occupancy and days left before and after. The accept itself runs (the same code as
    `review`) inside a savepoint that is then rolled back: nothing is kept. None for
    other facts; {"error": ...} when the accept would be refused. `now` keeps each
    region's current figures across the previews of one page."""
    fact = session.get(Fact, fact_id)
    if fact is None or fact.type != "beds" or fact.status != "pending":
        return None
    report = session.get(Report, fact.report)
    savepoint = session.begin_nested()
    try:
        applied = apply_fact(session, fact, report=report, actor=Actor(actor.name, actor.remote_addr), dating=dating)
        region = _region_of(session, int(applied.split(":")[1]))
        after = _outlook(session, region)
    except InvalidField as exc:
        return {"error": str(exc)}
    finally:
        savepoint.rollback()
        session.expire(fact)
    now = {} if now is None else now
    if region not in now:
        now[region] = _outlook(session, region)
    return {"region": region, "before": now[region], "after": after}


def _region_of(session: Session, snapshot_id: int) -> str:
    """The region (level `region`, or the country for a country-wide figure) a snapshot counts in."""
    code = session.scalar(select(Facility.region).join(BedSnapshot, BedSnapshot.facility == Facility.key)
                          .where(BedSnapshot.id == snapshot_id))
    while True:
        level, parent = session.execute(select(Region.level, Region.parent).where(Region.code == code)).one()
        if level != "district" or parent is None:
            return code
        code = parent


def _outlook(session: Session, region: str) -> dict[str, Any]:
    total = capacity.region_capacity(session, region, history=False)["total"]
    try:
        days_left = forecasts.forecast_one(session, region)["days_left"]
    except ValueError:  # no population or no patient (InvalidField), or the model cannot take it (ForecastError)
        days_left = None
    return {"capacity": total["capacity"], "occupied": total["occupied"], "occupancy_pct": total["occupancy_pct"],
            "days_left": days_left}
