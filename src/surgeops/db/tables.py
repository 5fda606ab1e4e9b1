"""Tables (SQLAlchemy 2 declarative). Natural codes (region code, facility key) are the
foreign keys, so API clients and imports speak the same language as the database.

Nested value objects owned by one record (a deployment's composition, stays, sub-groups;
a conversion's re-routings) are JSON columns: always read and written with their owner,
validated by the domain models before they are stored (docs/decisions/0004-json-value-objects.md).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Optional

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class Versioned:
    """Optimistic locking: every UPDATE checks and bumps `version`."""

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class Region(Versioned, Base):
    __tablename__ = "regions"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    parent: Mapped[Optional[str]] = mapped_column(ForeignKey("regions.code"), index=True)
    level: Mapped[str] = mapped_column(String(16))
    names: Mapped[dict[str, Any]]
    population: Mapped[Optional[int]]
    lat: Mapped[Optional[float]]
    lon: Mapped[Optional[float]]
    aliases: Mapped[list[Any]] = mapped_column(default=list)
    __mapper_args__ = {"version_id_col": Versioned.version}


class Facility(Versioned, Base):
    __tablename__ = "facilities"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(40), unique=True)
    names: Mapped[dict[str, Any]]
    kind: Mapped[str] = mapped_column(String(32), index=True)
    region: Mapped[str] = mapped_column(ForeignKey("regions.code"), index=True)
    lat: Mapped[Optional[float]]
    lon: Mapped[Optional[float]]
    owner: Mapped[str] = mapped_column(String(16), default="public")
    services: Mapped[list[Any]] = mapped_column(default=list)
    opens_on: Mapped[Optional[dt.date]] = mapped_column(Date)
    __mapper_args__ = {"version_id_col": Versioned.version}


class BedSnapshot(Versioned, Base):
    __tablename__ = "bed_snapshots"
    # The unique constraint's index also serves the newest-snapshot probe (capacity reads).
    __table_args__ = (UniqueConstraint("facility", "bed_type", "as_of"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    facility: Mapped[str] = mapped_column(ForeignKey("facilities.key"))
    bed_type: Mapped[str] = mapped_column(String(16))
    as_of: Mapped[dt.date] = mapped_column(Date, index=True)
    capacity: Mapped[int]
    occupied: Mapped[int] = mapped_column(default=0)
    reserve: Mapped[int] = mapped_column(default=0)
    source_report: Mapped[Optional[int]] = mapped_column(ForeignKey("reports.id"))
    # When its occupancy was last stated: the bed ledger counts patients who arrived after it
    # (a change of the beds or the reserve alone does not count them again).
    occupied_at: Mapped[Optional[dt.datetime]] = mapped_column(DateTime(timezone=True), default=utcnow)
    __mapper_args__ = {"version_id_col": Versioned.version}


class Conversion(Versioned, Base):
    __tablename__ = "conversions"
    id: Mapped[int] = mapped_column(primary_key=True)
    facility: Mapped[str] = mapped_column(ForeignKey("facilities.key"), index=True)
    date: Mapped[dt.date] = mapped_column(Date)
    new_kind: Mapped[str] = mapped_column(String(32))
    previous_kind: Mapped[Optional[str]] = mapped_column(String(32))
    new_capacity: Mapped[dict[str, Any]] = mapped_column(default=dict)
    reroutes: Mapped[list[Any]] = mapped_column(default=list)
    # the services the facility admits while converted, and those it admitted before
    services: Mapped[Optional[list[Any]]]
    previous_services: Mapped[Optional[list[Any]]]
    note: Mapped[Optional[str]] = mapped_column(Text)
    reverted_on: Mapped[Optional[dt.date]] = mapped_column(Date)
    __mapper_args__ = {"version_id_col": Versioned.version}


class ReserveAction(Base):
    """Reserve beds opened (moved into capacity) or closed (moved back), by whom, when and
    why, with the figure it left. Append-only: an action is undone by its opposite."""

    __tablename__ = "reserve_actions"
    id: Mapped[int] = mapped_column(primary_key=True)
    facility: Mapped[str] = mapped_column(ForeignKey("facilities.key"), index=True)
    bed_type: Mapped[str] = mapped_column(String(16))
    action: Mapped[str] = mapped_column(String(8))
    beds: Mapped[int]
    reason: Mapped[str] = mapped_column(Text)
    as_of: Mapped[dt.date] = mapped_column(Date)
    actor: Mapped[str] = mapped_column(String(120))
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    capacity_after: Mapped[int]
    reserve_after: Mapped[int]


class CaseStat(Versioned, Base):
    __tablename__ = "case_stats"
    __table_args__ = (UniqueConstraint("region", "date", "metric"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    region: Mapped[str] = mapped_column(ForeignKey("regions.code"), index=True)
    date: Mapped[dt.date] = mapped_column(Date, index=True)
    metric: Mapped[str] = mapped_column(String(40))
    value: Mapped[int]
    source_report: Mapped[Optional[int]] = mapped_column(ForeignKey("reports.id"))
    __mapper_args__ = {"version_id_col": Versioned.version}


class Deployment(Versioned, Base):
    __tablename__ = "deployments"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[Optional[str]] = mapped_column(String(40), unique=True)
    lead: Mapped[Optional[str]] = mapped_column(String(300))
    origin: Mapped[dict[str, Any]]
    origin_region: Mapped[Optional[str]] = mapped_column(ForeignKey("regions.code"), index=True)
    destination_region: Mapped[str] = mapped_column(ForeignKey("regions.code"), index=True)
    source_facilities: Mapped[list[Any]] = mapped_column(default=list)
    composition: Mapped[dict[str, Any]] = mapped_column(default=dict)
    team_size: Mapped[Optional[int]]
    basis: Mapped[Optional[dict[str, Any]]]
    counterparts: Mapped[list[Any]] = mapped_column(default=list)
    destinations: Mapped[list[Any]] = mapped_column(default=list)
    # every region the team stays in, as "|KZ-47|VN-54|": a region's listing finds the team
    # whichever stay brings it there (derived from `destinations` by services/deployments.py)
    stay_regions: Mapped[Optional[str]] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), index=True)
    extensions: Mapped[list[Any]] = mapped_column(default=list)
    subgroups: Mapped[list[Any]] = mapped_column(default=list)
    note: Mapped[Optional[str]] = mapped_column(Text)
    start_date: Mapped[Optional[dt.date]] = mapped_column(Date, index=True)
    end_date: Mapped[Optional[dt.date]] = mapped_column(Date)
    source_report: Mapped[Optional[int]] = mapped_column(ForeignKey("reports.id"))
    __mapper_args__ = {"version_id_col": Versioned.version}


class Shipment(Versioned, Base):
    __tablename__ = "shipments"
    id: Mapped[int] = mapped_column(primary_key=True)
    origin_region: Mapped[Optional[str]] = mapped_column(ForeignKey("regions.code"), index=True)
    origin_name: Mapped[Optional[str]] = mapped_column(String(300))
    destination_region: Mapped[str] = mapped_column(ForeignKey("regions.code"), index=True)
    destination_facility: Mapped[Optional[str]] = mapped_column(ForeignKey("facilities.key"))
    item: Mapped[str] = mapped_column(String(32), index=True)
    quantity: Mapped[int]
    unit: Mapped[str] = mapped_column(String(32), default="piece")
    status: Mapped[str] = mapped_column(String(16), index=True)
    shipped: Mapped[Optional[dt.date]] = mapped_column(Date, index=True)
    delivered: Mapped[Optional[dt.date]] = mapped_column(Date)
    note: Mapped[Optional[str]] = mapped_column(Text)
    source_report: Mapped[Optional[int]] = mapped_column(ForeignKey("reports.id"))
    __mapper_args__ = {"version_id_col": Versioned.version}


class Activity(Versioned, Base):
    __tablename__ = "activities"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    deployment: Mapped[Optional[int]] = mapped_column(ForeignKey("deployments.id"), index=True)
    region: Mapped[str] = mapped_column(ForeignKey("regions.code"), index=True)
    facility: Mapped[Optional[str]] = mapped_column(ForeignKey("facilities.key"))
    date: Mapped[Optional[dt.date]] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(300))
    findings: Mapped[Optional[str]] = mapped_column(Text)
    __mapper_args__ = {"version_id_col": Versioned.version}


class Report(Versioned, Base):
    """A field report or news article as received, with its extracted facts."""

    __tablename__ = "reports"
    id: Mapped[int] = mapped_column(primary_key=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[Optional[str]] = mapped_column(String(500))
    source_url: Mapped[Optional[str]] = mapped_column(String(2000))
    language: Mapped[Optional[str]] = mapped_column(String(8))
    published: Mapped[Optional[dt.date]] = mapped_column(Date)
    received_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    raw: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    __mapper_args__ = {"version_id_col": Versioned.version}


# The job queue (services/job_queue.py) keeps its own tables on PostgreSQL, made and used by
# huey, not declared here: the migrations and their schema check leave them alone.
QUEUE_TABLE_PREFIX = "surgeops_queue"


def ours(obj: Any, name: Optional[str], type_: str, reflected: bool, compare_to: Any) -> bool:  # noqa: ARG001
    """Alembic's include_object: every schema object but the job queue's tables."""
    table = obj if type_ == "table" else getattr(obj, "table", None)
    table_name = name if type_ == "table" else getattr(table, "name", "")
    return not (reflected and compare_to is None and (table_name or "").startswith(QUEUE_TABLE_PREFIX))


class ReportJob(Base):
    """A report too large to extract within its request (`inline_extract_max_bytes`),
    waiting for or going through extraction by the job queue (services/report_jobs.py).
    The text is kept here until its report is stored, so that no report is lost if the
    server stops meanwhile."""

    __tablename__ = "report_jobs"
    id: Mapped[int] = mapped_column(primary_key=True)
    digest: Mapped[str] = mapped_column(String(64), index=True)
    status: Mapped[str] = mapped_column(String(16), default="queued")  # queued, running, done, failed
    stage: Mapped[str] = mapped_column(String(32), default="queued")
    progress: Mapped[int] = mapped_column(Integer, default=0)  # percent
    error: Mapped[Optional[str]] = mapped_column(Text)
    report: Mapped[Optional[int]] = mapped_column(ForeignKey("reports.id"))
    raw: Mapped[Optional[str]] = mapped_column(Text)  # emptied once the report is stored
    size: Mapped[int] = mapped_column(Integer)
    title: Mapped[Optional[str]] = mapped_column(String(500))
    source_url: Mapped[Optional[str]] = mapped_column(String(2000))
    language: Mapped[Optional[str]] = mapped_column(String(8))
    published: Mapped[Optional[dt.date]] = mapped_column(Date)
    submitted_by: Mapped[str] = mapped_column(String(100))
    remote_addr: Mapped[Optional[str]] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class Fact(Versioned, Base):
    __tablename__ = "facts"
    id: Mapped[int] = mapped_column(primary_key=True)
    report: Mapped[int] = mapped_column(ForeignKey("reports.id"), index=True)
    type: Mapped[str] = mapped_column(String(16))
    data: Mapped[dict[str, Any]]
    evidence: Mapped[str] = mapped_column(Text)
    span_start: Mapped[int]
    span_end: Mapped[int]
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    reviewed_by: Mapped[Optional[str]] = mapped_column(String(120))
    reviewed_at: Mapped[Optional[dt.datetime]] = mapped_column(DateTime(timezone=True))
    applied_to: Mapped[Optional[str]] = mapped_column(String(80))
    __mapper_args__ = {"version_id_col": Versioned.version}


class AuditEntry(Base):
    """Append-only: no code path updates or deletes a row.

    Every change writes a row here, so each index costs every write: one on the time (for
    "since") and one on the record (entity_id, entity) for a record's history, which also
    serves a search by id alone. A search by entity alone walks the newest rows first."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_record", "entity_id", "entity"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    actor: Mapped[Optional[str]] = mapped_column(String(120))
    remote_addr: Mapped[Optional[str]] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(16))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(80))
    before: Mapped[Optional[dict[str, Any]]]
    after: Mapped[Optional[dict[str, Any]]]


