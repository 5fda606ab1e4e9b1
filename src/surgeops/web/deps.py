"""Dependencies shared by the routers: database session, settings, the acting user."""

from __future__ import annotations

from typing import Annotated, Iterator

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from surgeops.config import Settings
from surgeops.db.engine import Database
from surgeops.services.audit import Actor


def get_db(request: Request) -> Database:
    return request.app.state.db


def get_session(request: Request) -> Iterator[Session]:
    with request.app.state.db.session() as session:
        yield session


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_actor(request: Request) -> Actor:
    """The caller of a write. With accounts required, access rules apply to their principal."""
    from surgeops.web.auth import current_user

    user = current_user(request)
    name = getattr(user, "username", None) or "anonymous"
    principal = getattr(request.state, "principal", None) if request.app.state.settings.auth_required else None
    return Actor(name=name, remote_addr=request.client.host if request.client else None, principal=principal)


SessionDep = Annotated[Session, Depends(get_session)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
ActorDep = Annotated[Actor, Depends(get_actor)]
DatabaseDep = Annotated[Database, Depends(get_db)]
