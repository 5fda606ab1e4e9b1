"""/api/conversions"""

from surgeops.services import conversions as service
from surgeops.web.api.crud import crud_router

router = crud_router(service.RESOURCE, path="/api/conversions", tag="conversions")
