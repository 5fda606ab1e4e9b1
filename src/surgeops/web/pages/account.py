"""Signing in and out of the dashboard (`/login`, `/logout`): the account service checks
the password and opens a session whose token lives in an HTTP-only cookie; the form is
protected by `web.csrf` (no sign-in posted from another site) and the login rate limit shared with `/api/auth/login`."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from surgeops.services import accounts
from surgeops.web import i18n
from surgeops.web.auth import SESSION_COOKIE, bearer_or_cookie
from surgeops.web.deps import SessionDep, actor_of
from surgeops.web.offload import blocking
from surgeops.web.pages.guard import safe_next
from surgeops.web.pages.render import gettext_for, render

router = APIRouter()
FAILED = i18n.N_("Wrong user name or password, or the account is locked. Try again later.")
TOO_MANY = i18n.N_("Too many sign-in attempts. Wait %(n)s seconds and try again.")


@router.get("/login", response_class=HTMLResponse, include_in_schema=False)
def login_form(request: Request) -> HTMLResponse:
    values = {"next": safe_next(request.query_params.get("next"))}
    return render(request, "login.html", {"values": values, "errors": {}, "section": "login"})


@router.post("/login", response_class=HTMLResponse, include_in_schema=False)
async def login(request: Request, session: SessionDep) -> Response:
    form = await request.form()
    values = {"username": str(form.get("username") or ""), "next": safe_next(str(form.get("next") or ""))}
    gettext = gettext_for(request)
    address = request.client.host if request.client else "unknown"
    wait = request.app.state.login_limiter.hit(address)
    if wait is not None:
        errors = {"_form": gettext(TOO_MANY) % {"n": wait}}
        return render(request, "login.html", {"values": values, "errors": errors, "section": "login"}, status_code=429)
    try:
        user = await blocking(accounts.authenticate, session, values["username"], str(form.get("password") or ""),
                              remote_addr=address)
    except accounts.LoginFailed:
        errors = {"_form": gettext(FAILED)}
        return render(request, "login.html", {"values": values, "errors": errors, "section": "login"}, status_code=401)
    token = await blocking(accounts.open_session, session, user)
    response = RedirectResponse(values["next"], status_code=303)
    response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="lax", secure=request.url.scheme == "https",
                        max_age=int(accounts.SESSION_TTL.total_seconds()))
    if user.language:
        response.set_cookie(i18n.COOKIE, user.language, max_age=365 * 24 * 3600, samesite="lax", httponly=True)
    return response


@router.post("/logout", include_in_schema=False)
async def logout(request: Request, session: SessionDep) -> Response:
    return await blocking(_logout, request, session)


def _logout(request: Request, session: SessionDep) -> Response:
    token = bearer_or_cookie(request)
    if token and request.cookies.get(SESSION_COOKIE) == token:
        accounts.close_session(session, token, actor=actor_of(request))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response
