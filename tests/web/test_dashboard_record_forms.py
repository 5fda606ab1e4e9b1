"""Deployment and shipment pages: lists, and forms that validate like the API, show each
error next to its field and keep what the user typed."""

from __future__ import annotations

import re

import pytest
from dashboard_forms import post_form
from fastapi.testclient import TestClient
from lxml import html


def errors(response) -> dict[str, str]:  # noqa: ANN001
    doc = html.fromstring(response.text)
    return {p.get("id").removeprefix("err-"): p.text_content() for p in doc.xpath('//p[@class="error"]')}


def value_of(response, name: str) -> str:  # noqa: ANN001
    doc = html.fromstring(response.text)
    control = doc.xpath(f'//*[@name="{name}"]')[0]
    if control.tag == "select":
        chosen = control.xpath("option[@selected]")
        return chosen[0].get("value") if chosen else ""
    return control.text_content() if control.tag == "textarea" else control.get("value")


def test_deployment_list_shows_origin_stays_composition_and_subgroups(client: TestClient) -> None:
    body = client.get("/deployments?lang=en").text
    assert "Moscow health department" in body and "Mangystau Region" in body
    assert "Epidemiologist: 4" in body and "Group 1" in body and "open-ended" in body
    assert "No deployment." in client.get("/deployments?status=ended&lang=en").text
    timeline = html.fromstring(client.get("/deployments?lang=en").text).xpath("//figure[@class='timeline']//a")
    assert [a.get("href") for a in timeline] == ["/deployments/1/edit"]


def test_bad_deployment_shows_errors_by_field_and_keeps_input(client: TestClient) -> None:
    response = post_form(client, "/deployments/new?lang=en", data={
        "origin.kind": "region", "origin.name": "Thai Nguyen", "lead": "Dr Lan", "team_size": "fifty",
        "destinations.0.region": "VN-54", "destinations.0.start": "2021-05-20", "destinations.0.end": "2021-05-01",
        "composition.nurse": "3",
    })
    assert response.status_code == 422
    found = errors(response)
    assert found["team_size"] == "Enter a whole number."
    assert found["destinations-0-end"] == "2021-05-01 is before start 2021-05-20"
    assert value_of(response, "lead") == "Dr Lan" and value_of(response, "team_size") == "fifty"
    assert value_of(response, "destinations.0.region") == "VN-54"
    assert value_of(response, "composition.nurse") == "3"
    assert 'aria-describedby="err-team_size"' in response.text


def test_form_errors_in_the_users_language(client: TestClient) -> None:
    response = post_form(client, "/deployments/new?lang=ru", data={"origin.kind": "region", "origin.name": "X", "team_size": "x",
                                                              "destinations.0.region": "VN-54"})
    assert errors(response)["team_size"] == "Введите целое число."
    assert "Исправьте отмеченные поля." in response.text


def test_a_deployment_needs_a_stay(client: TestClient) -> None:
    response = post_form(client, "/deployments/new?lang=en", data={"origin.kind": "organisation", "origin.name": "Bach Mai"})
    assert errors(response)["destinations"] == "This field is required."


def test_deployment_is_created_through_the_service(client: TestClient) -> None:
    response = post_form(client, "/deployments/new", data={
        "origin.kind": "facility", "origin.name": "Bach Mai Hospital", "basis.kind": "decree", "basis.number": "5500/QĐ-BYT",
        "team_size": "13", "destinations.0.region": "VN-54", "destinations.0.start": "2021-08-01",
        "composition.physician": "10", "composition.nurse": "3", "source_facilities": "bg-general",
    }, follow_redirects=False)
    assert response.status_code == 303
    new_id = int(re.search(r"saved=(\d+)", response.headers["location"]).group(1))
    stored = client.get(f"/api/deployments/{new_id}").json()
    assert stored["composition"] == {"physician": 10, "nurse": 3}
    assert stored["destination_region"] == "VN-54" and stored["basis"]["number"] == "5500/QĐ-BYT"
    assert stored["source_facilities"] == ["bg-general"]


def test_unknown_reference_comes_back_from_the_service_onto_its_field(client: TestClient) -> None:
    response = post_form(client, "/deployments/new?lang=en", data={
        "origin.kind": "organisation", "origin.name": "X", "destinations.0.region": "VN-54",
        "subgroups.0.name": "A", "subgroups.0.task": "triage", "subgroups.0.facility": "nowhere",
    })
    assert response.status_code == 422
    assert errors(response)["subgroups-0-facility"] == "unknown facility nowhere"


