"""HTML pages give the same facts as their plain text: menus, tickers, comments and related links ignored."""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from surgeops.ingest import extract_text
from surgeops.ingest.htmltext import looks_like_html

REPO = Path(__file__).resolve().parents[3]
TEMPLATE = REPO / "tests" / "data" / "ingest" / "html" / "news_page_template.html"
REPORTS = REPO / "tests" / "data" / "ingest" / "reports"
FIXTURES = REPO.parent / "shared" / "fixtures" / "reports" / "docs"


def _page(text: str) -> str:
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    paragraphs = "\n".join(f"<p>{html.escape(ln)}</p>" for ln in lines[1:])
    return TEMPLATE.read_text(encoding="utf-8").replace("{title}", html.escape(lines[0])).replace("{paragraphs}", paragraphs)


def _keys(result: dict) -> list[tuple]:
    return sorted((f["type"], f.get("team_size"), f.get("item"), f.get("quantity"), f.get("bed_type"),
                   f.get("count"), f.get("metric"), f.get("value"), f.get("destination_code")) for f in result["facts"])


@pytest.mark.parametrize("name", ["vi_team_hcm", "vi_supply_words", "vi_beds_cases"])
def test_html_page_gives_the_facts_of_its_text(name):
    text = (REPORTS / f"{name}.txt").read_text(encoding="utf-8")
    page = _page(text)
    assert looks_like_html(page) and not looks_like_html(text)
    from_html = extract_text(page, doc=name)
    assert from_html["facts"], "the article's own facts must survive"
    assert _keys(from_html) == _keys(extract_text(text, doc=name))
    assert from_html["published"] == "2021-07-20"  # from the page metadata


@pytest.mark.skipif(not (FIXTURES / "003_c4f6c78e1bfc0f64.txt").is_file(), reason=f"public fixtures not found at {FIXTURES}")
def test_fixture_wrapped_in_a_news_page():
    text = (FIXTURES / "003_c4f6c78e1bfc0f64.txt").read_text(encoding="utf-8")
    assert _keys(extract_text(_page(text), doc="003")) == _keys(extract_text(text, doc="003"))


def test_spans_point_into_the_extracted_plain_text():
    from surgeops.ingest import plain_text

    page = _page((REPORTS / "vi_team_hcm.txt").read_text(encoding="utf-8"))
    plain = plain_text(page)
    for fact in extract_text(page, doc="x")["facts"]:
        assert plain[fact["span"][0]:fact["span"][1]] == fact["evidence"]
