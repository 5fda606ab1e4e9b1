"""Fixtures of the API tests with accounts required."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from builders import two_countries
from surgeops.web.app import create_app


@pytest.fixture
def secured(db, settings):  # noqa: ANN001, ANN201
    """The API with accounts required: every request needs a token."""
    with TestClient(create_app(settings.replace(auth_required=True), db=db)) as client:
        yield client


@pytest.fixture
def world(session):  # noqa: ANN001, ANN201
    """Mangystau (facility aktau) and Bac Giang (facility bg-field), for scoped accounts."""
    return two_countries(session)
