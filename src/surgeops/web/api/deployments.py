"""/api/deployments"""

from surgeops.services import deployments as service
from surgeops.web.api.crud import crud_router

router = crud_router(service.RESOURCE, path="/api/deployments", tag="deployments")
