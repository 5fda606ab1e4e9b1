"""Figures listed place by place: "г. Алматы – 302, г. Нур-Султан – 198, ВКО – 300",
"TP. Hồ Chí Minh (1.200), Bình Dương (800)", or table rows "| Алматы қаласы | 1 200 |".

Official bulletins break a national figure down this way. Each item is a place followed
by a dash, colon, bracket or table bar and a number; a sentence with two or more items,
or a table row with one, is a list. Its metric is that of the figure the list breaks down.
"""

from __future__ import annotations

import re

from surgeops.ingest.document import Doc
from surgeops.ingest.gazetteer import PlaceMention
from surgeops.ingest.numbers import Number

_GAP = re.compile(
    r"(?:\s+(?:қаласы|облысы|облысында|қаласында|области|область|обл\.?|city|province|region))?"
    r"\s*(?:[|:–—\-(]\s*)+", re.I)


def listed_figures(doc: Doc, i: int) -> list[tuple[PlaceMention, Number]]:
    """(place, number) items of sentence i when it is a list, else []."""
    text = doc.sentences[i].text
    items = []
    for p in doc.places(i):
        if p.adjective or p.kind == "organisation":
            continue
        num = next((n for n in doc.numbers(i) if n.start >= p.end), None)
        if num is not None and not num.percent and _GAP.fullmatch(text, p.end, num.start):
            items.append((p, num))
    table_row = text.lstrip().startswith("|")
    return items if len(items) >= 2 or (table_row and items) else []


def lead_metric(doc: Doc, i: int, before: int) -> str | None:
    """The metric a list's lead-in names ("các ca mắc mới trong ngày tại: ..."): the last
    metric cue before the first item, a confirmed count being daily when the lead-in says so."""
    cues = [c for c in doc.cues("metric", i) if c.start < before]
    if not cues:
        return None
    code = cues[-1].code
    if code == "confirmed" and any(c.start < before for cat in ("daily", "new") for c in doc.cues(cat, i)):
        return "daily_new"
    return code if code != "complaints" else None
