"""The job queue that extracts large reports off the request path (docs/decisions/0015).

huey holds the queue: on PostgreSQL in the database itself (`PostgresHuey`: a job is
taken with DELETE ... FOR UPDATE SKIP LOCKED), on a
SQLite file in a file beside it (`SqliteHuey`), on an in-memory SQLite database in
memory. Its consumer runs inside the server (started and stopped by the app's
lifespan), with one worker thread; the extraction itself runs in a process pool
(`extract_processes`), so that a 9 MB report does not hold the server's GIL while the
server answers other requests. The job's state lives in the `report_jobs` table
(services/report_jobs.py): jobs left unfinished by a stopped server are queued again
at start-up.
"""

from __future__ import annotations

import datetime as dt
import logging
import multiprocessing
import threading
from multiprocessing.pool import Pool
from typing import Any, Optional

from huey import Huey, MemoryHuey, PostgresHuey, SqliteHuey
from huey.consumer import Consumer
from sqlalchemy.engine import make_url

from surgeops.db.engine import Database
from surgeops.db.tables import QUEUE_TABLE_PREFIX
from surgeops.services import report_jobs

QUEUE_NAME = "surgeops-reports"
SHUTDOWN_WAIT_S = 5  # how long a stopping server waits for the job it is extracting
log = logging.getLogger(__name__)


def extract_report_text(raw: str, language: Optional[str], published: Optional[dt.date]) -> tuple[str, dict[str, Any]]:
    """Plain text and facts of a report: what a job's extraction process runs."""
    from surgeops.ingest import extract_text, plain_text

    plain = plain_text(raw)
    return plain, extract_text(plain, html=False, doc="job", published=published, lang=language)


def _warm_up() -> None:
    from surgeops.ingest import warm_up

    warm_up()


def queue_storage(database_url: str) -> Huey:
    """The huey instance that fits the database: in it (PostgreSQL), beside it (a SQLite
    file) or in memory (an in-memory SQLite database)."""
    url = make_url(database_url)
    if url.get_backend_name() == "postgresql":
        dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
        # polled (at most every max_delay, 0.5 s, when idle) rather than woken by LISTEN:
        # huey leaves each thread's LISTEN connection to the garbage collector, unclosed
        return PostgresHuey(QUEUE_NAME, results=False, dsn=dsn, table_prefix=QUEUE_TABLE_PREFIX, blocking=False)
    if url.database in (None, "", ":memory:"):
        return MemoryHuey(QUEUE_NAME, results=False)
    return SqliteHuey(QUEUE_NAME, results=False, filename=f"{url.database}.queue")


class _EmbeddedConsumer(Consumer):
    """huey's consumer, run inside the server: the server's own signal handlers stay."""

    def _set_signal_handlers(self) -> None:
        pass


class ReportQueue:
    """The queue of report jobs of one server process: `start`, `submit(job_id)`, `stop`."""

    def __init__(self, db: Database, *, database_url: str, processes: int) -> None:
        self.db = db
        self.huey = queue_storage(database_url)
        self.processes = processes
        self._pool: Optional[Pool] = None
        self._consumer: Optional[Consumer] = None
        self._stopping = threading.Event()
        self._task = self.huey.task(name="extract_report")(self._run)

    def _run(self, job_id: int) -> None:
        """The task: run one job, extracting in the process pool (started with the first job)."""
        extract = extract_report_text
        if self.processes > 0:
            if self._pool is None:
                self._pool = multiprocessing.get_context("spawn").Pool(self.processes, initializer=_warm_up)
            pool = self._pool

            def extract(raw: str, language: Optional[str], published: Optional[dt.date]) -> tuple[str, dict[str, Any]]:
                answer = pool.apply_async(extract_report_text, (raw, language, published))
                while not self._stopping.is_set():
                    try:
                        return answer.get(timeout=0.5)
                    except multiprocessing.TimeoutError:
                        continue
                raise report_jobs.Abandoned()
        with self.db.session() as session:
            report_jobs.run(session, job_id, extract=extract)

    def submit(self, job_id: int) -> None:
        self._task(job_id)

    def start(self) -> None:
        self._consumer = _EmbeddedConsumer(self.huey, workers=1, worker_type="thread", periodic=False,
                                           initial_delay=0.05, backoff=1.5, max_delay=0.5, check_worker_health=False,
                                           shutdown_timeout=SHUTDOWN_WAIT_S)
        self._consumer.start()
        with self.db.session() as session:
            for job_id in report_jobs.recover(session):
                self.submit(job_id)

    def stop(self) -> None:
        """Stop taking jobs; a job still being extracted after SHUTDOWN_WAIT_S is abandoned
        (its process ended) and stays `running`, to run again at the next start."""
        if self._consumer is not None:
            self._consumer.stop(graceful=True)  # waits SHUTDOWN_WAIT_S at most
            self._stopping.set()  # a job still being extracted is abandoned
            self._consumer = None
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None
        self.huey.storage.close()
