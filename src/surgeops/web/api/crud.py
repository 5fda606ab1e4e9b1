"""Builds the standard routes of one record kind from its service `Resource`:
list with filters and pagination, read, create, update and delete with ETag / If-Match."""


import datetime as dt
from typing import Annotated, Any, Optional

import orjson
from fastapi import APIRouter, Header, HTTPException, Path, Query, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, create_model
from sqlalchemy import JSON, Integer

from surgeops.services import crud
from surgeops.services.crud import Resource
from surgeops.web.deps import ActorDep, ReadSessionDep, SessionDep, SettingsDep
from surgeops.web.errors import PRECONDITION
from surgeops.web.offload import blocking_endpoint


# Record ids are 32-bit integer columns on PostgreSQL: a larger id in a path is a 422, not
# a database error.
MAX_ID = 2**31 - 1
RecordId = Annotated[int, Path(ge=1, le=MAX_ID)]


class RuleWarning(BaseModel):
    """A rule the stored record breaks as a warning, not an error (it was stored, flagged):
    for a case figure, a cumulative count that falls from one reported day to the next."""

    rule: str
    field: str
    message: str
    metric: Optional[str] = None
    date: Optional[dt.date] = None
    value: Optional[int] = None
    previous_date: Optional[dt.date] = None
    previous_value: Optional[int] = None


class Page(BaseModel):
    items: list[dict[str, Any]]
    total: int
    limit: int
    offset: int


class FastJSONResponse(JSONResponse):
    """JSON rendered by orjson: dates and datetimes as ISO strings, containers and plain
    values in one C pass (no Python walk first, no json.dumps)."""

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content, default=_fallback, option=orjson.OPT_NON_STR_KEYS)


def _fallback(value: Any) -> Any:
    """What orjson does not know itself: sets and tuples as lists, anything else via jsonable."""
    if isinstance(value, (set, frozenset)):
        return list(value)
    converted = crud.jsonable(value)
    if converted is value:
        raise TypeError(f"{type(value).__name__} is not JSON serialisable")
    return converted


def as_json(data: Any, *, status_code: int = 200, version: Optional[int] = None) -> JSONResponse:
    """A JSON answer built from plain records; cheaper than FastAPI's generic encoder and
    response-model validation on hot endpoints."""
    headers = {"ETag": etag(version)} if version is not None else None
    return FastJSONResponse(data, status_code=status_code, headers=headers)


def etag(version: int) -> str:
    return f'"{version}"'


def expected_version(if_match: Optional[str]) -> int:
    """The version the client last read, from If-Match; required for every change."""
    if not if_match:
        raise HTTPException(428, detail="If-Match header required: send the ETag of the version you read")
    raw = if_match.strip()
    raw = raw[2:] if raw.startswith("W/") else raw
    try:
        return int(raw.strip('"'))
    except ValueError:
        raise HTTPException(422, detail=[{"loc": ["header", "If-Match"], "msg": f"not an ETag of this API: {if_match}", "type": "value_error"}]) from None


def record_model(res: Resource) -> type[BaseModel]:
    """What the API answers for one record of this kind: every stored column but the hidden
    ones, each of its column's type (null where the column allows it). Documented in the
    OpenAPI schema, so clients and the fuzz test can hold the answers to it; the answers
    themselves are rendered straight from the rows (`as_json`)."""
    fields: dict[str, Any] = {}
    for column in res.table.__table__.c:
        if column.key in res.hidden:
            continue
        kind: Any
        if isinstance(column.type, JSON):
            kind = Any  # an object or a list, as the record keeps it
        else:
            try:
                kind = column.type.python_type
            except NotImplementedError:
                kind = Any
            if kind is dt.datetime:
                kind = str  # ISO 8601, with the offset where the database keeps one
            if column.nullable:
                kind = Optional[kind]
        fields[column.key] = (kind, ...)
    if res.check is not None:  # a create or an update answers the warnings of the kind's rules
        fields["warnings"] = (Optional[list[RuleWarning]], Field(default=None, description=RuleWarning.__doc__))
    name = "".join(part.title() for part in res.name.split("_"))
    return create_model(f"{name}Record", __config__=ConfigDict(extra="forbid"), **fields)


