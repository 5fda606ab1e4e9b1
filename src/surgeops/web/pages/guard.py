"""Who may see the dashboard: with accounts required (the default) every page but the
sign-in page sends an anonymous visitor to `/login`; a signed-in user's `?lang=` choice
is kept on their account as well as in the cookie."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import HTTPException, Request

from surgeops.domain.codes import LANGUAGES
from surgeops.services import accounts
from surgeops.web.auth import current_user
from surgeops.web.deps import actor_of


def safe_next(target: str | None) -> str:
    """A local path to return to after signing in (never another site)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def require_page_user(request: Request) -> None:
    """Router dependency of every dashboard page."""
    user = current_user(request)
    if user is None and request.app.state.settings.auth_required:
        here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise HTTPException(303, detail="sign in first", headers={"Location": f"/login?next={quote(here, safe='')}"})
    lang = request.query_params.get("lang")
    if user is not None and lang in LANGUAGES and user.language != lang:
        with request.app.state.db.session() as session:
            accounts.set_language(session, user.username, lang, actor=actor_of(request))
        user.language = lang
