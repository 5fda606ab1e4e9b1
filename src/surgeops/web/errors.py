"""Domain errors become HTTP answers with a message that names the field."""

from __future__ import annotations

from fastapi import FastAPI, HTTPException, Request
from fastapi.exception_handlers import request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from surgeops.domain.errors import Conflict, InvalidField, NotFound, StaleVersion, SurgeopsError
from surgeops.services.access import Forbidden
from surgeops.web.auth import identify_in_thread

# Status of each plain error (its message is the detail); the most specific class wins.
STATUS: dict[type[SurgeopsError], int] = {NotFound: 404, StaleVersion: 409, Conflict: 409, Forbidden: 403, SurgeopsError: 400}


async def _plain(_: Request, exc: Exception) -> JSONResponse:
    status = next(code for kind, code in STATUS.items() if isinstance(exc, kind))
    return JSONResponse(status_code=status, content={"detail": str(exc)})


async def _invalid(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, InvalidField)
    loc = [int(p) if p.isdigit() else p for p in ["body", *exc.field.split(".")]]
    return JSONResponse(status_code=422, content={"detail": [{"loc": loc, "msg": exc.message, "type": "value_error"}]})


async def _request_invalid(request: Request, exc: Exception) -> JSONResponse:
    """A request that fails validation before its endpoint runs. If the endpoint was to
    check the caller's token itself (`offload.blocking_endpoint`), that check comes
    first: an unknown caller hears 401, not what was wrong with the request."""
    if getattr(request.state, "token_pending", False):
        try:
            await run_in_threadpool(identify_in_thread, request, None)
        except HTTPException as refused:
            return JSONResponse(status_code=refused.status_code, content={"detail": refused.detail}, headers=refused.headers)
    assert isinstance(exc, RequestValidationError)
    return await request_validation_exception_handler(request, exc)


def install(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _request_invalid)
    app.add_exception_handler(InvalidField, _invalid)
    for kind in STATUS:
        app.add_exception_handler(kind, _plain)
