"""Who is calling: an API token (Authorization: Bearer) or the dashboard's session cookie.
Also the login rate limit and the CSRF token for dashboard forms."""

from __future__ import annotations

import secrets
import threading
import time
from collections import deque
from typing import Optional, Union

from fastapi import HTTPException, Request, Response
from sqlalchemy import Connection
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from surgeops.db.engine import READ_ONLY, autocommit_connection
from surgeops.services import accounts
from surgeops.services.accounts import SignedIn

SESSION_COOKIE = "surgeops_session"
CSRF_COOKIE = "surgeops_csrf"
PUBLIC_PATHS = ("/api/health", "/api/auth/login")
# Attribute marking an endpoint that checks the caller's token itself (offload.blocking_endpoint).
CHECKS_TOKEN = "surgeops_checks_token"


def bearer_or_cookie(request: Request) -> Optional[str]:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip()
    return request.cookies.get(SESSION_COOKIE)


def current_user(request: Request) -> Optional[SignedIn]:
    """The signed-in user for this request (cached on request.state)."""
    if hasattr(request.state, "user"):
        return request.state.user
    token = bearer_or_cookie(request)
    if token:
        # plain columns, no session; reads only, so no transaction (no BEGIN/ROLLBACK round trips)
        with request.app.state.db.read_connection() as conn:
            _look_up(request, conn, token)
    else:
        request.state.user = None
    return request.state.user


def _look_up(request: Request, conn: Union[Session, Connection], token: str) -> None:
    user = accounts.user_for_token(conn, token)
    request.state.principal = accounts.principal_of(conn, user) if user is not None else None
    request.state.user = user
    request.state.token_pending = False


def _refuse_anonymous(request: Request) -> None:
    if not request.app.state.settings.auth_required or request.scope["path"] in PUBLIC_PATHS:  # (request.url would parse the whole URL)
        return
    if request.state.user is None:
        raise HTTPException(401, detail="sign in or send an API token (Authorization: Bearer ...)",
                            headers={"WWW-Authenticate": "Bearer"})


def checks_token_itself(endpoint: object) -> bool:
    """Whether a route's endpoint looks the caller's token up on its own worker thread
    (`offload.blocking_endpoint`), so that `require_user` need not."""
    return getattr(endpoint, CHECKS_TOKEN, False) is True


def identify_in_thread(request: Request, session: Optional[Session]) -> None:
    """On an endpoint's worker thread, before the endpoint runs: the token check that
    `require_user` left to it (no second trip to the thread pool). A reading endpoint's
    session has no transaction, so the check uses it (no second connection); a writing
    endpoint's session is left without a transaction, for the write to decide how its
    transaction runs: the check uses the session's autocommit connection, which a
    one-statement write then uses too. Raises 401 as `require_user` would."""
    if not getattr(request.state, "token_pending", False):
        return
    token = bearer_or_cookie(request)
    assert token is not None  # pending only when a token came with the request
    if session is not None and session.info.get(READ_ONLY):
        _look_up(request, session.connection(), token)  # Core statements: no ORM execution
    elif session is not None:
        with autocommit_connection(session) as conn:  # kept for the write's own statement outside a transaction
            _look_up(request, conn, token)
    else:
        with request.app.state.db.read_connection() as conn:
            _look_up(request, conn, token)
    _refuse_anonymous(request)


async def require_user(request: Request) -> None:
    """Dependency on every API route when accounts are required (401 without a valid token).

    `async` so that a request without a token (an open server, or a caller about to be
    refused) costs no thread-pool hop. Looking a token up queries the database: for an
    endpoint that runs on a worker thread anyway and checks the token there itself
    (`offload.blocking_endpoint`), the check is left to it; otherwise it runs here, in the
    thread pool."""
    if bearer_or_cookie(request) and not hasattr(request.state, "user"):
        if checks_token_itself(request.scope.get("endpoint")):
            request.state.token_pending = True
            return
        await run_in_threadpool(current_user, request)
    if not hasattr(request.state, "user"):
        request.state.user = None
    _refuse_anonymous(request)


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
    """The form token for this browser (double-submit: a cookie and a hidden field), which
    `csrf.CsrfGuard` asks of a form posted without Origin or Sec-Fetch-Site."""
    token = request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(24)
    response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict", secure=request.url.scheme == "https")
    return token
