"""Cross-site request forgery: the one rule for every request that changes something.

A browser sends our cookies (the session, the form token) with a request that any page
makes, another site's or one on another port of this host alike: SameSite does not tell
ports apart, and a page on the same host can even set a cookie of ours. So a POST, PUT,
PATCH or DELETE may act with the browser's cookies only if it shows it came from our own
pages:

- an API call with `Authorization: Bearer` carries its credential itself: not affected;
- a browser says where a request comes from: `Sec-Fetch-Site` must be `same-origin`, or,
  where a browser sends no `Sec-Fetch-Site`, `Origin` must be this server's own origin
  (scheme, host and port); anything else is refused, token or not;
- a request with neither header (a script, an old browser) that carries the session
  cookie must carry the form token too: the `csrf` field of a form, or the `X-CSRF-Token` header,
  equal to the `surgeops_csrf` cookie (`auth.csrf_token` puts both in every page).

A plain ASGI wrapper: a safe method or a bearer token costs a scan of the headers."""

from __future__ import annotations

import secrets
from typing import Any, Awaitable, Callable, Optional
from urllib.parse import parse_qsl

from starlette.requests import cookie_parser

from surgeops.web.auth import CSRF_COOKIE, SESSION_COOKIE

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
TOKEN_HEADER = b"x-csrf-token"
FORM_FIELD = "csrf"
DEFAULT_PORTS = {"http": "80", "https": "443"}
REFUSED = b'{"detail":"refused: a change made with the browser\'s cookies must come from this site\'s own pages (reload the page and submit again)"}'

Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]


def own_origin(scope: Scope, host: Optional[str]) -> Optional[str]:
    """This server's origin as the browser addressed it, default port left out."""
    if not host:
        return None
    return normal_origin(f"{scope.get('scheme', 'http')}://{host}")


def normal_origin(origin: str) -> str:
    scheme, _, rest = origin.strip().lower().partition("://")
    if rest.endswith(":" + DEFAULT_PORTS.get(scheme, "")):
        rest = rest.rsplit(":", 1)[0]
    return f"{scheme}://{rest}"


def provenance(scope: Scope, headers: dict[bytes, bytes]) -> Optional[bool]:
    """True if the browser says the request comes from our own pages, False if it says it
    does not, None if it says nothing (no Sec-Fetch-Site, no Origin)."""
    site = headers.get(b"sec-fetch-site")
    if site is not None:
        return site.strip().lower() == b"same-origin"
    origin = headers.get(b"origin")
    if origin is not None:
        mine = own_origin(scope, headers.get(b"host", b"").decode("latin-1"))
        return mine is not None and normal_origin(origin.decode("latin-1")) == mine
    return None


class CsrfGuard:
    def __init__(self, app: App, *, max_form_bytes: int) -> None:
        self.app, self.max_form_bytes = app, max_form_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in SAFE_METHODS:
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])  # the last of a repeated header: browsers send these once
        if headers.get(b"authorization", b"")[:7].lower() == b"bearer ":
            await self.app(scope, receive, send)
            return
        verdict = provenance(scope, headers)
        if verdict is None:
            cookies = cookie_parser(headers.get(b"cookie", b"").decode("latin-1"))
            if SESSION_COOKIE not in cookies:
                await self.app(scope, receive, send)  # not signed in by cookie: nothing ambient to abuse
                return
            verdict, receive = await self._token_shown(headers, cookies.get(CSRF_COOKIE), receive)
        if not verdict:
            await _refuse(send)
            return
        await self.app(scope, receive, send)

    async def _token_shown(self, headers: dict[bytes, bytes], expected: Optional[str], receive: Receive) -> tuple[bool, Receive]:
        """Whether the request carries the form token (header or form field); the form's
        body is read here and handed on to the endpoint unchanged."""
        submitted = headers.get(TOKEN_HEADER, b"").decode("latin-1")
        if not submitted and headers.get(b"content-type", b"").lower().startswith(b"application/x-www-form-urlencoded"):
            body, receive = await _buffered(receive, self.max_form_bytes)
            fields = dict(parse_qsl(body.decode("utf-8", errors="replace"), keep_blank_values=True)) if body is not None else {}
            submitted = fields.get(FORM_FIELD, "")
        return bool(expected and submitted and secrets.compare_digest(expected, submitted)), receive


async def _buffered(receive: Receive, limit: int) -> tuple[Optional[bytes], Receive]:
    """The whole body (None past `limit` bytes) and a `receive` that replays it."""
    messages: list[Message] = []
    size, more = 0, True
    while more:
        message = await receive()
        messages.append(message)
        size += len(message.get("body", b""))
        more = message["type"] == "http.request" and message.get("more_body", False) and size <= limit

    async def replay() -> Message:
        return messages.pop(0) if messages else await receive()

    body = b"".join(m.get("body", b"") for m in messages) if size <= limit else None
    return body, replay


async def _refuse(send: Send) -> None:
    await send({"type": "http.response.start", "status": 403,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(REFUSED)).encode())]})
    await send({"type": "http.response.body", "body": REFUSED})
