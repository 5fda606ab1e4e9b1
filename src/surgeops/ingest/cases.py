"""Case facts: counts of confirmed, asymptomatic, recovered, in treatment, deaths, hospitalised.

A case count is a number with a person/case word right after it ("1672 адам", "5 ca",
"1,200 new cases") or a metric word right before it ("выздоровевших – 664"). Its metric is
the nearest metric cue in the same clause; "daily" cues anywhere in the sentence turn
hospitalisations into daily admissions, new cases into daily new, pneumonia complaints
into daily pneumonia complaints.
"""

from __future__ import annotations

import re

from surgeops.ingest.beds import _clause_bounds
from surgeops.ingest.document import Doc, fact_place_fields, tokens_between

_PRIORITY = ("asymptomatic", "deaths", "recovered", "in_treatment", "hospitalized", "complaints", "confirmed")


def extract_cases(doc: Doc) -> list[dict]:
    """Case facts of a document, one per (metric, value)."""
    facts, seen = [], set()
    if not any(doc.numbers(i) and doc.has("metric", i) for i in range(len(doc.sentences))) or not doc.is_epidemic():
        return facts
    for i, sent in enumerate(doc.sentences):
        metrics = doc.cues("metric", i) if doc.numbers(i) else []
        if not metrics:
            continue
        for num in doc.numbers(i):
            if num.percent or num.value != int(num.value) or (i, num.start) in doc.claimed:
                continue
            if not _is_count(doc, i, num, metrics):
                continue
            metric = _metric(doc, i, num, metrics)
            if metric is None or (metric, num.value) in seen:
                continue
            seen.add((metric, num.value))
            place = doc.sentence_place(i) or doc.main_place()
            facts.append({"type": "cases", **fact_place_fields("place", place), "metric": metric,
                          "value": int(num.value), "evidence": sent.text, "span": [sent.start, sent.end]})
    return _without_rounded_headline(doc, facts)


def _without_rounded_headline(doc: Doc, facts: list[dict]) -> list[dict]:
    """Drop a headline figure the body states exactly ("2 мыңнан асты" over "2 045 адам")."""
    head_end = doc.sentences[0].end if doc.sentences else 0
    body = [f for f in facts if f["span"][0] >= head_end]
    return [f for f in facts if f["span"][0] >= head_end or not any(
        b["metric"] == f["metric"] and b["value"] != f["value"] and abs(b["value"] - f["value"]) <= 0.1 * b["value"]
        for b in body)]


_TIME_UNIT = re.compile(
    r"\s*(?:дн\w*|день|сут\w*|недел\w*|месяц\w*|год\w*|лет|час\w*|апта\w*|күн\w*|ай\w*|жыл\w*|сағат\w*|"
    r"ngày|tuần|tháng|năm|giờ|days?|weeks?|months?|years?|hours?)(?!\w)", re.I)


def _is_count(doc: Doc, i: int, num, metrics) -> bool:
    """A number of people or cases: a person/case word after it, or a metric word next to
    it; never a span of time ("екі апта", "14 дней")."""
    text = doc.sentences[i].text
    if _TIME_UNIT.match(text, num.end):
        return False
    for cue in doc.cues("case_unit", i):
        if cue.start >= num.end and len(tokens_between(text, num.end, cue.start)) <= 2:
            return True
    for cue in metrics:
        if cue.start >= num.end and len(tokens_between(text, num.end, cue.start)) <= 3:
            return True
    return any(c.end <= num.start and len(tokens_between(text, c.end, num.start)) <= 4 for c in metrics)


def _daily(doc: Doc, i: int, lo: int, hi: int) -> bool:
    """A per-day figure: a daily cue in the clause, or in the sentence when the clause is
    not a running total ("за сутки выявлено 1 526, всего ... 67 096")."""
    if any(lo <= c.start < hi for c in doc.cues("daily", i)):
        return True
    return doc.has("daily", i) and not any(lo <= c.start < hi for c in doc.cues("cumulative", i))


def _metric(doc: Doc, i: int, num, metrics) -> str | None:
    text = doc.sentences[i].text
    lo, hi = _clause_bounds(text, num.start)
    near = [c for c in metrics if lo <= c.start < hi]
    if not near:
        return None  # "trong đó 36 ca nặng": a part of a count with no metric of its own
    codes = {c.code for c in near}
    daily = _daily(doc, i, lo, hi)
    if "complaints" in codes:
        return "daily_pneumonia_complaints" if doc.has("pneumonia", i) else None
    if daily and "hospitalized" in codes:
        return "daily_admissions"
    gap = lambda c: num.start - c.end if c.end <= num.start else c.start - num.end  # noqa: E731
    best = min(near, key=lambda c: (max(gap(c), 0), _PRIORITY.index(c.code)))
    if best.code == "confirmed" and (daily or any(lo <= c.start < hi for c in doc.cues("new", i))):
        return "daily_new"
    return best.code
