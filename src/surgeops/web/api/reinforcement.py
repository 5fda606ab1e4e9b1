"""/api/requests, /api/offers, /api/staff: the planner's inputs."""

from fastapi import APIRouter

from surgeops.services import reinforcement as service
from surgeops.web.api.crud import crud_router

router = APIRouter()
router.include_router(crud_router(service.REQUESTS, path="/api/requests", tag="requests"))
router.include_router(crud_router(service.OFFERS, path="/api/offers", tag="offers"))
router.include_router(crud_router(service.STAFF, path="/api/staff", tag="staff"))
