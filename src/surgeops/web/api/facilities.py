"""/api/facilities"""

from surgeops.services import facilities as service
from surgeops.web.api.crud import crud_router

router = crud_router(service.RESOURCE, path="/api/facilities", tag="facilities")