class Diversion(Versioned, Base):
    """A facility's emergency department diverts some services until a time."""

    __tablename__ = "diversions"
    id: Mapped[int] = mapped_column(primary_key=True)
    facility: Mapped[str] = mapped_column(ForeignKey("facilities.key"), index=True)
    services: Mapped[list[Any]] = mapped_column(default=list)
    until: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    note: Mapped[Optional[str]] = mapped_column(Text)
    __mapper_args__ = {"version_id_col": Versioned.version}


class Transfer(Versioned, Base):
    __tablename__ = "transfers"
    id: Mapped[int] = mapped_column(primary_key=True)
    patient_ref: Mapped[str] = mapped_column(String(120))
    from_facility: Mapped[Optional[str]] = mapped_column(ForeignKey("facilities.key"))
    to_facility: Mapped[str] = mapped_column(ForeignKey("facilities.key"), index=True)
    bed_type: Mapped[str] = mapped_column(String(16))
    urgency: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(20), index=True)
    history: Mapped[list[Any]] = mapped_column(default=list)
    accepted_over_capacity: Mapped[bool] = mapped_column(default=False)
    # When the patient arrived (status `arrived`): the bed ledger counts them against the
    # facility's free beds until a report made after this moment.
    arrived_at: Mapped[Optional[dt.datetime]] = mapped_column(DateTime(timezone=True), index=True)
    __mapper_args__ = {"version_id_col": Versioned.version}


