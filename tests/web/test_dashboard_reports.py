"""Report review pages (surgeops.web.pages.reports): submit, read with evidence marked,
accept, correct or reject each fact."""

from __future__ import annotations

import re

from dashboard_forms import csrf_of, post_form
from fastapi.testclient import TestClient
from lxml import html

from surgeops.web.pages import reports

TEXT = "Эпидемия коронавируса. В Мангистауской области всего 1766 коек, из них занято 76%. Выздоровели 664 человека."


def submitted(client: TestClient) -> str:
    response = post_form(client, "/reports/new", {"text": TEXT, "published": "2020-07-20", "title": "Mangystau"},
                         follow_redirects=False)
    assert response.status_code == 303, response.text[:300]
    return response.headers["location"]


def fact_forms(page_html: str) -> dict[str, str]:
    """Fact type -> the address its review form posts to."""
    doc = html.fromstring(page_html)
    out = {}
    for card in doc.xpath('//li[contains(@class, "fact")]'):
        form = card.xpath(".//form")
        if form:
            out[card.xpath(".//h3")[0].text_content().split("·")[0].strip()] = form[0].get("action")
    return out


def test_segments_mark_each_span_once() -> None:
    facts = [{"id": 1, "span": [4, 9]}, {"id": 2, "span": [4, 9]}, {"id": 3, "span": [6, 12]}, {"id": 4, "span": [13, 15]}]
    pieces = reports.segments("abcdefghijklmnop", facts)
    assert pieces == [("abcd", []), ("efghi", [1, 2]), ("jklm", []), ("no", [4]), ("p", [])]
    assert "".join(p for p, _ in pieces) == "abcdefghijklmnop"


def test_corrections_keep_the_extracted_types() -> None:
    original = {"count": 1766, "occupancy_pct": 76, "place": "Маңғыстау", "bed_type": "total", "place_code": None}
    changes = reports.corrected("beds", original, {"count": "1800", "occupancy_pct": "76", "place": "Маңғыстау", "place_code": "KZ-47",
                                           "unknown": "x"})
    assert changes == {"count": 1800, "place_code": "KZ-47"}


def test_empty_report_is_refused_next_to_the_field(client: TestClient) -> None:
    response = post_form(client, "/reports/new?lang=vi", {"text": "  ", "title": "x"})
    assert response.status_code == 422
    assert 'id="err-text">Trường này là bắt buộc.' in response.text
    assert 'value="x"' in response.text


def test_report_page_marks_the_evidence_of_each_fact(client: TestClient) -> None:
    page = client.get(submitted(client) + "?lang=en")
    doc = html.fromstring(page.text)
    marks = [m.text_content() for m in doc.xpath("//mark")]
    assert any("1766" in m for m in marks) and any("664" in m for m in marks)
    assert set(fact_forms(page.text)) == {"Beds", "Cases"}
    assert "Mangystau" in client.get("/reports?lang=en").text


def test_accepting_a_fact_applies_it_and_rejecting_does_not(client: TestClient) -> None:
    where = submitted(client)
    forms = fact_forms(client.get(where + "?lang=en").text)
    token = csrf_of(client, where)
    accepted = client.post(forms["Cases"], data={"csrf": token, "version": "1", "decision": "accept"}, follow_redirects=False)
    assert accepted.status_code == 303
    rejected = client.post(forms["Beds"], data={"csrf": token, "version": "1", "decision": "reject"}, follow_redirects=False)
    assert rejected.status_code == 303
    page = client.get(where + "?lang=en").text
    assert re.search(r"Cases <span class=\"status\">· Accepted", page)
    assert re.search(r"Beds <span class=\"status\">· Rejected", page)
    assert fact_forms(page) == {}, "a reviewed fact has no buttons left"
    region = client.get("/regions/KZ-47?lang=en").text
    assert "Jul 20, 2020" in region, "the accepted case figure is on the region page"
    assert "1,766" in region


def test_a_fact_is_reviewed_once(client: TestClient) -> None:
    where = submitted(client)
    forms = fact_forms(client.get(where).text)
    token = csrf_of(client, where)
    client.post(forms["Cases"], data={"csrf": token, "version": "1", "decision": "reject"})
    again = client.post(forms["Cases"] + "?lang=en", data={"csrf": token, "version": "2", "decision": "accept"})
    assert again.status_code == 409
    assert "already rejected" in again.text


def test_correcting_changes_the_applied_figure(client: TestClient) -> None:
    where = submitted(client)
    forms = fact_forms(client.get(where).text)
    response = post_form(client, forms["Cases"], {"version": "1", "decision": "correct", "data.value": "670"}, form_url=where,
                         follow_redirects=False)
    assert response.status_code == 303
    assert "670" in client.get("/regions/KZ-47?lang=en").text
