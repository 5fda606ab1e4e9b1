"""/api/activities"""

from surgeops.services import activities as service
from surgeops.web.api.crud import crud_router

router = crud_router(service.RESOURCE, path="/api/activities", tag="activities")
