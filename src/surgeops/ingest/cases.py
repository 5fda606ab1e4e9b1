"""Case facts: counts of confirmed, asymptomatic, recovered, in treatment, deaths, hospitalised.

A case count is a number with a person/case word right after it ("1672 адам", "5 ca",
"1,200 new cases") or a metric word right before it ("выздоровевших – 664"). Its metric is
the nearest metric cue in the same clause; "daily" cues anywhere in the sentence turn
hospitalisations into daily admissions, new cases into daily new, pneumonia complaints
into daily pneumonia complaints.
"""

from __future__ import annotations

import re

from surgeops.ingest.beds import _clause_bounds, clause_place
from surgeops.ingest.document import Doc, fact_place_fields, tokens_between
from surgeops.ingest.placelists import lead_metric, listed_figures

_PRIORITY = ("asymptomatic", "deaths", "recovered", "in_treatment", "hospitalized", "complaints", "confirmed")


def extract_cases(doc: Doc) -> list[dict]:
    """Case facts of a document, one per (metric, value)."""
    facts: list[dict] = []
    if not any(doc.numbers(i) and doc.has("metric", i) for i in range(len(doc.sentences))) or not doc.is_epidemic():
        return facts
    flow = _Flow()
    for i in range(len(doc.sentences)):
        whole = flow.metrics.get(i - 1) if _opens_breakdown(doc, i) else None
        items = listed_figures(doc, i) if doc.numbers(i) else []
        doc.claimed.update((i, num.start) for _p, num in items)
        if doc.numbers(i) and (doc.has("metric", i) or whole):
            _sentence_cases(doc, i, flow, facts, whole=whole)
        if items:
            _list_cases(doc, i, items, flow, facts)
    return _without_rounded_headline(doc, facts)


def _list_cases(doc: Doc, i: int, items: list, flow: "_Flow", facts: list[dict]) -> None:
    """One fact per listed place, with the metric of the figure the list breaks down: in
    the list's own lead-in, else the latest sentence with figures (a table's header row
    stands between)."""
    metric = lead_metric(doc, i, items[0][1].start) or flow.metrics.get(i) or next(
        (flow.metrics[k] for k in range(i - 1, max(-1, i - 5), -1) if k in flow.metrics), None)
    if metric is None:
        return
    flow.metrics.setdefault(i, metric)
    sent = doc.sentences[i]
    for place, num in items:
        if num.value != int(num.value) or (metric, num.value, place.code) in flow.listed:
            continue
        flow.listed.add((metric, num.value, place.code))
        facts.append({"type": "cases", **fact_place_fields("place", place), "metric": metric,
                      "value": int(num.value), "evidence": sent.text, "span": [sent.start, sent.end]})


class _Flow:
    """What earlier sentences were about: the place and metric of each one's first figure."""

    def __init__(self) -> None:
        self.subjects: dict[int, object] = {}
        self.metrics: dict[int, str] = {}
        self.seen: set[tuple[str, float]] = set()
        self.listed: set[tuple[str, float, str]] = set()


def _sentence_cases(doc: Doc, i: int, flow: _Flow, facts: list[dict], *, whole: str | None) -> None:
    """Case facts of sentence i. `whole` is the metric of the previous sentence when this
    one breaks its figure down ("Соның ішінде Алматы қаласында 310, ..."): its parts
    take that metric and the sentence stays about the previous one's place."""
    sent, metrics, previous = doc.sentences[i], doc.cues("metric", i), whole
    for num in doc.numbers(i):
        if num.percent or num.value != int(num.value) or (i, num.start) in doc.claimed:
            continue
        listed = whole or (previous and _after_breakdown(doc, i, num))
        if not (_is_count(doc, i, num, metrics) or (listed and _clause_place(doc, i, num))):
            continue
        metric = _metric(doc, i, num, metrics) if metrics else None
        if whole and metric in (None, "confirmed"):  # a part by place; "20-сы балалар" is no metric
            metric = whole if _clause_place(doc, i, num) else None
        metric = metric or _elided_metric(doc, i, num, previous)
        previous = metric or previous
        if metric is None:
            continue
        # a sentence naming no place goes on about the place of the sentence before it
        place = _clause_place(doc, i, num) or doc.sentence_place(i) or _country_meant(doc, i) or flow.subjects.get(i - 1)
        subject = flow.subjects.get(i - 1) if whole else place
        if subject is not None:
            flow.subjects.setdefault(i, subject)
        flow.metrics.setdefault(i, metric)
        if (metric, num.value) in flow.seen:
            continue
        flow.seen.add((metric, num.value))
        facts.append({"type": "cases", **fact_place_fields("place", place or doc.main_place()), "metric": metric,
                      "value": int(num.value), "evidence": sent.text, "span": [sent.start, sent.end]})


