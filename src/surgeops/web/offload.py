"""Blocking work off the event loop.

Form handlers are `async def` because reading a form is awaited; what they do next
(database work, password hashing, report extraction, a planner run) blocks, so it runs
on a thread. Planner runs take seconds to minutes: they get their own limiter
(`PLANNER_THREADS` per server process, further runs wait their turn) so that they hold
neither the event loop nor the threads every other request needs.
"""

from __future__ import annotations

import functools
from typing import Any, Callable, TypeVar

import anyio
import anyio.to_thread
from starlette.requests import Request

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
