"""The pipeline against the public fixtures and the project's own multilingual reports."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from surgeops.ingest import extract_file, extract_text

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
REPORTS = REPO / "tests" / "data" / "ingest" / "reports"
FIXTURES = REPO.parent / "shared" / "fixtures" / "reports"
sys.path.insert(0, str(HERE))
from report_matcher import match, places_match, spec_set  # noqa: E402


def _score(pairs_by_doc):
    tp = gold = pred = 0
    place_ok, spec_ok, date_ok = [], [], []
    for g_facts, p_facts in pairs_by_doc:
        n, pairs, _missed, _spurious = match(g_facts, p_facts)
        tp, gold, pred = tp + n, gold + len(g_facts), pred + len(p_facts)
        for g, p in pairs:
            place_ok += [places_match(g[f], p.get(f)) for f in ("origin", "destination", "place") if g.get(f)]
            if g["type"] == "deployment":
                spec_ok.append(spec_set(g.get("specialties")) == spec_set(p.get("specialties")))
                if g.get("date"):
                    date_ok.append(g["date"] == p.get("date"))
    precision = tp / pred if pred else 1.0
    recall = tp / gold if gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    acc = lambda xs: sum(xs) / len(xs) if xs else 1.0  # noqa: E731
    return f1, acc(place_ok), acc(spec_ok), acc(date_ok)


def _run(folder: Path, suffix: str):
    out = []
    for gold_file in sorted((folder / "gold" if suffix == "fixture" else folder).glob("*.json")):
        text_file = (folder / "docs" / f"{gold_file.stem}.txt") if suffix == "fixture" else gold_file.with_suffix(".txt")
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        result = extract_file(text_file)
        assert result["lang"] == gold["lang"], text_file.name
        out.append((gold["facts"], result["facts"]))
    return out


def test_own_reports_in_four_languages_score_high():
    runs = _run(REPORTS, "own")
    assert len(runs) >= 12
    f1, place, spec, date = _score(runs)
    assert f1 >= 0.9 and place >= 0.9 and spec >= 0.8 and date >= 0.9, (f1, place, spec, date)


def test_reports_without_facts_yield_none():
    for name in ("en_none", "ru_none", "vi_none", "kk_none", "en_none_court", "ru_none_tourists"):
        assert extract_file(REPORTS / f"{name}.txt")["facts"] == []


@pytest.mark.skipif(not FIXTURES.is_dir(), reason=f"public fixtures not found at {FIXTURES}")
def test_public_fixtures_match_gold():
    f1, place, spec, date = _score(_run(FIXTURES, "fixture"))
    assert f1 >= 0.95 and place >= 0.9 and spec >= 0.9 and date >= 0.9, (f1, place, spec, date)


def test_every_fact_carries_evidence_and_span_into_the_text():
    text = (REPORTS / "vi_supply_words.txt").read_text(encoding="utf-8")
    result = extract_text(text, doc="x")
    assert result["facts"]
    for fact in result["facts"]:
        start, end = fact["span"]
        assert text[start:end] == fact["evidence"]


def test_overrides_of_language_and_publication_date():
    import datetime as dt

    result = extract_text("Сегодня в Актау прибыла бригада из 12 врачей.", doc="d", lang="ru",
                          published=dt.date(2020, 7, 1))
    (fact,) = result["facts"]
    assert (fact["team_size"], fact["date"], fact["destination_code"]) == (12, "2020-07-01", "KZ-47")
    with pytest.raises(ValueError):
        extract_text("text", doc="d", lang="de")


_PIECES = list("абвгдежзиклмнопрстуәғқңөұүһі đăâêôơư abcdefgxyz0123456789 .,%–-:/\n") + [
    "бригада ", "врачей ", "đoàn ", "bác sĩ ", "коек ", "giường ", "адам ", "Алматы ", "Bắc Giang ", "hai ",
    "25.500 ", "1 766 ", "сегодня ", "COVID-19 ", "тәулік ", "<p>", "</div>"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=120).map("".join))
def test_any_text_extracts_without_error_and_spans_stay_inside(text):
    from surgeops.ingest import plain_text

    plain = plain_text(text, html=False)
    for fact in extract_text(text, doc="fuzz", html=False)["facts"]:
        start, end = fact["span"]
        assert 0 <= start < end <= len(plain) and plain[start:end] == fact["evidence"]
