"""Deployment facts: a team of N people sent from an origin to a destination.

A team size is a number followed by a personnel word ("23 специалистов", "12 y, bác sĩ",
"32 адамнан тұратын топ", "40 doctors"), or a team word then of/из/gồm and a number, in a
sentence that speaks of a team or of sending/arriving. One fact per distinct size.
"""

from __future__ import annotations

import re

from surgeops.ingest.document import DESTINATION, ORIGIN, Doc, fact_place_fields, tokens_between
from surgeops.ingest.lead import find_lead

_OF = re.compile(r"(?:\bof\b|\bиз\b|в составе|составом|\bgồm\b|gồm có|\bvới\b|consisting of|comprising|numbering)\s*$", re.I)


def extract_deployments(doc: Doc) -> list[dict]:
    """Deployment facts of a document, merged by team size."""
    facts: dict[int, dict] = {}
    for i, sent in enumerate(doc.sentences):
        if not doc.numbers(i) or not (doc.has("team", i) or doc.has("motion", i)):
            continue
        for num in _team_sizes(doc, i):
            size = int(num.value)
            doc.claimed.add((i, num.start))
            if size in facts:
                _merge(doc, facts[size], i)
                continue
            part_of = _composition_of(doc, i, size, facts)
            if part_of is not None:
                _merge(doc, part_of, i)
                continue
            facts[size] = _new_fact(doc, i, size, main=not facts)
    if not facts:
        unsized = _unsized_team(doc)
        return [unsized] if unsized else []
    return _without_rounded_headline(doc, list(facts.values()))


def _without_rounded_headline(doc: Doc, facts: list[dict]) -> list[dict]:
    """"Более 100 медиков ... прибыли" in the headline, "104 медика" in the body: one team."""
    head_end = doc.sentences[0].end if doc.sentences else 0
    body = [f["team_size"] for f in facts if f["span"][0] >= head_end]
    return [f for f in facts if f["span"][0] >= head_end or not any(
        b != f["team_size"] and abs(b - f["team_size"]) <= 0.1 * b for b in body)]


def _composition_of(doc: Doc, i: int, size: int, facts: dict[int, dict]) -> dict | None:
    """The team a later sentence breaks down ("В составе бригады — 12 реаниматологов,
    8 инфекционистов ..."): no sending or arriving of its own, and smaller than a team
    already counted. Its figures are that team's make-up, not another team."""
    if doc.has("motion", i) or not facts:
        return None
    larger = [f for s, f in facts.items() if s > size]
    origin = doc.role_in(i, ORIGIN, 2)
    if larger and origin is not None and origin.code != larger[-1]["origin_code"]:
        return None  # "30 специалистов из Москвы": another team, from elsewhere
    return larger[-1] if larger else None


def _unsized_team(doc: Doc) -> dict | None:
    """A team of medics sent somewhere with no head count ("a group of Russian doctors
    arrived in Nur-Sultan"): one fact with team_size None, placed by its destination."""
    for i in range(len(doc.sentences)):
        if not (doc.has("team", i) and doc.has("motion", i)):
            continue
        medical = any(c.code == "strong" for c in doc.cues("personnel", i)) or doc.has("specialty", i)
        if medical:
            fact = _new_fact(doc, i, None)
            if fact["destination"] is not None:
                return fact
    return None


def _team_sizes(doc: Doc, i: int) -> list:
    """Team sizes of a sentence; a breakdown ("25 people, including 10 doctors and 15
    nurses") keeps only its total, and a bare list ("5 bác sĩ và 10 điều dưỡng") sums."""
    if doc.has("so_far", i):
        return []  # "bệnh viện đã cử tổng cộng hơn 400 cán bộ" to date: a tally, not a team
    found = [n for n in doc.numbers(i) if not n.percent and n.value == int(n.value) and 2 <= n.value <= 5000
             and _is_team_size(doc, i, n)]
    if len(found) < 2:
        return found
    text = doc.sentences[i].text
    first, rest = found[0], found[1:]
    if first.value >= sum(n.value for n in rest) and _BREAKDOWN.search(text[first.end:rest[0].start]):
        return [first]
    if all(_LIST_JOIN.fullmatch(_after_unit(text, a, b)) for a, b in zip(found, found[1:])):
        return [type(first)(sum(n.value for n in found), first.start, found[-1].end)]
    return found


