"""An ASGI factory for multi-worker servers: settings come from SURGEOPS_* variables.

    uvicorn --factory surgeops.web.asgi:app_from_environment --workers 2
"""

from __future__ import annotations

from fastapi import FastAPI

from surgeops.config import load_settings
from surgeops.web.app import create_app


def app_from_environment() -> FastAPI:
    return create_app(load_settings())
