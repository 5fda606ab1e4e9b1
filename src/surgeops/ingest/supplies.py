"""Supply facts: N items (masks, ambulances, tests, ventilators...) donated or shipped.

The quantity is the number right before the item ("25.500 khẩu trang", "10 тысяч
медицинских масок", "hai xe cứu thương") or joined after it ("масок в количестве 5000").
Only sentences with a giving/shipping verb count, so stock figures are not supplies.
"""

from __future__ import annotations

import re

from surgeops.ingest.document import DESTINATION, ORIGIN, Doc, fact_place_fields, tokens_between

_WEIGHT = re.compile(r"\s*(?:тонн\w*|тонна\w*|т\.|кг|килограмм\w*|tấn|kg|tonnes?|tons?)(?!\w)", re.I)
_AFTER = re.compile(r"^\s*(?:[:–—-]|в количестве|количеством|số lượng|көлемінде|in the amount of|totalling|totaling)\s*$", re.I)


def extract_supplies(doc: Doc, deployments: list[dict]) -> list[dict]:
    """Supply facts of a document, one per (item, quantity); a repeat (headline, then body)
    fills in the places the first mention lacked."""
    facts: dict[tuple[str, float], dict] = {}
    listing = False  # inside a list of goods announced by "... delivered the following:"
    for i, sent in enumerate(doc.sentences):
        listing = _lists_goods(doc, i - 1) or (listing and doc.has("item", i - 1))
        if not doc.numbers(i) or not (doc.has("supply_verb", i) or (listing and doc.has("item", i))):
            continue
        for cue in doc.cues("item", i):
            num = _quantity(doc, i, cue)
            if num is None:
                continue
            doc.claimed.add((i, num.start))
            route = _route(doc, i, deployments)
            if route["destination"] is None and facts:  # "Также в область поступило ...": as before
                last = list(facts.values())[-1]
                route = {k: route[k] if route[k] is not None else last[k] for k in route}
            known = facts.get((cue.code, num.value))
            if known is not None:
                for key, value in route.items():
                    known[key] = known[key] if known[key] is not None else value
                continue
            facts[(cue.code, num.value)] = {"type": "supply", **route, "item": cue.code, "quantity": _int(num.value),
                                            "evidence": sent.text, "span": [sent.start, sent.end]}
    return list(facts.values())


def _lists_goods(doc: Doc, i: int) -> bool:
    """A sentence that announces a list of goods: a giving verb and a closing colon."""
    return i >= 0 and doc.sentences[i].text.rstrip().endswith(":") and doc.has("supply_verb", i)


def _quantity(doc: Doc, i: int, cue):
    text = doc.sentences[i].text
    usable = [n for n in doc.numbers(i) if not n.percent and n.value > 0 and (i, n.start) not in doc.claimed]
    usable = [n for n in usable if not _WEIGHT.match(text, n.end)]  # "10 tonnes of medicines" is no count
    before = [n for n in usable if n.end <= cue.start]
    if before:
        n = before[-1]
        gap = tokens_between(text, n.end, cue.start)
        if len(gap) <= 2 and not any(g in ",.;:()" for g in gap):
            return n
    for n in usable:
        if n.start >= cue.end and _AFTER.match(text[cue.end:n.start]):
            return n
    return None


_CAPS = r"[^\W\d_][\w.&\-]*"
_DONOR = re.compile(  # a donor that is not a place: "do Tập đoàn Vingroup trao tặng", "donated by UNICEF"
    rf"(?:\bdo\s+|\b(?:donated|provided|given|supplied|funded)\s+by\s+(?:the\s+)?)"
    rf"((?-i:[A-ZĐÀ-Ỹ]){_CAPS}(?:\s+(?-i:[A-ZĐÀ-Ỹ]){_CAPS}){{0,5}})", re.I)


_NAMED_DONOR = re.compile(  # "Благотворительный фонд «Мейірім» передал", "Quỹ “Vì Tầm Vóc Việt” trao tặng"
    r"(?:фонд\w*|компани\w*|корпораци\w*|ассоциаци\w*|қоры|компаниясы|foundation|fund|company|corporation|"
    r"tập đoàn|quỹ|công ty)\s*[«\"“]([^»\"”]{2,40})[»\"”]", re.I)


def _route(doc: Doc, i: int, deployments: list[dict]) -> dict:
    """Origin and destination from the sentence, else the document's team, else its votes."""
    fallback = deployments[0] if deployments else None
    origin = doc.role_in(i, ORIGIN, 2) or _subject(doc, i)
    out = fact_place_fields("origin", origin)
    if origin is None:
        donor = _DONOR.search(doc.sentences[i].text) or _NAMED_DONOR.search(doc.sentences[i].text)
        out = ({"origin": donor.group(1), "origin_code": None} if donor else None) or _from_fallback(
            "origin", fallback) or fact_place_fields("origin", doc.best_place(ORIGIN))
    dest = doc.role_in(i, DESTINATION, 2) or next(
        (r.place for r in doc.roles(i) if r.role is None and not r.place.adjective
         and r.place.code != out["origin_code"]), None)
    if dest is not None:
        return {**out, **fact_place_fields("destination", dest)}
    dest_fields = _from_fallback("destination", fallback) or fact_place_fields(
        "destination", doc.best_place(DESTINATION, exclude=out["origin_code"]))
    return {**out, **dest_fields}


def _subject(doc: Doc, i: int):
    """The giver named first, with no case or preposition of its own, when the sentence
    also names where the goods go ("Денсаулық сақтау министрлігі Маңғыстау облысына ...
    берді"): the subject of the giving verb."""
    roles = doc.roles(i)
    if not roles or roles[0].role is not None or roles[0].place.adjective:
        return None
    first = roles[0].place
    if len(tokens_between(doc.sentences[i].text, 0, first.start)) > 2:
        return None
    goes = [r for r in roles[1:] if r.role == DESTINATION and r.place.code != first.code]
    return first if goes else None


def _from_fallback(key: str, fact: dict | None) -> dict | None:
    if fact is None or fact[key] is None:
        return None
    return {key: fact[key], f"{key}_code": fact[f"{key}_code"]}


def _int(value: float) -> float | int:
    return int(value) if value == int(value) else value
