"""A story test per seed report: the report goes in as a reviewer receives it, its facts
are reviewed (corrected, rejected, accepted) through the API, and afterwards every
capability that reads those records shows what the report says, dated as it is."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Optional

import pytest

from builders import demo_registry

DOCS = Path(__file__).resolve().parents[3].parent / "shared" / "fixtures" / "reports" / "docs"


def seed_text(number: str) -> str:
    return next(DOCS.glob(f"{number}_*.txt")).read_text(encoding="utf-8")


class Story:
    """One report's way through the review queue, by API calls a reviewer's page makes."""

    def __init__(self, client: Any, number: str, published: str) -> None:
        self.client = client
        response = client.post("/api/reports", json={"text": seed_text(number), "published": published})
        assert response.status_code == 201, response.text
        self.report = response.json()
        assert self.report["published"] == published
        self.facts = self.report["facts"]

    def fact(self, kind: str, **where: Any) -> dict[str, Any]:
        found = [f for f in self.facts if f["type"] == kind and all(f["data"].get(k) == v for k, v in where.items())]
        assert len(found) == 1, (kind, where, [f["data"] for f in self.facts])
        return found[0]

    def review(self, fact: dict[str, Any], decision: str, data: Optional[dict[str, Any]] = None) -> dict[str, Any]:
        body: dict[str, Any] = {"decision": decision}
        if data is not None:
            body["data"] = data
        response = self.client.post(f"/api/facts/{fact['id']}/review", json=body)
        assert response.status_code == 200, response.text
        reviewed = response.json()
        assert reviewed["status"] == {"accept": "accepted", "correct": "corrected", "reject": "rejected"}[decision]
        return reviewed

    def accept_rest(self, where: Callable[[dict[str, Any]], bool] = lambda f: True) -> None:
        pending = [f for f in self.client.get(f"/api/reports/{self.report['id']}").json()["facts"] if f["status"] == "pending"]
        for fact in pending:
            if where(fact):
                self.review(fact, "accept")


@pytest.fixture
def registry(session):  # noqa: ANN001, ANN201
    demo_registry(session)
    return session
