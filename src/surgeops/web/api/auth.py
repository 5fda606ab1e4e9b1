"""/api/auth: sign in and out, and who am I."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request, Response
from pydantic import ConfigDict, Field

from surgeops.domain.base import Input
from surgeops.services import accounts
from surgeops.web.auth import SESSION_COOKIE, bearer_or_cookie, csrf_token, current_user
from surgeops.web.deps import SessionDep, actor_of
from surgeops.web.errors import TOO_MANY

router = APIRouter(prefix="/api/auth", tags=["auth"])


class Login(Input):
    model_config = ConfigDict(extra="forbid")
    username: str = Field(min_length=1, max_length=120)
    password: str = Field(min_length=1, max_length=1000)


@router.post("/login", summary="Sign in; sets an HTTP-only session cookie (and the CSRF cookie its writes echo)", responses=TOO_MANY)
def login(payload: Login, request: Request, response: Response, session: SessionDep) -> dict[str, Any]:
    address = request.client.host if request.client else "unknown"
    wait = request.app.state.login_limiter.hit(address)
    if wait is not None:
        raise HTTPException(429, detail=f"too many sign-in attempts; wait {wait} s", headers={"Retry-After": str(wait)})
    try:
        user = accounts.authenticate(session, payload.username, payload.password, remote_addr=address)
    except accounts.LoginFailed as exc:
        raise HTTPException(401, detail=str(exc)) from None
    token = accounts.open_session(session, user)
    response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="lax", secure=request.url.scheme == "https",
                        max_age=int(accounts.SESSION_TTL.total_seconds()))
    csrf_token(request, response)  # what a script signed in by cookie shows as X-CSRF-Token with its writes (web/csrf.py)
    return accounts.user_view(user)


@router.post("/logout", summary="Sign out; the session stops working at once")
def logout(request: Request, response: Response, session: SessionDep) -> dict[str, str]:
    token = bearer_or_cookie(request)
    if token and request.cookies.get(SESSION_COOKIE) == token:
        accounts.close_session(session, token, actor=actor_of(request))
    response.delete_cookie(SESSION_COOKIE)
    return {"status": "signed out"}


@router.get("/me", summary="The signed-in user, or 401")
def me(request: Request) -> dict[str, Any]:
    user = current_user(request)
    if user is None:
        raise HTTPException(401, detail="not signed in")
    return accounts.user_view(user)
