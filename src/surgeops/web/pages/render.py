"""Rendering a page: the request's language, a Jinja environment per language with its
gettext catalogue and Babel formatters, and the `lang` cookie that keeps the choice."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional
from urllib.parse import urlencode

from fastapi import Request, Response
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader

from surgeops.domain.base import is_web_url
from surgeops.domain.codes import LANGUAGES
from surgeops.web import i18n
from surgeops.web.auth import csrf_token, current_user
from surgeops.web.pages import labels

TEMPLATES = Path(__file__).parent.parent / "templates"
COOKIE_MAX_AGE = 365 * 24 * 3600


def language(request: Request) -> str:
    """The language this request is answered in (see `i18n.negotiate`); a signed-in user's
    saved choice counts as their cookie."""
    settings = request.app.state.settings
    user = current_user(request)
    saved = user.language if user is not None and user.language in LANGUAGES else request.cookies.get(i18n.COOKIE)
    return i18n.negotiate(
        query=request.query_params.get("lang"), cookie=saved,
        accept=request.headers.get("accept-language"), default=settings.default_language,
    )


@lru_cache(maxsize=None)
def environment(lang: str) -> Environment:
    # Every template is escaped, whatever its name: no value reaches a page as markup.
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)), autoescape=True,
        extensions=["jinja2.ext.i18n"], trim_blocks=True, lstrip_blocks=True,
    )
    env.install_gettext_translations(i18n.translations(lang), newstyle=True)  # type: ignore[attr-defined]
    gettext = i18n.translations(lang).gettext
    env.globals.update(lang=lang, languages=LANGUAGES, endonyms=i18n.ENDONYMS, timedelta=dt.timedelta)
    env.tests["web_url"] = is_web_url  # `{% if x is web_url %}`: only http(s) addresses become links
    env.filters.update(
        number=lambda v, digits=0: i18n.number(v, lang, digits=digits),
        percent=lambda v: i18n.percent(v, lang),
        date=lambda v, form="medium": i18n.date(v, lang, form=form),
        name=lambda names, fallback="": i18n.name_in(names, lang, fallback),
        label=lambda code, kind: labels.label(kind, code, gettext),
    )
    return env


def switch_url(request: Request, lang: str) -> str:
    """This page's address in another language (the other query parameters kept)."""
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    return request.url.path + "?" + urlencode([*params, ("lang", lang)])


def render(request: Request, template: str, context: dict[str, Any], *, status_code: int = 200,
           lang: Optional[str] = None) -> HTMLResponse:
    """Render `template` in the request's language with the signed-in user and the form
    (CSRF) token; remember a `?lang=` choice in a cookie."""
    lang = lang or language(request)
    holder = Response()
    page = environment(lang).get_template(template)
    html = page.render(request=request, switch_url=lambda code: switch_url(request, code), user=current_user(request),
                       csrf=csrf_token(request, holder), auth_required=request.app.state.settings.auth_required, **context)
    response = HTMLResponse(html, status_code=status_code)
    response.raw_headers.extend(h for h in holder.raw_headers if h[0] == b"set-cookie")
    if request.query_params.get("lang") in LANGUAGES:
        response.set_cookie(i18n.COOKIE, lang, max_age=COOKIE_MAX_AGE, samesite="lax", httponly=True)
    return response


def gettext_for(request: Request) -> Any:
    """The request language's gettext, for messages built in Python (form errors)."""
    return i18n.translations(language(request)).gettext