def page_model(item: type[BaseModel]) -> type[BaseModel]:
    """A page of records of `item`'s kind, as listings answer."""
    return create_model(item.__name__.removesuffix("Record") + "Page", __base__=Page, items=(list[item], ...))  # type: ignore[valid-type]


def filter_model(res: Resource) -> type[BaseModel]:
    fields: dict[str, Any] = {}
    columns = res.table.__table__.c
    for name, spec in res.filters.items():
        if spec.op in ("ge", "le"):
            fields[name] = (Optional[dt.date], Field(default=None))
        elif isinstance(columns[spec.column].type, Integer):  # a record id: a number, within the column's range
            fields[name] = (Optional[int], Field(default=None, ge=1, le=MAX_ID))
        else:
            fields[name] = (Optional[str], Field(default=None, max_length=200))
    fields["limit"] = (int, Field(default=50, ge=1, le=500))
    fields["offset"] = (int, Field(default=0, ge=0, le=2**31))
    return create_model(f"{res.name.title().replace('_', '')}Filters", __config__=ConfigDict(extra="forbid"), **fields)


def crud_router(res: Resource, *, path: str, tag: str) -> APIRouter:
    router = APIRouter(prefix=path, tags=[tag])
    Filters = filter_model(res)
    Item = record_model(res)
    Listing = page_model(Item)
    Create, Update = res.create, res.update
    key_type = RecordId if res.key == "id" else Annotated[str, Path(max_length=80)]

    @router.get("", summary=f"List {tag}", response_model=Listing)
    @blocking_endpoint
    def list_(session: ReadSessionDep, settings: SettingsDep, filters: Annotated[Filters, Query()]) -> JSONResponse:  # type: ignore[valid-type]
        values = filters.model_dump()
        limit, offset = values.pop("limit"), values.pop("offset")
        items, total = crud.listing(session, res, values, limit=min(limit, settings.max_page_size), offset=offset)
        return as_json({"items": items, "total": total, "limit": limit, "offset": offset})

    @router.get("/{key}", summary=f"Read one of {tag}", response_model=Item)
    @blocking_endpoint
    def read(key: key_type, session: ReadSessionDep) -> JSONResponse:  # type: ignore[valid-type]
        item = crud.get(session, res, key)
        return as_json(item, version=item["version"])

    @router.post("", status_code=201, summary=f"Create one of {tag}", response_model=Item)
    @blocking_endpoint
    def create(payload: Create, session: SessionDep, actor: ActorDep) -> JSONResponse:  # type: ignore[valid-type]
        item = crud.create(session, res, payload, actor=actor)
        return as_json(item, status_code=201, version=item["version"])

    @router.patch("/{key}", summary=f"Change one of {tag} (If-Match required)", response_model=Item, responses=PRECONDITION)
    @blocking_endpoint
    def update(key: key_type, payload: Update, session: SessionDep, actor: ActorDep,  # type: ignore[valid-type]
               if_match: Annotated[Optional[str], Header()] = None) -> JSONResponse:
        item = crud.update(session, res, key, payload, expected_version=expected_version(if_match), actor=actor)
        return as_json(item, version=item["version"])

    @router.delete("/{key}", status_code=204, summary=f"Delete one of {tag} (If-Match required)", responses=PRECONDITION)
    @blocking_endpoint
    def delete(key: key_type, session: SessionDep, actor: ActorDep,  # type: ignore[valid-type]
               if_match: Annotated[Optional[str], Header()] = None) -> Response:
        crud.delete(session, res, key, expected_version=expected_version(if_match), actor=actor)
        return Response(status_code=204)

    return router
