"""`surgeops plan` without a scenario file plans from the database."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from builders import TESTER, make_region
from surgeops.cli.main import build_app
from surgeops.domain.reinforcement import OfferCreate, RequestCreate
from surgeops.services import crud, reinforcement


def test_plan_from_the_database_for_a_country(settings, session) -> None:  # noqa: ANN001
    make_region(session, code="VN", level="country", names={"en": "Vietnam"})
    make_region(session, code="VN-54", level="region", parent="VN", names={"en": "Bac Giang"}, lat=21.27, lon=106.19)
    make_region(session, code="VN-69", level="region", parent="VN", names={"en": "Thai Nguyen"}, lat=21.59, lon=105.85)
    crud.create(session, reinforcement.REQUESTS, RequestCreate(region="VN-54", resource="ambulance", amount=4, priority=3), actor=TESTER)
    crud.create(session, reinforcement.OFFERS, OfferCreate(region="VN-69", resource="ambulance", amount=6, keep=3), actor=TESTER)
    result = CliRunner().invoke(build_app(), ["--database-url", settings.database_url, "plan", "--country", "VN", "--json"])
    assert result.exit_code == 0, result.output
    plan = json.loads(result.output)
    assert plan["moves"] == [{"from": "VN-69", "to": "VN-54", "resource": "ambulance", "amount": 3, "km": plan["moves"][0]["km"]}]
    assert plan["unmet"] == [{"region": "VN-54", "resource": "ambulance", "amount": 1}]
    bad = CliRunner().invoke(build_app(), ["--database-url", settings.database_url, "plan", "--country", "XX"])
    assert bad.exit_code == 2 and "unknown country XX" in bad.output
