"""Fixtures of the dashboard page tests: an app over a small world database."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest
from dashboard_world import world_database
from fastapi.testclient import TestClient

from surgeops.web.app import create_app


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    settings, db = world_database(tmp_path / "world.db")
    with TestClient(create_app(settings, db=db)) as test_client:
        yield test_client
    db.dispose()
