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
from typing import Any, Callable, TypeVar

import anyio
import anyio.to_thread
from sqlalchemy.orm import Session
from starlette.requests import Request

from surgeops.services.audit import Actor
from surgeops.web.auth import CHECKS_TOKEN, identify_in_thread
from surgeops.web.deps import actor_of

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


def blocking_endpoint(fn: Callable[..., T]) -> Callable[..., Any]:
    """A blocking endpoint that runs, with the caller's token check, in one trip to the
    thread pool.

    FastAPI runs a plain `def` endpoint on a worker thread; the token check before it
    (`auth.require_user`) queries the database, so it needs a thread too: two trips per
    request, each costing more CPU than a database round trip. The endpoint this returns
    is `async`, with `fn`'s parameters (and the request), and FastAPI marks it as checking
    the token itself. On its one worker thread it first checks the token on the
    endpoint's own session (401 as before), then puts the identified caller in place of
    every `Actor` argument, then calls `fn`.

    The check cannot be skipped: `require_user` leaves it only to endpoints made here, and
    they always do it before `fn`. Until then the `Actor` arguments hold
    `deps.UNIDENTIFIED`, which may write nothing. Not for endpoints that choose how their
    transaction begins (SQLite's BEGIN IMMEDIATE): the check opens the transaction."""
    signature = inspect.signature(fn, eval_str=True)
    if _REQUEST_PARAM in signature.parameters:
        raise TypeError(f"{fn.__name__}: the parameter name {_REQUEST_PARAM} is taken by blocking_endpoint")

    def run(request: Request, kwargs: dict[str, Any]) -> T:
        session = next((v for v in kwargs.values() if isinstance(v, Session)), None)
        identify_in_thread(request, session)
        for name, value in kwargs.items():
            if isinstance(value, Actor):
                kwargs[name] = actor_of(request)
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
    params = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in signature.parameters.values()]
    endpoint.__signature__ = signature.replace(parameters=[*params, request_param])  # type: ignore[attr-defined]
    setattr(endpoint, CHECKS_TOKEN, True)
    return endpoint
