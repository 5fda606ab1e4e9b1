"""Bed facts: N beds of a type (infectious, provisional, quarantine, ICU, oxygen, reserve, total).

A bed count is a number followed by a bed word ("230 төсек орын", "1 200 коек", "500
giường", "600 beds"); "мест/орын/chỗ" count only where a hospital is named. Its type is
the strongest type cue in the same clause, else in the previous sentence ("Ол жерде 650
төсек" after "провизорлық стационарға ауыстырылды"), else other. An occupancy percentage
next to an occupancy word attaches to the latest count.
"""

from __future__ import annotations

import re

from surgeops.ingest.document import Doc, fact_place_fields, tokens_between
from surgeops.ingest.numbers import is_ordinal

_TYPE_REACH = 6  # words between a count and its type; farther ones describe something else
TYPE_PRIORITY = ("reserve", "icu", "oxygen", "provisional", "quarantine", "infectious", "total")
_CLAUSE = re.compile(r";|:|,(?=\s)|\s(?:және|и|а также|và|and|while|соның ішінде|оның ішінде|в том числе|из них|trong đó|including|of which)\s", re.I)


def extract_beds(doc: Doc) -> list[dict]:
    """Bed facts of a document, one per (bed_type, count)."""
    facts: list[dict] = []
    for i, sent in enumerate(doc.sentences):
        counts = _bed_numbers(doc, i) if doc.numbers(i) else []
        previous = None
        for num in counts:
            bed_type = _type_for(doc, i, num, single=len(counts) == 1)
            own = clause_place(doc, i, num.start)
            if bed_type == "other" and previous and own and own.code != previous[1]:
                bed_type = previous[0]  # "Bình Dương có 25.000 giường điều trị COVID-19, Đồng Nai có 12.000 giường"
            doc.claimed.add((i, num.start))
            place = own or doc.sentence_place(i) or doc.main_place()
            previous = (bed_type, place.code if place else None)
            explicit = bed_type != "total" or _total_just_before(doc, i, num)
            if _repeat(facts, bed_type, num.value, sentence=i, explicit=explicit):
                continue
            facts.append({"type": "beds", **fact_place_fields("place", place), "bed_type": bed_type,
                          "count": int(num.value), "occupancy_pct": None, "_sentence": i,
                          "evidence": sent.text, "span": [sent.start, sent.end]})
    for i in range(len(doc.sentences)):
        _attach_occupancy(doc, i, facts)
    for f in facts:
        f.pop("_sentence")
    return facts


def _repeat(facts: list[dict], bed_type: str, count: float, *, sentence: int, explicit: bool) -> bool:
    """True when a count was already reported (a headline repeats the body); a vague
    earlier type ("other") takes the more specific one, and a headline's type gives way
    to one the body names outright."""
    for f in facts:
        if f["count"] != count:
            continue
        if f["_sentence"] == 0 and sentence > 0 and explicit and bed_type not in ("other", f["bed_type"]):
            f["bed_type"], f["_sentence"] = bed_type, sentence  # the body says exactly what the headline sums up
            return True
        if f["bed_type"] == "other" and bed_type != "other":
            f["bed_type"], f["_sentence"] = bed_type, sentence
            return True
        if f["bed_type"] == bed_type or bed_type in ("other", "total"):
            return True
    return False


def _bed_numbers(doc: Doc, i: int) -> list:
    nouns = [c for c in doc.cues("bed_noun", i) if c.code == "strong" or doc.has("hospital", i)]
    continues = _continues_beds(doc, i)
    if not (nouns or continues) or not (doc.has("hospital", i) or doc.is_epidemic()):
        return []
    text = doc.sentences[i].text
    out = []
    for num in doc.numbers(i):
        if num.percent or num.value != int(num.value) or num.value < 1 or (i, num.start) in doc.claimed:
            continue
        if is_ordinal(text, num):
            continue
        after = [c for c in nouns if c.start >= num.end and len(tokens_between(text, num.end, c.start)) <= 2
                 and not re.search(r"[,.;:\d]", text[num.end:c.start])]
        typed = [c for c in doc.cues("bed_type", i) if c.code != "total" and c.start >= num.end
                 and len(tokens_between(text, num.end, c.start)) == 0]
        if after or typed or _in_breakdown_clause(doc, i, num) or (continues and _typed_in_clause(doc, i, num)):
            out.append(num)
    return out


