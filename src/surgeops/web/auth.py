"""Who is calling: an API token (Authorization: Bearer) or the dashboard's session cookie.
Also the login rate limit and the CSRF token for dashboard forms."""

from __future__ import annotations

import secrets
import threading
import time
from collections import deque
from typing import Optional

from fastapi import HTTPException, Request, Response
from starlette.concurrency import run_in_threadpool

from surgeops.db.tables import User
from surgeops.services import accounts

SESSION_COOKIE = "surgeops_session"
CSRF_COOKIE = "surgeops_csrf"
PUBLIC_PATHS = ("/api/health", "/api/auth/login")


def bearer_or_cookie(request: Request) -> Optional[str]:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip()
    return request.cookies.get(SESSION_COOKIE)


def current_user(request: Request) -> Optional[User]:
    """The signed-in user for this request (cached on request.state)."""
    if hasattr(request.state, "user"):
        return request.state.user
    token = bearer_or_cookie(request)
    user = None
    if token:
        # plain columns, no session; reads only, so no transaction (no BEGIN/ROLLBACK round trips)
        with request.app.state.db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            user = accounts.user_for_token(conn, token)
            if user is not None:
                request.state.principal = accounts.principal_of(conn, user)
    request.state.user = user
    return user


async def require_user(request: Request) -> None:
    """Dependency on every API route when accounts are required (401 without a valid token).

    `async` so that a request without a token (an open server, or a caller about to be
    refused) costs no thread-pool hop; looking a token up queries the database, so that
    part runs in the thread pool."""
    if bearer_or_cookie(request) and not hasattr(request.state, "user"):
        await run_in_threadpool(current_user, request)
    user = current_user(request)
    if not request.app.state.settings.auth_required or request.url.path in PUBLIC_PATHS:
        return
    if user is None:
        raise HTTPException(401, detail="sign in or send an API token (Authorization: Bearer ...)",
                            headers={"WWW-Authenticate": "Bearer"})


class LoginLimiter:
    """At most `attempts` logins per client address in `window` seconds."""

    def __init__(self, attempts: int = 10, window: float = 60.0) -> None:
        self.attempts, self.window = attempts, window
        self._seen: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def hit(self, key: str) -> Optional[int]:
        """Record an attempt; return seconds to wait if over the limit, else None."""
        now = time.monotonic()
        with self._lock:
            times = self._seen.setdefault(key, deque())
            while times and now - times[0] > self.window:
                times.popleft()
            if len(times) >= self.attempts:
                return int(self.window - (now - times[0])) + 1
            times.append(now)
            return None


def csrf_token(request: Request, response: Response) -> str:
    """The form token for this browser (double-submit: a cookie and a hidden field)."""
    token = request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(24)
    response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict", secure=request.url.scheme == "https")
    return token


def check_csrf(request: Request, submitted: Optional[str]) -> None:
    expected = request.cookies.get(CSRF_COOKIE)
    if not expected or not submitted or not secrets.compare_digest(expected, submitted):
        raise HTTPException(403, detail="the form expired or came from another site: reload the page and submit again")