def _country_meant(doc: Doc, i: int):
    """"Елімізде 1 234 жаңа жағдай", "the country's tally": the report's country."""
    return doc.country_place() if doc.has("country_ref", i) else None


def _opens_breakdown(doc: Doc, i: int) -> bool:
    """A sentence that opens with "of them / из них / соның ішінде / trong đó"."""
    return i > 0 and any(c.start <= 3 for c in doc.cues("bed_breakdown", i))


def _elided_metric(doc: Doc, i: int, num, previous: str | None) -> str | None:
    """"Bình Dương ghi nhận 1.200 ca mắc mới, Đồng Nai 450 ca", "3,910 new cases, including
    2,131 in Ho Chi Minh City": a later clause naming another place and a count (or a part
    of the count) repeats the metric of the clause before it."""
    if previous is None:
        return None
    text = doc.sentences[i].text
    lo, hi = _clause_bounds(text, num.start)
    named = any(lo <= p.start < hi and not p.adjective for p in doc.places(i))
    unit = any(c.start >= num.end and len(tokens_between(text, num.end, c.start)) == 0 for c in doc.cues("case_unit", i))
    return previous if named and (unit or _after_breakdown(doc, i, num)) else None


def _after_breakdown(doc: Doc, i: int, num) -> bool:
    """A number after "in particular / в том числе / including" in its sentence: a part."""
    return any(c.end <= num.start for c in doc.cues("bed_breakdown", i))


def _clause_place(doc: Doc, i: int, num):
    """A place named in the number's own clause, when the sentence lists several."""
    return clause_place(doc, i, num.start)


def _without_rounded_headline(doc: Doc, facts: list[dict]) -> list[dict]:
    """Drop a headline figure the body states exactly ("2 мыңнан асты" over "2 045 адам"),
    or states as well with a finer metric ("80 адам ауруханаға жатқызылды" in the headline,
    "соңғы тәулікте ... 80 адам" in the body: a daily admission)."""
    head_end = doc.sentences[0].end if doc.sentences else 0
    body = [f for f in facts if f["span"][0] >= head_end]

    def restated(f: dict, b: dict) -> bool:
        if b["value"] == f["value"]:
            return b["metric"] != f["metric"]
        return b["metric"] == f["metric"] and abs(b["value"] - f["value"]) <= 0.1 * b["value"]
    return [f for f in facts if f["span"][0] >= head_end or not any(restated(f, b) for b in body)]


_TIME_UNIT = re.compile(
    r"\s*(?:дн\w*|день|сут\w*|недел\w*|месяц\w*|год\w*|лет|час\w*|апта\w*|күн\w*|ай\w*|жыл\w*|сағат\w*|"
    r"ngày|tuần|tháng|năm|giờ|days?|weeks?|months?|years?|hours?)(?!\w)", re.I)


def _is_count(doc: Doc, i: int, num, metrics) -> bool:
    """A number of people or cases: a person/case word after it, or a metric word next to
    it; never a span of time ("екі апта", "14 дней")."""
    text = doc.sentences[i].text
    if _TIME_UNIT.match(text, num.end) or _is_year(text, num):
        return False
    for cue in doc.cues("case_unit", i):
        if cue.start >= num.end and len(tokens_between(text, num.end, cue.start)) <= 2:
            return True
    for cue in metrics:
        if cue.start >= num.end and len(tokens_between(text, num.end, cue.start)) <= 3:
            return True
    if any(c.end <= num.start and len(tokens_between(text, c.end, num.start)) <= 4 for c in metrics):
        return True
    label = _label_start(text, num)
    if label is not None and any(label <= c.start < num.start for c in metrics):
        return True  # "Tổng số ca mắc COVID-19 mới trong ngày: 2.450"
    # "the death toll from the disease rose to 1,024": a metric, then a verb that sets its value
    lo, _hi = _clause_bounds(text, num.start)
    return bool(_SET_TO.search(text[lo:num.start])) and any(lo <= c.start < num.start for c in metrics)


