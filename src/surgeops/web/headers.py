"""Security headers on every answer: no MIME sniffing, no framing (clickjacking), no
referrer to other sites, and a strict content security policy. A plain ASGI wrapper (a few
microseconds per request)."""

from __future__ import annotations

from typing import Any, Awaitable, Callable

# The dashboard and every API answer: scripts and styles only from our own /static files
# (no inline script, no event-handler attribute, no javascript: URL runs), no plugins,
# no <base> rewriting, forms post only to us, never framed.
STRICT = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; object-src 'none'; "
          "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
# The situation report is one self-contained document (saved, mailed, printed): its charts
# are data: images and its styles one inline <style>; no script may run in it at all.
SITREP = ("default-src 'none'; img-src data:; style-src 'unsafe-inline'; object-src 'none'; "
          "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
# FastAPI's interactive API docs (/docs, /redoc) load their scripts, styles and fonts from
# a CDN and start with an inline script. Those pages show no stored data; the relaxed
# policy is scoped to them alone.
DOCS = ("default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
        "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net https://fonts.googleapis.com; "
        "font-src 'self' https://fonts.gstatic.com; img-src 'self' data: https://fastapi.tiangolo.com https://cdn.redoc.ly; "
        "worker-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
POLICIES: dict[str, str] = {"/docs": DOCS, "/docs/oauth2-redirect": DOCS, "/redoc": DOCS, "/api/sitrep": SITREP}

COMMON: tuple[tuple[bytes, bytes], ...] = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
)
_HEADERS: dict[str, tuple[tuple[bytes, bytes], ...]] = {
    path: (*COMMON, (b"content-security-policy", policy.encode("ascii"))) for path, policy in POLICIES.items()
}
HEADERS: tuple[tuple[bytes, bytes], ...] = (*COMMON, (b"content-security-policy", STRICT.encode("ascii")))

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]


def headers_for(path: str) -> tuple[tuple[bytes, bytes], ...]:
    """The security headers of an answer to `path` (the strict policy unless the path has its own)."""
    return _HEADERS.get(path, HEADERS)


class SecurityHeaders:
    def __init__(self, app: Callable[[Scope, Receive, Send], Awaitable[None]]) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = headers_for(scope["path"])

        async def send_with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *headers]
            await send(message)

        await self.app(scope, receive, send_with_headers)
