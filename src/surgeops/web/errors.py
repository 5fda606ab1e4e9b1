"""Domain errors become HTTP answers with a message that names the field."""

from __future__ import annotations

import re
from typing import Any, Union

from fastapi import FastAPI, HTTPException, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.exc import DataError, OperationalError
from sqlalchemy.orm.exc import StaleDataError
from starlette.concurrency import run_in_threadpool

from surgeops.domain.base import blamed
from surgeops.domain.errors import Conflict, InvalidField, NotFound, StaleVersion, SurgeopsError
from surgeops.services.access import Forbidden
from surgeops.web.auth import identify_in_thread


class Problem(BaseModel):
    """What every refusal and error of the API answers: what went wrong, in words (a list
    of field errors, each naming its field, for 422)."""

    detail: Union[str, list[dict[str, Any]]]


def _documented(description: str) -> dict[str, Any]:
    return {"model": Problem, "description": description}


# The errors any API operation may answer, documented in the OpenAPI schema (422 is
# FastAPI's own); each router adds the ones only it can give (428, 429).
RESPONSES: dict[int | str, dict[str, Any]] = {
    400: _documented("The request cannot be carried out as it stands (for example a file that does not parse)."),
    401: _documented("Accounts are required and the request carries no valid token or session."),
    403: _documented("The caller is signed in but the record is outside what they answer for; nothing was changed."),
    404: _documented("No such record."),
    409: _documented("The record changed since it was read (stale If-Match), or the change conflicts with what is stored."),
    413: _documented("The request body is larger than the server accepts (four times max_upload_bytes)."),
    503: _documented("SQLite only: the write lock was not granted within the busy timeout (overload); nothing was "
                     "written, retry after the Retry-After seconds."),
}
PRECONDITION = {428: _documented("If-Match is required: send the ETag of the version you read.")}
TOO_MANY = {429: _documented("Too many sign-in attempts from this address: wait the Retry-After seconds.")}

# Status of each plain error (its message is the detail); the most specific class wins.
STATUS: dict[type[SurgeopsError], int] = {NotFound: 404, StaleVersion: 409, Conflict: 409, Forbidden: 403, SurgeopsError: 400}


def status_of(exc: SurgeopsError) -> int:
    """The HTTP status of a plain error, for the API and the dashboard alike."""
    return next(code for kind, code in STATUS.items() if isinstance(exc, kind))


def printable(value: Any) -> Any:
    """`value` (a detail: text, lists, dicts) with every lone surrogate written as its
    escape (`\\ud800`): an error may quote what was sent, and an answer must be UTF-8."""
    if isinstance(value, str):
        return value.encode("utf-8", "backslashreplace").decode("utf-8") if _SURROGATE.search(value) else value
    if isinstance(value, dict):
        return {printable(k): printable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [printable(v) for v in value]
    return value


_SURROGATE = re.compile("[\ud800-\udfff]")


async def _plain(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, SurgeopsError)
    return JSONResponse(status_code=status_of(exc), content={"detail": printable(str(exc))})


async def _invalid(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, InvalidField)
    loc = [int(p) if p.isdigit() else p for p in ["body", *exc.field.split(".")]]
    return JSONResponse(status_code=422, content=printable({"detail": [{"loc": loc, "msg": exc.message, "type": "value_error"}]}))


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
    errors = [_located({**e, "input": _brief(e["input"])} if "input" in e else e) for e in exc.errors()]
    return JSONResponse(status_code=422, content=printable({"detail": jsonable_encoder(errors)}))


def _located(error: dict[str, Any]) -> dict[str, Any]:
    """A rule over the whole body (a team's stays, its sub-groups) located at the field its
    message blames (which keeps its "field: " prefix), as the same rule is when it runs on
    a PATCH's merged record."""
    if tuple(error.get("loc") or ()) != ("body",):
        return error
    at, _ = blamed("", str(error.get("msg", "")))
    if not at:
        return error
    return {**error, "loc": ["body", *(int(p) if p.isdigit() else p for p in at.split("."))]}


ECHO_LIMIT = 200  # characters of a refused value quoted back in a validation error


def _brief(value: Any) -> Any:
    """A refused value as an error quotes it: a long text cut to ECHO_LIMIT characters (a
    2,000,000-character name is not sent back whole), a large object or list left out."""
    if isinstance(value, str) and len(value) > ECHO_LIMIT:
        return f"{value[:ECHO_LIMIT]}... ({len(value):,} characters)"
    if isinstance(value, (dict, list)) and len(repr(value)) > 4 * ECHO_LIMIT:
        return f"({type(value).__name__} of {len(value)} entries, left out)"
    return value


async def _unstorable(_: Request, exc: Exception) -> JSONResponse:
    """A value the database refuses to store or compare, that validation let through (a NUL
    character in a text, a number past a column's range): the statement failed and the
    transaction was rolled back, so nothing was written. 422 with the database's reason."""
    assert isinstance(exc, DataError)
    reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
    if "0x00" in reason:
        reason = "a text contains a NUL character (\\u0000), which cannot be stored"
    return JSONResponse(status_code=422, content={"detail": [{"loc": ["request"], "msg": reason, "type": "value_error"}]})


async def _lost_race(_: Request, exc: Exception) -> JSONResponse:
    """A versioned row changed between this request's read and its write (the ORM's UPDATE
    matched no row of the version read): another request won the race. The transaction is
    rolled back as the session closes, so nothing of this one was written."""
    assert isinstance(exc, StaleDataError)
    return JSONResponse(status_code=409, content={"detail": "the record was changed by another request meanwhile: read it again"})


async def _busy(request: Request, exc: Exception) -> JSONResponse:
    """SQLite's "database is locked", nothing written either way. Waiting for the write lock
    (`db.engine.begin_write`) past the busy timeout: the server is overloaded, 503 with
    Retry-After. Any other statement: a transaction that read without the lock and found,
    as it came to write, that another had committed since (a lost race): 409. Any other
    operational error is the server's fault and stays a 500."""
    assert isinstance(exc, OperationalError)
    if "database is locked" not in str(exc.orig):
        raise exc
    if (exc.statement or "").strip().upper().startswith("BEGIN"):
        return JSONResponse(status_code=503, content={"detail": "the database is busy with other writes: retry shortly"},
                            headers={"Retry-After": "1"})
    return JSONResponse(status_code=409, content={"detail": "the data changed while this request was reading it: read it again"})


def install(app: FastAPI) -> None:
    app.add_exception_handler(StaleDataError, _lost_race)
    app.add_exception_handler(OperationalError, _busy)
    app.add_exception_handler(DataError, _unstorable)
    app.add_exception_handler(RequestValidationError, _request_invalid)
    app.add_exception_handler(InvalidField, _invalid)
    for kind in STATUS:
        app.add_exception_handler(kind, _plain)