_SET_TO = re.compile(r"(?:\b(?:rose|risen|climbed|increased|jumped|reached|stood|stands|stand|grew|totall?ed)(?:\s+(?:to|at))?"
                     r"|(?<!\w)(?:достиг\w*|составил\w*|составляет|увеличил\w*\s+до|выросл\w*\s+до|"
                     r"жетті|құрады|lên|đạt)|:)\s*$", re.I)


_YEAR_BEFORE = re.compile(r"(?:\b(?:in|since|of|by|until|from)|(?<!\w)(?:в|с|до|к|năm|từ|trong))\s+$", re.I)
_YEAR_AFTER = re.compile(r"\s*(?:г\.|год\w*|жыл\w*|ж\.)", re.I)


def _is_year(text: str, num) -> bool:
    """"died in 2019", "в 2020 году", "2021 жылы": a year, not a count of people."""
    if not (1900 <= num.value <= 2100) or not re.fullmatch(r"\d{4}", text[num.start:num.end]):
        return False
    return bool(_YEAR_BEFORE.search(text[max(0, num.start - 12):num.start]) or _YEAR_AFTER.match(text, num.end))


def _label_start(text: str, num) -> int | None:
    """Start of the label of a "label: figure" pair, or None when no colon precedes the figure."""
    head = text[:num.start].rstrip()
    if not head.endswith(":"):
        return None
    return _clause_bounds(text, max(0, len(head) - 2))[0]


def _daily(doc: Doc, i: int, lo: int, hi: int) -> bool:
    """A per-day figure: a daily cue in the clause, or in the sentence when the clause is
    not a running total ("за сутки выявлено 1 526, всего ... 67 096")."""
    if any(lo <= c.start < hi for c in doc.cues("daily", i)):
        return True
    return doc.has("daily", i) and not any(lo <= c.start < hi for c in doc.cues("cumulative", i))


def _new_in(doc: Doc, i: int, lo: int, hi: int) -> bool:
    """A "new" cue in the clause; "more than 600,000" is a bound, not new cases."""
    text = doc.sentences[i].text
    return any(lo <= c.start < hi and not _BOUND.match(text, c.end) for c in doc.cues("new", i))


_BOUND = re.compile(r"\s+(?:than|чем)\b", re.I)


def _metric(doc: Doc, i: int, num, metrics) -> str | None:
    text = doc.sentences[i].text
    lo, hi = _clause_bounds(text, num.start)
    near = [c for c in metrics if lo <= c.start < hi]
    label = _label_start(text, num)
    if not near and label is not None:  # "New cases: 1,234", "Выздоровели: 64"
        lo = label
        near = [c for c in metrics if lo <= c.start < num.start]
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
    if best.code == "confirmed" and best.start >= num.end:
        # "12.300 F0 đang điều trị", "2 500 случаев выздоровели": the case noun, then what became of them
        after = [c for c in near if c.start >= best.end and c.code != "confirmed"
                 and len(tokens_between(text, best.end, c.start)) <= 1]
        best = after[0] if after else best
    if best.code == "confirmed" and any(c.start >= num.end and len(tokens_between(text, num.end, c.start)) <= 2
                                        for c in doc.cues("pneumonia", i)):
        return None  # "25 случаев пневмонии": pneumonia, not confirmed infections
    # "всего с начала пандемии" is a running total, unless the clause says "in the day" itself
    running_total = any(lo <= c.start < hi for c in doc.cues("cumulative", i)) and not any(
        lo <= c.start < hi for c in doc.cues("daily", i))
    if best.code == "confirmed" and not running_total and (daily or _new_in(doc, i, lo, hi)):
        return "daily_new"
    return best.code
