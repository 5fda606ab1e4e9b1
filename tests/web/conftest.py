"""Fixtures of the dashboard page tests: an app over a small world database, open (as the
demo runs) or with accounts required and four users (on both databases)."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest
from dashboard_forms import PASSWORD
from dashboard_world import build_world, world_database
from fastapi.testclient import TestClient

from surgeops.services import accounts
from surgeops.services.audit import SYSTEM
from surgeops.web.app import create_app


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    settings, db = world_database(tmp_path / "world.db")
    with TestClient(create_app(settings, db=db)) as test_client:
        yield test_client
    db.dispose()


@pytest.fixture
def secured(db, settings) -> Iterator[TestClient]:  # noqa: ANN001
    """Accounts required, on SQLite and on PostgreSQL (the access rules are the database's
    business as much as the code's); users 'coordinator' (everything), 'officer' (Vietnam's
    Bắc Giang, Vietnamese), 'reporter' (Bắc Giang's general hospital) and 'viewer' (reads only)."""
    with db.session() as session:
        build_world(session)
        accounts.create_user(session, username="coordinator", password=PASSWORD, role="national_coordinator", actor=SYSTEM)
        accounts.create_user(session, username="officer", password=PASSWORD, role="regional_officer", regions=("VN-54",),
                             actor=SYSTEM, language="vi")
        accounts.create_user(session, username="reporter", password=PASSWORD, role="facility_reporter", facilities=("bg-general",),
                             actor=SYSTEM)
        accounts.create_user(session, username="viewer", password=PASSWORD, role="viewer", actor=SYSTEM)
    with TestClient(create_app(settings.replace(auth_required=True), db=db)) as test_client:
        yield test_client
