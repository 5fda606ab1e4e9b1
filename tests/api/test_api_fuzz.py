"""Property-based fuzzing of the whole HTTP API from its OpenAPI schema (schemathesis):
no input may cause a server error, a status the schema does not document, or a response
that breaks the schema. Run on SQLite and PostgreSQL, once open (as the demo runs) and
once with accounts required and a regional officer's token, so that the refusals (401,
403) are fuzzed as well as the answers."""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from builders import make_beds, make_facility, mangystau
from surgeops.services import accounts
from surgeops.services.audit import Actor
from surgeops.web.app import create_app

# Generated requests per operation; set SURGEOPS_FUZZ_EXAMPLES for a longer run.
EXAMPLES = int(os.environ.get("SURGEOPS_FUZZ_EXAMPLES", "10"))


@pytest.mark.parametrize("caller", ["open", "officer"])
def test_no_server_errors_and_responses_match_the_schema(db, settings, session, caller: str) -> None:  # noqa: ANN001
    """Every operation, a bounded number of generated requests each (the plugin-free way,
    so that a failure names the operation and the request)."""
    mangystau(session)
    make_facility(session, key="aktau", region="KZ-47-AKT")
    make_beds(session, facility="aktau")
    headers = {}
    if caller == "officer":
        settings = settings.replace(auth_required=True)
        accounts.create_user(session, username="officer", password="correct horse battery", role="regional_officer",
                             regions=("KZ-47-AKT",), actor=Actor("test"))
        token = accounts.create_token(session, "officer", name="fuzz", days=1, actor=Actor("test")).token
        headers = {"Authorization": f"Bearer {token}"}
    api_schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(settings, db=db))
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) > 20
    statuses: set[int] = set()
    sent = [0]

    for operation in operations:
        @given(case=operation.as_strategy())
        @hypothesis_settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                             suppress_health_check=list(HealthCheck))
        def check(case) -> None:  # noqa: ANN001
            response = case.call_and_validate(headers=headers,
                                              checks=[not_a_server_error, status_code_conformance, response_schema_conformance])
            statuses.add(response.status_code)
            sent[0] += 1

        check()
    print(f"fuzzed {caller} on {db.dialect}: {sent[0]} requests over {len(operations)} operations")
    # the fuzzing reached past validation: answers, and (for the officer) refusals
    assert {200, 201, 404, 422} <= statuses
    if caller == "officer":
        assert 403 in statuses