class Sample(Versioned, Base):
    __tablename__ = "samples"
    id: Mapped[int] = mapped_column(primary_key=True)
    sample_id: Mapped[str] = mapped_column(String(80), unique=True)
    state: Mapped[str] = mapped_column(String(20), index=True)
    lab: Mapped[Optional[str]] = mapped_column(String(80), index=True)
    events: Mapped[list[Any]] = mapped_column(default=list)
    __mapper_args__ = {"version_id_col": Versioned.version}


class Plan(Versioned, Base):
    __tablename__ = "plans"
    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[str] = mapped_column(String(16))
    scenario: Mapped[dict[str, Any]]
    result: Mapped[dict[str, Any]]
    review: Mapped[str] = mapped_column(String(16), default="draft")
    __mapper_args__ = {"version_id_col": Versioned.version}


class User(Versioned, Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(120), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(32))
    regions: Mapped[list[Any]] = mapped_column(default=list)
    facilities: Mapped[list[Any]] = mapped_column(default=list)
    language: Mapped[Optional[str]] = mapped_column(String(8))
    disabled: Mapped[bool] = mapped_column(default=False)
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[Optional[dt.datetime]] = mapped_column(DateTime(timezone=True))
    __mapper_args__ = {"version_id_col": Versioned.version}


class ApiToken(Base):
    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(primary_key=True)
    user: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    token_hash: Mapped[str] = mapped_column(String(128), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[Optional[dt.datetime]] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[Optional[dt.datetime]] = mapped_column(DateTime(timezone=True))


class StaffCount(Versioned, Base):
    """Staff on hand at a facility by specialty, as reported on a day."""

    __tablename__ = "staff"
    __table_args__ = (UniqueConstraint("facility", "specialty", "as_of"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    facility: Mapped[str] = mapped_column(ForeignKey("facilities.key"), index=True)
    specialty: Mapped[str] = mapped_column(String(32))
    count: Mapped[int]
    as_of: Mapped[dt.date] = mapped_column(Date, index=True)
    __mapper_args__ = {"version_id_col": Versioned.version}


class ResourceRequest(Versioned, Base):
    """A region asks for staff, supplies or beds."""

    __tablename__ = "requests"
    id: Mapped[int] = mapped_column(primary_key=True)
    region: Mapped[str] = mapped_column(ForeignKey("regions.code"), index=True)
    resource: Mapped[str] = mapped_column(String(32))
    amount: Mapped[int]
    priority: Mapped[float] = mapped_column(default=1.0)
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    note: Mapped[Optional[str]] = mapped_column(Text)
    __mapper_args__ = {"version_id_col": Versioned.version}


class ResourceOffer(Versioned, Base):
    """A donor (a region, or an organisation within one) offers staff, supplies or beds."""

    __tablename__ = "offers"
    id: Mapped[int] = mapped_column(primary_key=True)
    region: Mapped[str] = mapped_column(ForeignKey("regions.code"), index=True)
    donor: Mapped[Optional[str]] = mapped_column(String(300))
    resource: Mapped[str] = mapped_column(String(32))
    amount: Mapped[int]
    keep: Mapped[int] = mapped_column(default=0)
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    note: Mapped[Optional[str]] = mapped_column(Text)
    __mapper_args__ = {"version_id_col": Versioned.version}
