"""/api/beds: bed snapshots per facility and bed type."""

from surgeops.services import capacity as service
from surgeops.web.api.crud import crud_router

router = crud_router(service.RESOURCE, path="/api/beds", tag="beds")