def test_edit_deployment_checks_team_size_against_composition(client: TestClient) -> None:
    form = client.get("/deployments/1/edit?lang=en")
    assert value_of(form, "composition.infectious_disease") == "5" and value_of(form, "version") == "1"
    response = post_form(client, "/deployments/1/edit?lang=en", data={
        "version": "1", "status": "extended", "team_size": "2", "composition.nurse": "3", "destinations.0.region": "KZ-47"})
    assert errors(response)["composition"] == "3 people by specialty exceed team_size 2"
    ok = post_form(client, "/deployments/1/edit", data={"version": "1", "status": "extended", "team_size": "23",
                                                  "destinations.0.region": "KZ-47", "destinations.0.start": "2020-07-12",
                                                  "extensions.0.date": "2020-07-20"}, follow_redirects=False)
    assert ok.status_code == 303
    stored = client.get("/api/deployments/1").json()
    assert stored["status"] == "extended" and stored["version"] == 2 and stored["lead"] is None


def test_stale_edit_is_refused(client: TestClient) -> None:
    data = {"version": "1", "status": "ended", "destinations.0.region": "KZ-47"}
    assert post_form(client, "/deployments/1/edit", data=data, follow_redirects=False).status_code == 303
    again = post_form(client, "/deployments/1/edit?lang=en", data=data)
    assert again.status_code == 409
    assert "Someone changed this record" in again.text


def test_shipments_list_and_bad_quantity(client: TestClient) -> None:
    listing = client.get("/shipments?lang=en").text
    assert "Masks" in listing and "25,500" in listing and "Thai Nguyen" in listing
    response = post_form(client, "/shipments/new?lang=en", data={"item": "mask", "quantity": "0", "destination_region": "VN-54",
                                                           "origin_name": "Thai Nguyen", "note": "by road"})
    assert response.status_code == 422
    assert errors(response) == {"quantity": "Must be more than 0."}
    assert value_of(response, "origin_name") == "Thai Nguyen" and value_of(response, "note") == "by road"
    assert value_of(response, "item") == "mask"


def test_shipment_needs_an_origin_and_is_saved_once_complete(client: TestClient) -> None:
    missing = post_form(client, "/shipments/new?lang=en", data={"item": "ambulance", "quantity": "2", "destination_region": "VN-54"})
    assert errors(missing) == {"origin_region": "give the origin's region code or its name"}
    saved = post_form(client, "/shipments/new", data={"item": "ambulance", "quantity": "2", "destination_region": "VN-54",
                                                "origin_region": "VN-69"}, follow_redirects=False)
    assert saved.status_code == 303
    assert client.get("/api/shipments?item=ambulance").json()["total"] == 1


def test_edit_shipment_delivery_dates(client: TestClient) -> None:
    response = post_form(client, "/shipments/1/edit?lang=en", data={"version": "1", "quantity": "25500", "status": "delivered",
                                                             "shipped": "2020-05-20", "delivered": "2020-05-21",
                                                             "note": "second batch"}, follow_redirects=False)
    assert response.status_code == 303
    assert client.get("/api/shipments/1").json()["note"] == "second batch"
    assert client.get("/shipments/999/edit").status_code == 404


def form_fields(page_html: str) -> dict[str, str]:
    """The values a browser would send for the page's record form, unchanged."""
    form = [f for f in html.fromstring(page_html).xpath('//form[@method="post"]') if f.get("action") != "/logout"][0]
    data = {}
    for control in form.xpath(".//input | .//select | .//textarea"):
        if control.tag == "select":
            chosen = control.xpath("option[@selected]")
            data[control.get("name")] = chosen[0].get("value") if chosen else ""
        elif control.tag == "textarea":
            data[control.get("name")] = control.text or ""
        else:
            data[control.get("name")] = control.get("value") or ""
    return data


@pytest.mark.parametrize("kind", ["deployments", "shipments"])
def test_saving_an_unchanged_edit_form_keeps_the_record_as_it_was(client: TestClient, kind: str) -> None:
    skip = {"version", "updated_at", "created_at"}
    before = {k: v for k, v in client.get(f"/api/{kind}/1").json().items() if k not in skip}
    page = client.get(f"/{kind}/1/edit")
    assert client.post(f"/{kind}/1/edit", data=form_fields(page.text), follow_redirects=False).status_code == 303
    after = client.get(f"/api/{kind}/1").json()
    assert {k: v for k, v in after.items() if k not in skip} == before
    assert after["version"] == 1, "nothing changed, so nothing was written"
