"""/api/cases"""

from surgeops.services import cases as service
from surgeops.web.api.crud import crud_router

router = crud_router(service.RESOURCE, path="/api/cases", tag="cases")