def _continues_beds(doc: Doc, i: int) -> bool:
    """A sentence that opens with a breakdown ("Оның 420-сы провизорлық", "Из них ...")
    right after a sentence counting beds: its typed numbers are beds too."""
    if not (0 < i < len(doc.sentences)):
        return False
    opening = [c for c in doc.cues("bed_breakdown", i) if c.start <= 3]
    return bool(opening) and any(c.code == "strong" for c in doc.cues("bed_noun", i - 1))


def _typed_in_clause(doc: Doc, i: int, num) -> bool:
    lo, hi = _clause_bounds(doc.sentences[i].text, num.start)
    return any(c.code != "total" and lo <= c.start < hi for c in doc.cues("bed_type", i))


def _in_breakdown_clause(doc: Doc, i: int, num) -> bool:
    """"500 beds, 40 of them in intensive care": a typed part of a count named earlier."""
    lo, hi = _clause_bounds(doc.sentences[i].text, num.start)
    if not any(c.start < hi for c in doc.cues("bed_breakdown", i)):  # "из них 40", "40 of them"
        return False
    return any(c.code != "total" and lo <= c.start < hi for c in doc.cues("bed_type", i))


def _type_for(doc: Doc, i: int, num, *, single: bool) -> str:
    text = doc.sentences[i].text
    lo, hi = _clause_bounds(text, num.start)
    in_clause = [c.code for c in doc.cues("bed_type", i) if lo <= c.start < hi and (
                 c.code == "total" or len(tokens_between(text, *sorted((num.end, c.start)))) <= _TYPE_REACH)]
    if _total_just_before(doc, i, num) and set(in_clause) <= {"total", "infectious"}:
        return "total"  # "Tổng cộng ... 800 giường điều trị COVID-19": what all of them are for, summed
    if in_clause:
        return _strongest(in_clause)
    if re.match(r"\s*\w*\s*:", text[num.end:]):
        return "total"  # "1 650 коек: 700 инфекционных, ...": a count with its parts listed
    in_sentence = [c for c in doc.cues("bed_type", i) if c.code != "total"
                   and len(tokens_between(text, *sorted((num.end, c.start)))) <= _TYPE_REACH + 2]
    if single and in_sentence and not doc.has("bed_breakdown", i):
        # "the infectious diseases hospital, which has 450 beds": the nearest type word
        return min(in_sentence, key=lambda c: min(abs(c.start - num.end), abs(c.end - num.start))).code
    if any(c.start >= num.end for c in doc.cues("bed_breakdown", i)) or _continues_beds(doc, i + 1):
        return "total"  # "4 850 коек, из них 2 100 инфекционных": the head count is the total
    if single and i > 0 and doc.has("anaphor", i):  # "Ол жерде 650 төсек": the place named before
        prev = [c.code for c in doc.cues("bed_type", i - 1) if c.code != "total"]
        if prev:
            return _strongest(prev)
    return "other"


def clause_place(doc: Doc, i: int, pos: int):
    """A place named in the clause at `pos`, when the sentence names several places."""
    lo, hi = _clause_bounds(doc.sentences[i].text, pos)
    found = [p for p in doc.places(i) if lo <= p.start < hi and not p.adjective and p.kind != "organisation"]
    if not found or len({p.code for p in doc.places(i) if not p.adjective}) < 2:
        return None
    return min(found, key=lambda p: abs(p.start - pos))


def _total_just_before(doc: Doc, i: int, num) -> bool:
    text = doc.sentences[i].text
    return any(c.code == "total" and c.end <= num.start and len(tokens_between(text, c.end, num.start)) <= 4
               for c in doc.cues("bed_type", i))


def _clause_bounds(text: str, pos: int) -> tuple[int, int]:
    lo, hi = 0, len(text)
    for m in _CLAUSE.finditer(text):
        if m.end() <= pos:
            lo = m.end()
        elif m.start() >= pos:
            hi = m.start()
            break
    return lo, hi


def _strongest(codes: list[str]) -> str:
    return min(codes, key=lambda c: TYPE_PRIORITY.index(c) if c in TYPE_PRIORITY else 99)


def _attach_occupancy(doc: Doc, i: int, facts: list[dict]) -> None:
    if not doc.has("occupancy", i):
        return
    pct = next((n for n in doc.numbers(i) if n.percent and 0 <= n.value <= 100), None)
    near = sorted((f for f in facts if abs(f["_sentence"] - i) <= 2),
                  key=lambda f: (f["bed_type"] != "total", abs(f["_sentence"] - i), f["_sentence"] > i))
    if pct is None or not near:
        return
    target = near[0]
    if target["occupancy_pct"] is None:
        target["occupancy_pct"] = pct.value if pct.value != int(pct.value) else int(pct.value)
