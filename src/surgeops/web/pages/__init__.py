"""The dashboard: server-rendered pages in ru, kk, vi and en (one module per page).

Every page but the sign-in page goes through `guard.require_page_user`, which sends an
anonymous visitor to `/login` when accounts are required."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Depends

from surgeops.web.pages import account, deployments, guard, overview, planner, region, reports, shipments

STATIC = Path(__file__).parent.parent / "static"

router = APIRouter()
router.include_router(account.router)
for _page in (overview, region, deployments, shipments, reports, planner):
    router.include_router(_page.router, dependencies=[Depends(guard.require_page_user)])
