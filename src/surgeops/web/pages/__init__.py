"""The dashboard: server-rendered pages in ru, kk, vi and en (one module per page)."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter

from surgeops.web.pages import deployments, overview, region, shipments

STATIC = Path(__file__).parent.parent / "static"

router = APIRouter()
for _page in (overview, region, deployments, shipments):
    router.include_router(_page.router)
