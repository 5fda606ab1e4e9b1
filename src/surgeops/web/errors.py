"""Domain errors become HTTP answers with a message that names the field."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from surgeops.services.access import Forbidden
from surgeops.domain.errors import Conflict, InvalidField, NotFound, StaleVersion, SurgeopsError


def install(app: FastAPI) -> None:
    @app.exception_handler(InvalidField)
    async def _invalid(_: Request, exc: InvalidField) -> JSONResponse:
        loc = ["body", *exc.field.split(".")]
        loc = [int(p) if p.isdigit() else p for p in loc]
        return JSONResponse(status_code=422, content={"detail": [{"loc": loc, "msg": exc.message, "type": "value_error"}]})

    @app.exception_handler(NotFound)
    async def _missing(_: Request, exc: NotFound) -> JSONResponse:
        return JSONResponse(status_code=404, content={"detail": str(exc)})

    @app.exception_handler(StaleVersion)
    async def _stale(_: Request, exc: StaleVersion) -> JSONResponse:
        return JSONResponse(status_code=409, content={"detail": str(exc)})

    @app.exception_handler(Conflict)
    async def _conflict(_: Request, exc: Conflict) -> JSONResponse:
        return JSONResponse(status_code=409, content={"detail": str(exc)})

    @app.exception_handler(Forbidden)
    async def _forbidden(_: Request, exc: Forbidden) -> JSONResponse:
        return JSONResponse(status_code=403, content={"detail": str(exc)})

    @app.exception_handler(SurgeopsError)
    async def _other(_: Request, exc: SurgeopsError) -> JSONResponse:
        return JSONResponse(status_code=400, content={"detail": str(exc)})
