"""The web application: `create_app(settings)` builds everything; no global engine."""

from __future__ import annotations

import gc
import importlib
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from typing import AsyncIterator

import anyio.to_thread

from fastapi import Depends, FastAPI
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from surgeops import __version__, ingest
from surgeops.config import Settings
from surgeops.db.engine import Database
from surgeops.services.job_queue import ReportQueue
from surgeops.web import errors, pages
from surgeops.web.auth import LoginLimiter, require_user
from surgeops.web.csrf import CsrfGuard
from surgeops.web.headers import SecurityHeaders
from surgeops.web.offload import ENDPOINT_THREADS

# Matched in this order, one after the other: bed figures first (most requests are
# facilities reporting their beds), then what the dashboard reads most.
ROUTERS: tuple[str, ...] = (
    "capacity", "regions", "facilities", "conversions", "reserves", "cases", "deployments", "supplies", "activities", "audit", "reports", "auth", "forecasts", "reinforcement", "plans", "exports",
    "routing", "transfers", "diversions", "testing",
)


# A JSON string escapes a character as at most six bytes (\uXXXX) where UTF-8 takes
# two or three for the scripts of the reports: four times the file limit holds any of them.
BODY_ALLOWANCE = 4


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Threads for the blocking endpoints (settings.worker_threads, 4 by default, not
    anyio's 40): more only add GIL contention and concurrent transactions once the server
    is saturated; requests beyond them wait on the event loop. The record endpoints
    (`offload.blocking_endpoint`) have a pool of as many threads of their own. Together
    kept below the database pool's size (10 per process, 30 with overflow)."""
    threads = app.state.settings.worker_threads
    anyio.to_thread.current_default_thread_limiter().total_tokens = threads
    pool = ThreadPoolExecutor(threads, thread_name_prefix="surgeops-endpoint")
    setattr(app.state, ENDPOINT_THREADS, pool)
    # What report extraction loads on first use (lexicons, gazetteer, the language
    # detector's models) is loaded now, not inside someone's request.
    ingest.warm_up()
    # The job queue that extracts large reports (inline_extract_max_bytes) off the
    # request path, in its own processes; jobs a stopped server left are queued again.
    queue = ReportQueue(app.state.db, database_url=app.state.settings.database_url,
                        processes=app.state.settings.extract_processes)
    queue.start()
    app.state.report_queue = queue
    # The ~200,000 objects made at start-up live as long as the process: out of the
    # garbage collector's sight, a full collection takes microseconds, not ~80 ms of a
    # worker's time in the middle of someone's request.
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
        queue.stop()
        delattr(app.state, ENDPOINT_THREADS)
        pool.shutdown(wait=True)


def create_app(settings: Settings, *, db: Database | None = None) -> FastAPI:
    app = FastAPI(
        lifespan=_lifespan,
        # No request body may be larger than this (413, and the rest is not read): room
        # for a report or import file of max_upload_bytes once escaped in JSON.
        max_body_size=BODY_ALLOWANCE * settings.max_upload_bytes,
        title="surgeops",
        version=__version__,
        description="Beds, case statistics, forecasts, reinforcement plans, patient routing and report ingestion for an epidemic surge.",
    )
    app.state.settings = settings
    app.state.db = db or Database.connect(settings.database_url)
    app.state.login_limiter = LoginLimiter()
    errors.install(app)
    # Outermost last: the security headers go on every answer, the CSRF refusal included.
    app.add_middleware(CsrfGuard, max_form_bytes=BODY_ALLOWANCE * settings.max_upload_bytes)
    app.add_middleware(SecurityHeaders)
    if settings.forwarded_allow_ips:
        # Outermost: the client's address and scheme as the listed proxies give them, for
        # the rate limits, the audit trail and the CSRF check alike. uvicorn's own copy of
        # this is turned off (cli/serve.py): it believes loopback by default.
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=settings.forwarded_allow_ips)

    # Registered first, so that the probe a load balancer sends every few seconds is
    # matched first; answered as a ready response (no validation of it on another thread).
    @app.get("/api/health", tags=["meta"], summary="Liveness and database reachability", response_model=dict[str, str])
    def health() -> JSONResponse:
        with app.state.db.read_connection() as conn:
            conn.exec_driver_sql("SELECT 1")  # no transaction: one round trip
        return JSONResponse({"status": "ok", "version": __version__, "database": app.state.db.dialect})

    for name in ROUTERS:
        app.include_router(importlib.import_module(f"surgeops.web.api.{name}").router, dependencies=[Depends(require_user)],
                           responses=errors.RESPONSES)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=pages.STATIC), name="static")

    return app
