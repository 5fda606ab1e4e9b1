"""Signing in to the dashboard when accounts are required: redirects, CSRF, the user's
language kept on their account, and access rules on forms."""

from __future__ import annotations

from dashboard_forms import PASSWORD, csrf_of, post_form
from fastapi.testclient import TestClient
from lxml import html

from surgeops.db.tables import User


def sign_in(client: TestClient, username: str, *, next_url: str = "/") -> None:
    response = post_form(client, "/login", {"username": username, "password": PASSWORD, "next": next_url},
                         form_url="/login", follow_redirects=False)
    assert response.status_code == 303, response.text[:300]
    assert response.headers["location"] == next_url


def test_anonymous_visitor_is_sent_to_sign_in_and_back(secured: TestClient) -> None:
    response = secured.get("/regions/KZ-47?lang=en", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=%2Fregions%2FKZ-47%3Flang%3Den"
    sign_in(secured, "coordinator", next_url="/regions/KZ-47")
    page = secured.get("/regions/KZ-47?lang=en")
    assert page.status_code == 200 and "Signed in as coordinator" in page.text and "1,766" in page.text


def test_wrong_password_is_refused_in_the_users_language(secured: TestClient) -> None:
    response = post_form(secured, "/login?lang=ru", {"username": "coordinator", "password": "nope", "next": "/"})
    assert response.status_code == 401
    assert "Неверное имя пользователя или пароль" in response.text
    assert 'value="coordinator"' in response.text, "the user name typed is kept"


def test_sign_in_does_not_reveal_which_users_exist_and_is_rate_limited(secured: TestClient) -> None:
    wrong = post_form(secured, "/login?lang=en", {"username": "coordinator", "password": "not the password"})
    unknown = post_form(secured, "/login?lang=en", {"username": "nobody-here", "password": "not the password"})
    assert wrong.status_code == unknown.status_code == 401
    message = '//*[@id="error-summary"]'
    assert html.fromstring(wrong.text).xpath(message)[0].text_content() == html.fromstring(unknown.text).xpath(message)[0].text_content()
    codes = [post_form(secured, "/login", {"username": "nobody-here", "password": "x"}).status_code for _ in range(10)]
    assert codes[-1] == 429


def test_forms_without_the_token_are_refused(secured: TestClient) -> None:
    # a sign-in posted by another site's page (login CSRF): its browser names the origin
    assert secured.post("/login", data={"username": "coordinator", "password": PASSWORD},
                        headers={"Origin": "http://testserver:9999"}).status_code == 403
    sign_in(secured, "coordinator")
    response = secured.post("/shipments/new", data={"item": "mask", "quantity": "5", "destination_region": "VN-54",
                                                     "origin_name": "X", "csrf": "forged"})
    assert response.status_code == 403


def test_only_local_addresses_are_followed_after_sign_in(secured: TestClient) -> None:
    response = post_form(secured, "/login", {"username": "coordinator", "password": PASSWORD, "next": "//elsewhere.example/"},
                         form_url="/login", follow_redirects=False)
    assert response.headers["location"] == "/"


def test_the_language_is_kept_on_the_account(secured: TestClient) -> None:
    sign_in(secured, "officer")
    assert secured.get("/").text.startswith("<!doctype html>\n<html lang=\"vi\">")
    secured.cookies.clear()
    sign_in(secured, "officer")
    secured.get("/?lang=kk")
    with secured.app.state.db.session() as session:
        assert session.query(User).filter_by(username="officer").one().language == "kk"
    secured.cookies.delete("lang")
    assert '<html lang="kk">' in secured.get("/deployments").text


def test_access_rules_apply_to_forms(secured: TestClient) -> None:
    sign_in(secured, "officer")
    outside = post_form(secured, "/shipments/new?lang=en", {"item": "mask", "quantity": "5", "destination_region": "KZ-47",
                                                            "origin_name": "Hanoi"})
    assert outside.status_code == 403
    assert "may not change shipment records of KZ-47" in outside.text
    inside = post_form(secured, "/shipments/new", {"item": "mask", "quantity": "5", "destination_region": "VN-54",
                                                   "origin_name": "Hanoi"}, follow_redirects=False)
    assert inside.status_code == 303


def test_sign_out_ends_the_session(secured: TestClient) -> None:
    sign_in(secured, "coordinator")
    token = csrf_of(secured, "/")
    response = secured.post("/logout", data={"csrf": token}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/login"
    assert secured.get("/", follow_redirects=False).status_code == 303
