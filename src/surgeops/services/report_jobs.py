"""Large reports as jobs: a report beyond `inline_extract_max_bytes` is stored as a job,
answered 202, and extracted off the request path by the job queue (services/job_queue.py),
which calls `run` with the job's id. The job's stage, progress and error are what
GET /api/jobs/{id} and the reports page show; once done it names the stored report."""

from __future__ import annotations

import datetime as dt
from typing import Any, Callable, Optional

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from surgeops.db.engine import begin_write
from surgeops.db.tables import ReportJob
from surgeops.domain.errors import NotFound
from surgeops.services import audit, reports
from surgeops.services.audit import Actor

# What a job goes through, with the progress each stage stands for (percent).
STAGES = {"queued": 0, "extracting": 10, "storing": 80, "done": 100, "failed": 100}
UNFINISHED = ("queued", "running")
Extractor = Callable[[str, Optional[str], Optional[dt.date]], tuple[str, dict[str, Any]]]


class Abandoned(Exception):
    """Raised by an extractor whose server is stopping before the extraction ended."""


def submit(session: Session, *, inline_max_bytes: int, queue: Callable[[int], None], raw: str, actor: Actor,
           **fields: Any) -> tuple[str, dict[str, Any], bool]:
    """Submit a report of any size: extracted now when it is at most `inline_max_bytes`
    ("report", report, created), else stored as a job given to `queue` ("job", job,
    created; or "report" when the same text was stored before)."""
    if len(raw.encode("utf-8")) <= inline_max_bytes:
        report, created = reports.submit(session, raw=raw, actor=actor, **fields)
        return "report", report, created
    kind, value, created = enqueue(session, raw=raw, actor=actor, **fields)
    if created:
        queue(value["id"])
    return kind, value, created


def enqueue(session: Session, *, raw: str, actor: Actor, source_url: Optional[str] = None, language: Optional[str] = None,
            published: Optional[dt.date] = None, title: Optional[str] = None) -> tuple[str, dict[str, Any], bool]:
    """Store a large report as a job to extract: ("job", job, created). The same text
    again returns what it became: ("report", report, False) once stored, else its
    unfinished job ("job", job, False). A failed job is retried by submitting again."""
    digest = reports.check_submission(session, raw=raw, actor=actor, source_url=source_url)
    begin_write(session)  # parallel submits of the same text queue here (SQLite: the write lock), not 409
    stored = reports.stored_with(session, digest)
    if stored is not None:
        return "report", reports.report_view(session, stored), False
    waiting = session.scalars(select(ReportJob).where(ReportJob.digest == digest, ReportJob.status.in_(UNFINISHED))
                              .order_by(ReportJob.id)).first()
    if waiting is not None:
        return "job", job_view(waiting), False
    job = ReportJob(digest=digest, status="queued", stage="queued", progress=0, raw=raw, size=len(raw.encode("utf-8")),
                    title=title, source_url=source_url, language=language, published=published,
                    submitted_by=actor.name, remote_addr=actor.remote_addr)
    session.add(job)
    session.flush()
    audit.record(session, actor=actor, action="create", entity="report_job", entity_id=job.id, before=None,
                 after={"digest": digest, "size": job.size, "source_url": source_url})
    session.commit()
    return "job", job_view(job), True


def job_view(job: ReportJob) -> dict[str, Any]:
    return {"id": job.id, "status": job.status, "stage": job.stage, "progress": job.progress, "error": job.error,
            "report": job.report, "size": job.size, "title": job.title, "submitted_by": job.submitted_by,
            "created_at": job.created_at, "updated_at": job.updated_at}


def read_job(session: Session, job_id: int) -> dict[str, Any]:
    job = session.get(ReportJob, job_id)
    if job is None:
        raise NotFound("job", job_id)
    return job_view(job)


def list_jobs(session: Session, *, unfinished_only: bool = False, limit: int = 50) -> list[dict[str, Any]]:
    """Newest first: what the reports page shows above the reports."""
    query = select(ReportJob).order_by(ReportJob.id.desc()).limit(limit)
    if unfinished_only:
        query = query.where(ReportJob.status.in_(UNFINISHED))
    return [job_view(j) for j in session.scalars(query)]


def run(session: Session, job_id: int, *, extract: Extractor) -> Optional[dict[str, Any]]:
    """Extract and store one queued job's report. `extract(raw, language, published)`
    returns (plain text, facts object) and may run in another process. Claims the job
    first (one UPDATE), so that of two workers given the same job one runs it; returns
    None when the job is not (or no longer) queued. A failure is kept as the job's error."""
    if not _claim(session, job_id):
        return None
    job = session.get(ReportJob, job_id)
    raw, language, published = job.raw, job.language, job.published
    session.commit()  # no transaction stays open while the text is extracted
    try:
        plain, result = extract(raw, language, published)
        _stage(session, job, "storing")
        actor = Actor(job.submitted_by, job.remote_addr)
        report, _created = reports.store_extracted(session, raw=raw, plain=plain, result=result, actor=actor,
                                                   source_url=job.source_url, title=job.title)
    except Abandoned:  # the server stops: left running, to run again at its next start (`recover`)
        session.rollback()
        return None
    except Exception as exc:  # noqa: BLE001 - any failure is the job's, shown to whoever submitted it
        session.rollback()
        return _finish(session, job_id, status="failed", error=f"{type(exc).__name__}: {exc}"[:2000])
    return _finish(session, job_id, status="done", report=report["id"])


def _claim(session: Session, job_id: int) -> bool:
    claimed = session.execute(update(ReportJob).where(ReportJob.id == job_id, ReportJob.status == "queued")
                              .values(status="running", stage="extracting", progress=STAGES["extracting"],
                                      updated_at=dt.datetime.now(dt.timezone.utc)))
    session.commit()
    return claimed.rowcount == 1


def _stage(session: Session, job: ReportJob, stage: str) -> None:
    job.stage, job.progress = stage, STAGES[stage]
    session.commit()


def _finish(session: Session, job_id: int, *, status: str, error: Optional[str] = None,
            report: Optional[int] = None) -> dict[str, Any]:
    job = session.get(ReportJob, job_id)
    job.status, job.stage, job.progress, job.error, job.report = status, status, STAGES[status], error, report
    if status == "done":
        job.raw = None  # the report holds it now
    session.commit()
    return job_view(job)


def recover(session: Session) -> list[int]:
    """Jobs a stopped server left unfinished, queued again (their text is still here):
    the ids to give to the queue. A job another live server is running may be run twice;
    its report is stored once (the digest is unique)."""
    session.execute(update(ReportJob).where(ReportJob.status == "running")
                    .values(status="queued", stage="queued", progress=0))
    session.commit()
    return list(session.scalars(select(ReportJob.id).where(ReportJob.status == "queued").order_by(ReportJob.id)))