_ORDINAL = re.compile(r"(?:\bthứ|\blần|\bsố|№|\bNo\.?|\bномер|\bкезекті|#)\s*$", re.I)
_BREAKDOWN = re.compile(r"в том числе|из них|среди них|including|of whom|of them|trong đó|bao gồm|gồm|оның ішінде|"
                        r"соның ішінде|олардың ішінде|:", re.I)
_LIST_JOIN = re.compile(r"\s*(?:,|và|и|and|және|,\s*và|,\s*and)\s*", re.I)


def _after_unit(text: str, a, b) -> str:
    """Text between the personnel word after number a and number b."""
    gap = text[a.end:b.start]
    m = re.match(r"\s*[\w,\- ]*?(?=(?:,|\s(?:và|и|and|және)\s))", gap)
    return gap[m.end():] if m else gap


def _is_team_size(doc: Doc, i: int, num) -> bool:
    text = doc.sentences[i].text
    if _ORDINAL.search(text[max(0, num.start - 12):num.start]):
        return False  # "đoàn thứ 3", "бригада №2"
    for cue in doc.cues("personnel", i):
        gap = tokens_between(text, num.end, cue.start)
        if (cue.start >= num.end and len(gap) <= 2 and not any(g in ",.;:" for g in gap[:1])
                and not any(g[0].isdigit() for g in gap)):
            if cue.code == "strong" or doc.has("team", i) or any(c.code == "strong" for c in doc.cues("personnel", i)):
                return True
    before = text[max(0, num.start - 40):num.start]
    if _OF.search(before):
        return any(c.end <= num.start and num.start - c.end < 40 for c in doc.cues("team", i))
    return False


def _new_fact(doc: Doc, i: int, size: int | None, *, main: bool = True) -> dict:
    sent = doc.sentences[i]
    destination = doc.role_in(i, DESTINATION, 1) or doc.best_place(DESTINATION) or next(
        (r.place for r in doc.roles(i) if r.role is None and not r.place.adjective), None)
    origin = doc.role_in(i, ORIGIN, 2)
    if origin is None or (destination and origin.code == destination.code):
        origin = doc.best_place(ORIGIN, exclude=destination.code if destination else None)
    fact = {"type": "deployment", **fact_place_fields("origin", origin), **fact_place_fields("destination", destination),
            "team_size": size, "specialties": _specialties(doc, i), "date": _date(doc, i),
            "lead": find_lead(doc, i, whole_document=main), "evidence": sent.text, "span": [sent.start, sent.end]}
    return fact


def _merge(doc: Doc, fact: dict, i: int) -> None:
    fact["specialties"] = sorted(set(fact["specialties"]) | set(_specialties(doc, i)))
    own = doc.date_in(i)
    from_headline = bool(doc.sentences) and fact["span"][0] < doc.sentences[0].end
    # a headline's date is borrowed from the dateline; the body sentence's own date is exact
    fact["date"] = own.isoformat() if own is not None and from_headline else fact["date"] or _date(doc, i)
    fact["lead"] = fact["lead"] or find_lead(doc, i, whole_document=False)


def _specialties(doc: Doc, i: int) -> list[str]:
    """Specialties named in the team sentence; when it names none beyond "doctors", also
    those of the sentences just before and after (reports list the team's make-up there)."""
    codes = {c.code for c in doc.cues("specialty", i)}
    generic = codes <= {"physician", "other"}
    for j in (i - 1, i + 1, i + 2):
        if not (0 <= j < len(doc.sentences)) or _team_sizes(doc, j):  # not another team's sentence
            continue
        if (generic and j == i - 1) or (j > i and _speaks_of_the_team(doc, j)) or (generic and j == i + 1):
            codes |= {c.code for c in doc.cues("specialty", j)}
    return sorted(codes)


def _speaks_of_the_team(doc: Doc, j: int) -> bool:
    """A sentence that opens on the team ("The specialists, mostly ...", "В составе отряда ...")."""
    head = 40
    return any(c.start < head for cat in ("team", "personnel", "anaphor") for c in doc.cues(cat, j))


def _date(doc: Doc, i: int) -> str | None:
    """Date of the team sentence, else of the nearest earlier sentence within three (for a
    headline, of the lead paragraph after it)."""
    order = [0, 1, 2] if i == 0 else range(i, max(-1, i - 4), -1)
    for j in (j for j in order if j < len(doc.sentences)):
        value = doc.date_in(j)
        if value is not None:
            return value.isoformat()
    return None
