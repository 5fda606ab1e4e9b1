"""Blocking work off the event loop.

Form handlers are `async def` because reading a form is awaited; what they do next
(database work, password hashing, report extraction, a planner run) blocks, so it runs
on a thread. Planner runs take seconds to minutes: they get their own limiter
(`PLANNER_THREADS` per server process, further runs wait their turn) so that they hold
neither the event loop nor the threads every other request needs.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import inspect
import typing
from contextlib import ExitStack
from typing import Any, Callable, Optional, TypeVar

import anyio
import anyio.to_thread
from fastapi import params
from sqlalchemy.orm import Session
from starlette.requests import Request

from surgeops.web import deps
from surgeops.web.auth import CHECKS_TOKEN, identify_in_thread

T = TypeVar("T")
PLANNER_THREADS = 1


async def blocking(fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
    """`fn(*args, **kwargs)` on the shared thread pool."""
    return await anyio.to_thread.run_sync(functools.partial(fn, *args, **kwargs))


async def planner_run(request: Request, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
    """`fn(*args, **kwargs)` on the planner's own thread(s)."""
    state = request.app.state
    limiter = getattr(state, "planner_limiter", None)
    if limiter is None:
        limiter = state.planner_limiter = anyio.CapacityLimiter(PLANNER_THREADS)
    return await anyio.to_thread.run_sync(functools.partial(fn, *args, **kwargs), limiter=limiter)


_REQUEST_PARAM = "surgeops_request"
# app.state attribute holding the thread pool of `blocking_endpoint`s
ENDPOINT_THREADS = "endpoint_threads"


# The dependencies a `blocking_endpoint` provides itself, on its worker thread, by what
# they give: a session, a session that only reads, the settings, the acting user.
_PROVIDED: dict[Callable[..., Any], str] = {deps.get_session: "session", deps.get_read_session: "read_session",
                                            deps.get_settings: "settings", deps.get_actor: "actor"}


def _provided(param: inspect.Parameter) -> Optional[str]:
    """What of `_PROVIDED` a parameter asks for (`session: SessionDep` and the like), if any."""
    for meta in typing.get_args(param.annotation)[1:]:
        if isinstance(meta, params.Depends) and meta.dependency in _PROVIDED:
            return _PROVIDED[meta.dependency]
    return None


def blocking_endpoint(fn: Callable[..., T]) -> Callable[..., Any]:
    """A blocking endpoint that runs, with the caller's token check, in one trip to the
    thread pool.

    FastAPI runs a plain `def` endpoint on a worker thread; the token check before it
    (`auth.require_user`) queries the database, so it needs a thread too: two trips per
    request, each costing more CPU than a database round trip. The endpoint this returns
    is `async`, with `fn`'s parameters (and the request), and FastAPI marks it as checking
    the token itself. On its one worker thread it opens the session `fn` asks for
    (`SessionDep` or `ReadSessionDep`), checks the token on it (401 as before), and only
    then identifies the caller for an `ActorDep` parameter and calls `fn`; the session is
    closed on the same thread afterwards. These parameters, and `SettingsDep`, are
    provided here rather than solved by FastAPI on the event loop, which would cost more
    than what they do.

    The check cannot be skipped: `require_user` leaves it only to endpoints made here, and
    they always do it before `fn`, which cannot be given an `Actor` before. Not for
    endpoints that choose how their transaction begins (SQLite's BEGIN IMMEDIATE): the
    check opens the transaction."""
    signature = inspect.signature(fn, eval_str=True)
    if _REQUEST_PARAM in signature.parameters:
        raise TypeError(f"{fn.__name__}: the parameter name {_REQUEST_PARAM} is taken by blocking_endpoint")
    provided = {name: kind for name, param in signature.parameters.items() if (kind := _provided(param))}
    if len([kind for kind in provided.values() if kind.endswith("session")]) > 1:
        raise TypeError(f"{fn.__name__}: a blocking_endpoint takes one session")

    def run(request: Request, kwargs: dict[str, Any]) -> T:
        state = request.app.state
        with ExitStack() as closing:
            session: Optional[Session] = None
            for name, kind in provided.items():
                if kind == "session":
                    session = kwargs[name] = closing.enter_context(state.db.session())
                elif kind == "read_session":
                    session = kwargs[name] = closing.enter_context(state.db.read_session())
                elif kind == "settings":
                    kwargs[name] = state.settings
            identify_in_thread(request, session)
            for name, kind in provided.items():
                if kind == "actor":
                    kwargs[name] = deps.actor_of(request)
            return fn(**kwargs)

    async def endpoint(**kwargs: Any) -> T:
        request = kwargs.pop(_REQUEST_PARAM)
        threads = getattr(request.app.state, ENDPOINT_THREADS, None)
        if threads is None:  # an app used without its lifespan
            return await anyio.to_thread.run_sync(run, request, kwargs)
        call = contextvars.copy_context().run
        return await asyncio.get_running_loop().run_in_executor(threads, call, run, request, kwargs)

    # not functools.wraps: FastAPI follows __wrapped__ and would run the wrapper as `def`
    for attribute in ("__module__", "__name__", "__qualname__", "__doc__"):
        setattr(endpoint, attribute, getattr(fn, attribute))
    request_param = inspect.Parameter(_REQUEST_PARAM, inspect.Parameter.KEYWORD_ONLY, annotation=Request)
    solved = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for name, p in signature.parameters.items() if name not in provided]
    endpoint.__signature__ = signature.replace(parameters=[*solved, request_param])  # type: ignore[attr-defined]
    setattr(endpoint, CHECKS_TOKEN, True)
    return endpoint
