"""Form payloads and errors (surgeops.web.pages.forms)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from surgeops.domain.deployments import DeploymentCreate
from surgeops.domain.errors import InvalidField
from surgeops.domain.supplies import ShipmentCreate
from surgeops.web.pages import forms


def identity(text: str) -> str:
    return text


def test_nest_builds_lists_and_drops_blank_rows() -> None:
    data = forms.nest([("destinations.0.region", " "), ("destinations.1.region", "KZ-47"),
                       ("destinations.1.start", "2020-07-12"), ("origin.name", "Moscow"), ("lead", ""), ("version", "3")])
    assert data == {"destinations": [{"region": "KZ-47", "start": "2020-07-12"}], "origin": {"name": "Moscow"}}


def test_flatten_inverts_nest() -> None:
    data = {"destinations": [{"region": "KZ-47", "start": "2020-07-12"}], "composition": {"nurse": 3}, "note": None,
            "source_facilities": ["a", "b"]}
    flat = forms.flatten(data)
    assert flat == {"destinations.0.region": "KZ-47", "destinations.0.start": "2020-07-12", "composition.nurse": "3",
                    "source_facilities": "a, b"}


def test_field_errors_are_keyed_by_form_names_and_translated() -> None:
    data = forms.nest([("origin.kind", "region"), ("origin.name", "X"), ("team_size", "many"),
                       ("destinations.0.region", "KZ-47"), ("destinations.0.start", "2020-07-12"),
                       ("destinations.0.end", "2020-07-01")])
    with pytest.raises(ValidationError) as caught:
        DeploymentCreate.model_validate(data)
    fields = {"team_size", "destinations", "destinations.0.region", "destinations.0.end"}
    errors = forms.errors_of(caught.value, fields, lambda text: f"<{text}>")
    assert errors["team_size"] == "<Enter a whole number.>"
    assert errors["destinations.0.end"] == "2020-07-01 is before start 2020-07-12"


def test_model_wide_check_names_its_field() -> None:
    with pytest.raises(ValidationError) as caught:
        ShipmentCreate.model_validate({"destination_region": "VN-54", "item": "mask", "quantity": 3})
    errors = forms.errors_of(caught.value, {"origin_region", "quantity"}, identity)
    assert errors == {"origin_region": "give the origin's region code or its name"}


def test_service_errors_find_their_field_or_go_on_top() -> None:
    assert forms.errors_of(InvalidField("destinations.0.region", "unknown region XX"), {"destinations.0.region"}, identity) \
        == {"destinations.0.region": "unknown region XX"}
    assert forms.errors_of(InvalidField("composition", "composition: 3 exceed 2"), {"composition"}, identity) \
        == {"composition": "3 exceed 2"}
    assert forms.errors_of(InvalidField("elsewhere", "odd"), {"lead"}, identity) == {forms.GENERAL: "elsewhere: odd"}
