"""Domain errors become HTTP answers with a message that names the field."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from surgeops.domain.errors import Conflict, InvalidField, NotFound, StaleVersion, SurgeopsError
from surgeops.services.access import Forbidden

# Status of each plain error (its message is the detail); the most specific class wins.
STATUS: dict[type[SurgeopsError], int] = {NotFound: 404, StaleVersion: 409, Conflict: 409, Forbidden: 403, SurgeopsError: 400}


async def _plain(_: Request, exc: Exception) -> JSONResponse:
    status = next(code for kind, code in STATUS.items() if isinstance(exc, kind))
    return JSONResponse(status_code=status, content={"detail": str(exc)})


async def _invalid(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, InvalidField)
    loc = [int(p) if p.isdigit() else p for p in ["body", *exc.field.split(".")]]
    return JSONResponse(status_code=422, content={"detail": [{"loc": loc, "msg": exc.message, "type": "value_error"}]})


def install(app: FastAPI) -> None:
    app.add_exception_handler(InvalidField, _invalid)
    for kind in STATUS:
        app.add_exception_handler(kind, _plain)
