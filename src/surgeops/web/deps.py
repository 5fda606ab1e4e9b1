"""Dependencies shared by the routers: database session, settings, the acting user.

They are `async def` because they do no blocking work of their own: FastAPI runs a plain
`def` dependency in the thread pool, and a thread hop per dependency per request costs
more than the dependency itself. (Opening a Session does not connect; the endpoint's
queries run in the pool as before.)"""

from __future__ import annotations

from typing import Annotated, AsyncIterator

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from surgeops.config import Settings
from surgeops.db.engine import Database
from surgeops.domain.accounts import Principal, Role
from surgeops.services.audit import Actor


async def get_db(request: Request) -> Database:
    return request.app.state.db


async def get_session(request: Request) -> AsyncIterator[Session]:
    with request.app.state.db.session() as session:
        yield session


async def get_settings(request: Request) -> Settings:
    return request.app.state.settings


async def get_read_session(request: Request) -> AsyncIterator[Session]:
    """A session for endpoints that only read: no BEGIN/ROLLBACK round trips."""
    with request.app.state.db.read_session() as session:
        yield session


# Stands in for the caller while their token is still to be checked on the endpoint's
# thread. `offload.blocking_endpoint` identifies the caller itself after that check, so
# this is only a guard: should it ever reach a service, the access rules treat it as a
# viewer of nothing, who can write nothing.
UNIDENTIFIED = Actor(name="unidentified", principal=Principal(username="unidentified", role=Role.viewer))


def actor_of(request: Request) -> Actor:
    """The caller of a write. With accounts required, access rules apply to their principal
    (looked up, and cached on the request, by `auth.require_user` or the endpoint's thread)."""
    from surgeops.web.auth import current_user

    user = current_user(request)
    name = getattr(user, "username", None) or "anonymous"
    principal = getattr(request.state, "principal", None) if request.app.state.settings.auth_required else None
    return Actor(name=name, remote_addr=request.client.host if request.client else None, principal=principal)


async def get_actor(request: Request) -> Actor:
    if getattr(request.state, "token_pending", False):
        return UNIDENTIFIED
    return actor_of(request)


SessionDep = Annotated[Session, Depends(get_session)]
ReadSessionDep = Annotated[Session, Depends(get_read_session)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
ActorDep = Annotated[Actor, Depends(get_actor)]
DatabaseDep = Annotated[Database, Depends(get_db)]
