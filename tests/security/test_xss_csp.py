"""Issue 18 item 1, stored XSS: a report's `source_url` is rendered as a link, so only
http(s) addresses are stored (API, dashboard form, service), an address stored before the
rule is shown as text, not a link, and every HTML answer carries a strict content security
policy under which no inline script or `javascript:` URL runs."""

from __future__ import annotations

from pathlib import Path

import pytest
from security_client import csrf_of
from fastapi.testclient import TestClient
from lxml import html
from sqlalchemy import func, select

from surgeops.db.tables import Report
from surgeops.domain.errors import InvalidField
from surgeops.services import reports
from surgeops.services.audit import Actor

TEMPLATES = Path(reports.__file__).resolve().parents[1] / "web" / "templates"
TEXT = "В Мангистауской области всего 1766 коек, из них занято 76%."
HOSTILE = ["javascript:alert(document.cookie)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
           "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "vbscript:msgbox(1)", "//evil.example/x",
           "http:alert(1)", "https:///evil", "http://exa mple.org/"]


def _policy(response) -> dict[str, str]:  # noqa: ANN001
    directives = (d.strip().split(None, 1) for d in response.headers["content-security-policy"].split(";") if d.strip())
    return {d[0]: d[1] if len(d) > 1 else "" for d in directives}


@pytest.mark.parametrize("url", HOSTILE)
def test_hostile_source_urls_are_refused_by_the_api(client: TestClient, session, url: str) -> None:  # noqa: ANN001
    response = client.post("/api/reports", json={"text": TEXT, "source_url": url})
    assert response.status_code == 422, response.text
    assert "source_url" in response.text
    assert session.scalar(select(func.count()).select_from(Report)) == 0


def test_web_addresses_are_kept(client: TestClient) -> None:
    response = client.post("/api/reports", json={"text": TEXT, "source_url": "https://www.gov.kz/news/1766?x=1#a"})
    assert response.status_code in (200, 201), response.text
    assert response.json()["source_url"] == "https://www.gov.kz/news/1766?x=1#a"


def test_the_dashboard_form_refuses_a_javascript_source(client: TestClient, session) -> None:  # noqa: ANN001
    response = client.post("/reports/new", data={"text": TEXT, "source_url": "javascript:alert(1)", "csrf": csrf_of(client, "/reports/new")},
                           follow_redirects=False)
    assert response.status_code == 422, response.text[:300]
    assert session.scalar(select(func.count()).select_from(Report)) == 0


def test_the_service_refuses_it_for_every_caller(session) -> None:  # noqa: ANN001
    """The CLI's `ingest --source-url` reaches the service without a pydantic schema."""
    with pytest.raises(InvalidField) as refused:
        reports.submit(session, raw=TEXT, actor=Actor("cli"), source_url="javascript:alert(1)")
    assert refused.value.field == "source_url"


def test_an_address_stored_before_the_rule_is_not_a_link(client: TestClient, session) -> None:  # noqa: ANN001
    row = Report(digest="x" * 64, title="old", source_url="javascript:fetch('/api/capacity',{method:'POST'})", raw=TEXT, text=TEXT)
    session.add(row)
    session.commit()
    page = client.get(f"/reports/{row.id}")
    assert page.status_code == 200
    doc = html.fromstring(page.text)
    assert not [a for a in doc.xpath("//a[@href]") if not a.get("href").startswith(("/", "?", "#", "http://", "https://"))]
    assert "href=\"javascript" not in page.text.lower()


@pytest.mark.parametrize("url", ["/", "/reports", "/reports/new", "/planner", "/api/health", "/api/regions", "/no-such-page"])
def test_every_answer_has_the_strict_policy(client: TestClient, url: str) -> None:
    policy = _policy(client.get(url))
    assert policy["script-src"] == "'self'"
    assert policy["default-src"] == "'self'" and policy["object-src"] == "'none'" and policy["base-uri"] == "'none'"
    assert policy["form-action"] == "'self'" and policy["frame-ancestors"] == "'none'"
    assert not any("unsafe" in value or "data:" in value for value in policy.values())


def test_the_api_docs_keep_working_under_their_own_policy(client: TestClient) -> None:
    """FastAPI's /docs loads Swagger UI from a CDN and starts it with an inline script: the
    relaxed policy is scoped to the docs pages, which show no stored data."""
    from surgeops.web import headers

    page = client.get("/docs")
    assert page.status_code == 200
    policy = _policy(page)
    assert "https://cdn.jsdelivr.net" in policy["script-src"] and policy["frame-ancestors"] == "'none'"
    assert headers.headers_for("/docs/") == headers.HEADERS and headers.headers_for("/reports/1") == headers.HEADERS


def test_the_situation_report_runs_no_script(client: TestClient) -> None:
    policy = _policy(client.get("/api/sitrep?region=KZ&date=2020-07-10"))
    assert policy["default-src"] == "'none'" and "script-src" not in policy and policy["img-src"] == "data:"


def test_no_template_holds_inline_script_handlers_or_styles() -> None:
    """Under `script-src 'self'` an inline script or an onclick= would not run: none may be needed."""
    for path in TEMPLATES.rglob("*.html"):
        doc = html.fromstring(path.read_text(encoding="utf-8").replace("{%", "<!--").replace("%}", "-->"))
        for script in doc.xpath("//script"):
            assert script.get("src") and not (script.text or "").strip(), f"inline script in {path.name}"
        for element in doc.iter():
            if isinstance(element.tag, str):
                assert not [a for a in element.attrib if a.lower().startswith("on") or a.lower() == "style"], path.name


def test_pages_escape_what_users_wrote(client: TestClient) -> None:
    title = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    report = client.post("/api/reports", json={"text": TEXT, "title": title}).json()
    page = client.get(f"/reports/{report['id']}").text
    assert title not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_web_url_rule() -> None:
    from surgeops.domain.base import is_web_url

    assert is_web_url("http://a.example") and is_web_url("HTTPS://a.example/x%20y")
    assert not any(is_web_url(u) for u in HOSTILE)
    assert not is_web_url(None) and not is_web_url("") and not is_web_url("https://a.example/\n")
