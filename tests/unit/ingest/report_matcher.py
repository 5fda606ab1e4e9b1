"""A small matcher for expected report facts, the same keys as the project's scorer.

Two facts match when they have the same type and: deployment team_size equal; supply item
and quantity equal; beds bed_type and count equal; cases metric and value equal. Places
match leniently (every significant word of the shorter name shares a 4-letter stem).
"""

from __future__ import annotations

import re
import unicodedata

KEYS = {"deployment": ("team_size",), "supply": ("item", "quantity"), "beds": ("bed_type", "count"),
        "cases": ("metric", "value")}
_GENERIC = {"г", "город", "область", "области", "облысы", "облысына", "облысында", "қаласы", "қаласына", "tinh",
            "thanh", "pho", "tp", "city", "province", "region", "of", "the"}


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", str(text or "")).lower()
    return "".join(c for c in text if not unicodedata.combining(c)).replace("đ", "d")


def places_match(a: str | None, b: str | None) -> bool:
    ta = [w for w in re.findall(r"\w+", fold(a)) if w not in _GENERIC]
    tb = [w for w in re.findall(r"\w+", fold(b)) if w not in _GENERIC]
    if not ta or not tb:
        return not ta and not tb
    short, long_ = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    return all(any(s[:4] == t[:4] for t in long_) for s in short)


def _key_match(g: dict, p: dict) -> bool:
    if p["type"] != g["type"]:
        return False
    if g["type"] == "deployment" and g.get("team_size") is None:
        return places_match(g.get("destination"), p.get("destination"))
    if p.get("team_size") is not None and p.get("team_size") in g.get("team_size_any", []):
        return True
    return all(p.get(k) == g.get(k) for k in KEYS[g["type"]])


def match(gold: list[dict], pred: list[dict]) -> tuple[int, list[tuple[dict, dict]], list[dict], list[dict]]:
    """(true positives, matched pairs, missed gold facts, spurious predicted facts)."""
    used: set[int] = set()
    pairs, missed = [], []
    for g in gold:
        hit = next((i for i, p in enumerate(pred) if i not in used and _key_match(g, p)), None)
        if hit is None:
            missed.append(g)
        else:
            used.add(hit)
            pairs.append((g, pred[hit]))
    spurious = [p for i, p in enumerate(pred) if i not in used]
    return len(pairs), pairs, missed, spurious


def spec_set(specs: list[str] | None) -> set[str]:
    return {"other" if s in ("physician", "other") else s for s in specs or []}
