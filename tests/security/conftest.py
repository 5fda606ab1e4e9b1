"""Fixtures of the security suite (issue 18): apps with accounts required over both
databases, a signed-in dashboard browser, and helpers that act as an attacker would."""

from __future__ import annotations

from typing import Iterator

import pytest
from fastapi.testclient import TestClient
from security_client import PASSWORD

from surgeops.services import accounts
from surgeops.services.audit import SYSTEM
from surgeops.web.app import create_app


@pytest.fixture
def secured(db, settings) -> Iterator[TestClient]:  # noqa: ANN001
    """The API and dashboard with accounts required, and an admin called 'admin'; a server error is
    answered as the 500 a browser would get, not raised."""
    with db.session() as session:
        accounts.create_user(session, username="admin", password=PASSWORD, role="admin", actor=SYSTEM)
    with TestClient(create_app(settings.replace(auth_required=True), db=db), raise_server_exceptions=False) as client:
        yield client


@pytest.fixture
def raw_client(db, settings) -> Iterator[TestClient]:  # noqa: ANN001
    """The API and dashboard without accounts (as `surgeops demo` serves them); a server
    error is answered as the 500 a client would get, not raised."""
    with TestClient(create_app(settings, db=db), raise_server_exceptions=False) as client:
        yield client
