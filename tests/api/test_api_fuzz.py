"""Property-based fuzzing of the whole HTTP API from its OpenAPI schema (schemathesis):
no input may cause a server error or a response that breaks the schema."""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import response_schema_conformance
from schemathesis.checks import not_a_server_error

from builders import make_beds, make_facility, mangystau
from surgeops.config import load_settings
from surgeops.db.engine import Database
from surgeops.db.migrate import upgrade
from surgeops.web.app import create_app

EXAMPLES = 12


@pytest.fixture
def api_schema(tmp_path: Path):  # noqa: ANN201
    db = Database.connect(f"sqlite:///{tmp_path / 'fuzz.db'}")
    upgrade(db)
    with db.session() as session:
        mangystau(session)
        make_facility(session, key="aktau", region="KZ-47-AKT")
        make_beds(session, facility="aktau")
    app = create_app(load_settings({"database_url": str(db.engine.url), "auth_required": False}, environ={}), db=db)
    yield schemathesis.openapi.from_asgi("/openapi.json", app)
    db.dispose()


def test_no_server_errors_and_responses_match_the_schema(api_schema) -> None:  # noqa: ANN001
    """Every operation, a bounded number of generated requests each (the plugin-free way,
    so that a failure names the operation and the request)."""
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) > 20

    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def check(case) -> None:  # noqa: ANN001
            case.call_and_validate(checks=[not_a_server_error, response_schema_conformance])

        check()
