"""Issue 18 item 8, one large report tied up a worker for minutes: a report beyond the
setting `inline_extract_max_bytes` answers 202 with a job that the job queue extracts off
the request path; its progress is visible (GET /api/jobs/{id}, the reports page), a
failure shows its error, the same text twice is stored once, and jobs a stopped server
left are run when the next one starts. Timings are the bench's (bench/extract.py --large),
never asserted here."""

from __future__ import annotations

import time
from typing import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from surgeops.db.tables import Fact, Report, ReportJob
from surgeops.services import job_queue, report_jobs
from surgeops.services.audit import Actor
from surgeops.web.app import create_app

LIMIT = 2_000
PARAGRAPH = ("On 12 March 2021 the Mangystau region prepared 1766 beds for COVID-19 patients, 1346 of them "
             "provisional; 25 new cases were confirmed.\n")
FILLER = "The regional health department held its weekly meeting and discussed the schedule of the clinics.\n"
LARGE = PARAGRAPH + FILLER * (LIMIT // len(FILLER) + 5)


def _client(db, settings, **changes) -> TestClient:  # noqa: ANN001
    changes = {"inline_extract_max_bytes": LIMIT, "extract_processes": 0, **changes}
    return TestClient(create_app(settings.replace(**changes), db=db),
                      raise_server_exceptions=False)


@pytest.fixture
def jobs_client(db, settings) -> Iterator[TestClient]:  # noqa: ANN001
    with _client(db, settings) as client:
        yield client


def _finished(client: TestClient, job_id: int) -> dict:
    """The job once done or failed (polled; bounded so that a stuck queue fails the test)."""
    for _ in range(600):
        job = client.get(f"/api/jobs/{job_id}").json()
        if job["status"] in ("done", "failed"):
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} never finished: {job}")


def test_a_large_report_answers_202_with_a_job_whose_facts_appear_for_review(jobs_client: TestClient) -> None:
    response = jobs_client.post("/api/reports", json={"text": LARGE, "title": "Mangystau"})
    assert response.status_code == 202, response.text
    job = response.json()["job"]
    assert response.headers["location"] == f"/api/jobs/{job['id']}"
    assert job["status"] in ("queued", "running", "done") and 0 <= job["progress"] <= 100
    done = _finished(jobs_client, job["id"])
    assert done["status"] == "done" and done["progress"] == 100 and done["error"] is None
    report = jobs_client.get(f"/api/reports/{done['report']}").json()
    assert report["title"] == "Mangystau"
    beds = [f for f in report["facts"] if f["type"] == "beds"]
    assert beds and all(f["status"] == "pending" for f in report["facts"])
    assert 1766 in [f["data"].get("count") for f in beds]


def test_a_small_report_is_still_extracted_within_its_request(jobs_client: TestClient) -> None:
    response = jobs_client.post("/api/reports", json={"text": PARAGRAPH})
    assert response.status_code == 201, response.text
    assert response.json()["facts"]


def test_the_same_large_text_submitted_twice_is_stored_once(jobs_client: TestClient, session) -> None:  # noqa: ANN001
    first = jobs_client.post("/api/reports", json={"text": LARGE}).json()["job"]
    again = jobs_client.post("/api/reports", json={"text": LARGE})
    assert again.status_code in (200, 202)
    if again.status_code == 202:  # still being read: the same job
        assert again.json()["job"]["id"] == first["id"]
    done = _finished(jobs_client, first["id"])
    after = jobs_client.post("/api/reports", json={"text": LARGE})
    assert after.status_code == 200 and after.json()["id"] == done["report"]
    assert session.scalar(select(func.count()).select_from(Report)) == 1
    assert session.scalar(select(func.count()).select_from(ReportJob)) == 1


def test_a_failed_job_shows_its_error_and_stores_nothing(jobs_client: TestClient, session, monkeypatch) -> None:  # noqa: ANN001
    def broken(raw, language, published):  # noqa: ANN001, ANN202, ARG001
        raise RuntimeError("extraction exploded")

    monkeypatch.setattr(job_queue, "extract_report_text", broken)
    job = jobs_client.post("/api/reports", json={"text": LARGE}).json()["job"]
    failed = _finished(jobs_client, job["id"])
    assert failed["status"] == "failed" and "extraction exploded" in failed["error"]
    assert session.scalar(select(func.count()).select_from(Report)) == 0
    page = jobs_client.get("/reports")
    assert f'data-job="{job["id"]}"' in page.text and "extraction exploded" in page.text


def test_the_reports_page_shows_a_job_in_progress(db, settings, session) -> None:  # noqa: ANN001
    _kind, job, _created = report_jobs.enqueue(session, raw=LARGE, actor=Actor("officer"), title="Waiting report")
    app = create_app(settings.replace(inline_extract_max_bytes=LIMIT, extract_processes=0), db=db)
    page = TestClient(app).get("/reports")  # not started: no queue runs, the job waits
    assert page.status_code == 200
    assert f'data-job="{job["id"]}" data-status="queued"' in page.text and "Waiting report" in page.text
    assert '<progress max="100" value="0">' in page.text


def test_a_job_abandoned_by_a_stopping_server_is_run_at_the_next_start(db, settings, session) -> None:  # noqa: ANN001
    _kind, job, _created = report_jobs.enqueue(session, raw=LARGE, actor=Actor("officer"))

    def stopping(raw, language, published):  # noqa: ANN001, ANN202, ARG001 - the server stops mid-extraction
        raise report_jobs.Abandoned()

    assert report_jobs.run(session, job["id"], extract=stopping) is None
    assert report_jobs.read_job(session, job["id"])["status"] == "running"  # not failed, and its text is kept
    with _client(db, settings) as client:
        done = _finished(client, job["id"])
    assert done["status"] == "done"
    session.rollback()  # end the read transaction: see what the server committed
    assert session.scalar(select(func.count()).select_from(Fact).where(Fact.report == done["report"])) > 0
    assert session.scalar(select(ReportJob.raw).where(ReportJob.id == job["id"])) is None  # the report holds it now


def test_the_dashboard_form_sends_a_large_report_to_the_queue(db, settings, session) -> None:  # noqa: ANN001
    from security_client import csrf_of

    with _client(db, settings) as client:
        token = csrf_of(client, "/reports/new")
        response = client.post("/reports/new", data={"text": LARGE, "csrf_token": token}, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"] == "/reports"
        job_id = session.scalar(select(ReportJob.id))
        assert _finished(client, job_id)["status"] == "done"


def test_extraction_in_a_separate_process(db, settings) -> None:  # noqa: ANN001
    """The server's configuration: extraction in a process of its own (extract_processes=1)."""
    with _client(db, settings, extract_processes=1) as client:
        job = client.post("/api/reports", json={"text": LARGE}).json()["job"]
        done = _finished(client, job["id"])
    assert done["status"] == "done", done


def test_the_queue_fits_each_database(tmp_path) -> None:  # noqa: ANN001
    assert type(job_queue.queue_storage("sqlite://")).__name__ == "MemoryHuey"
    on_file = job_queue.queue_storage(f"sqlite:///{tmp_path / 'surgeops.db'}")
    assert type(on_file).__name__ == "SqliteHuey" and (tmp_path / "surgeops.db.queue").exists()
    on_file.storage.close()
