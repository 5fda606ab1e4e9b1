"""/api/shipments"""

from surgeops.services import supplies as service
from surgeops.web.api.crud import crud_router

router = crud_router(service.RESOURCE, path="/api/shipments", tag="shipments")
