"""Places named in reports (data/gazetteer.json) resolved to codes (ISO 3166-2 where one exists).

Each place lists its names in ru/kk/vi/en; a trailing `*` admits any ending (Москвы,
Маңғыстаудағы, Ресейден). Vietnamese names also match without diacritics ("Bac Giang").
Demonym adjectives (московская, ресейлік, Russian) are found too and flagged, because
they usually name where a team comes from.
"""

from __future__ import annotations

import itertools
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from surgeops.ingest.text import fold

_DATA = Path(__file__).parent / "data" / "gazetteer.json"


@dataclass(frozen=True)
class PlaceMention:
    """A place in a sentence: code, kind (country/region/city/facility), offsets, surface text."""

    code: str
    kind: str
    name: str
    start: int
    end: int
    text: str
    adjective: bool
    stem_end: int  # end of the listed name inside the match; the rest is an inflection


@lru_cache(maxsize=1)
def places() -> list[dict]:
    """Gazetteer entries, loaded once."""
    return json.loads(_DATA.read_text(encoding="utf-8"))["places"]


def _form_regex(form: str) -> str:
    """Regex for one name: words joined by any spacing, `*` after a word admits any ending."""
    words = []
    for word in form.split():
        body = re.escape(word.rstrip("*")).replace(r"\-", r"[\-‐–]\s?")
        words.append(f"{body}\\w*" if word.endswith("*") else body)
    tail = "" if form.endswith("*") else r"(?!\w)"
    return r"\s+".join(words) + tail


@lru_cache(maxsize=100_000)
def _key(word: str) -> str:
    return fold(word)[:2]


@lru_cache(maxsize=1)
def _index() -> dict[str, list[tuple[re.Pattern, int, dict, bool]]]:
    """Names grouped by the first two folded letters, longest first, so a sentence is
    scanned word by word against a handful of candidates instead of one huge regex."""
    index: dict[str, list[tuple[re.Pattern, int, dict, bool]]] = {}
    for entry in places():
        for adjective, names in ((False, entry["forms"]), (True, entry.get("adj", []))):
            for form in names:
                variants = {form, fold(form)} if re.search(r"[a-z]", fold(form)) else {form}
                for v in variants:
                    rx = re.compile(_form_regex(v), re.I)
                    index.setdefault(_key(v), []).append((rx, len(v.rstrip("*")) + 0.5 * adjective, entry, adjective))
    for cands in index.values():
        cands.sort(key=lambda c: -c[1])  # longest literal first; an exact demonym beats a stem
    return index


@lru_cache(maxsize=1)
def _adjective_index() -> dict[str, list[tuple[re.Pattern, int, dict, bool]]]:
    """The demonym entries of _index alone, for words written in lower case."""
    return {k: [c for c in v if c[3]] for k, v in _index().items()}


_WORD = re.compile(r"(?<![\w\-])\w[\w\-]*")


def find_places(text: str) -> list[PlaceMention]:
    """Place and demonym mentions in a sentence, left to right, longest name first."""
    index, adjectives = _index(), _adjective_index()
    out: list[PlaceMention] = []
    pos = 0
    for w in _WORD.finditer(text):
        if w.start() < pos:
            continue
        # a name starts with a capital; a lower-case word can only be a demonym
        table = index if w.group(0)[0].isupper() else adjectives
        for rx, _n, entry, adjective in table.get(_key(w.group(0)), ()):
            m = rx.match(text, w.start())
            if m is None or (not adjective and not text[m.start()].isupper()):
                continue
            out.append(PlaceMention(entry["code"], entry["kind"], entry["name"], m.start(), m.end(),
                                    m.group(0), adjective, _stem_end(m, entry, adjective)))
            pos = m.end()
            break
    return _with_districts(text, out)


_NAME = r"(?-i:[A-ZÀ-ỸĐА-ЯЁӘҒҚҢӨҰҮҺІ])[\w\-]+"
# Districts no gazetteer lists in full: "huyện Mê Linh", "quận Gò Vấp", "Сайрам ауданы",
# "в Сарыагашском районе", "Zhanaarka district". The name is kept as written; the code is
# a folded form of it, so repeated mentions agree.
_DISTRICT = re.compile(
    rf"(?:\b(?:huyện|quận|thị xã|phường|xã)\s+((?:{_NAME})(?:\s+{_NAME}){{0,2}})"
    rf"|((?:{_NAME})(?:\s+{_NAME})?)\s+(?:ауданы\w*|аудан\w*|район\w*|district)\b)", re.I)


_DISTRICT_WORDS = ("huyện", "quận", "thị xã", "phường", "xã", "аудан", "район", "district")


def _with_districts(text: str, found: list[PlaceMention]) -> list[PlaceMention]:
    """Gazetteer matches plus districts named by a district word, where they do not overlap."""
    lowered = text.lower()
    if not any(word in lowered for word in _DISTRICT_WORDS):
        return found
    extra = []
    for m in _DISTRICT.finditer(text):
        g = 1 if m.group(1) else 2
        words = [w for w in re.finditer(r"[\w\-]+", m.group(g))
                 if not any(p.start <= m.start(g) + w.start() < p.end for p in found)]
        if g == 1:  # "huyện Mê Linh để": the capitalised words right after the district word
            words = list(itertools.takewhile(lambda w: w.group(0)[0].isupper(), words))
        else:  # "Шымкенттің Абай ауданы": the capitalised words right before it
            words = list(itertools.takewhile(lambda w: w.group(0)[0].isupper(), reversed(words)))[::-1]
        if not words:
            continue
        start, end = m.start(g) + words[0].start(), m.start(g) + words[-1].end()
        name = text[start:end]
        extra.append(PlaceMention(f"LOC:{fold(name)}", "district", name, start, end, name, False, end))
    return sorted(found + extra, key=lambda p: p.start) if extra else found


def _stem_end(m: re.Match, entry: dict, adjective: bool) -> int:
    """Offset where the inflectional ending of the last word of the match begins."""
    text = m.group(0)
    names = entry.get("adj", []) if adjective else entry["forms"]
    best = 0
    for form in names:
        last = fold(form.split()[-1].rstrip("*"))
        if fold(text.split()[-1]).startswith(last):
            best = max(best, len(last))
    last_word_start = m.start() + len(text) - len(text.split()[-1])
    return last_word_start + best if best else m.end()


def name_for(mention: PlaceMention) -> str:
    """How to write a mention as a place: its own text, but a demonym ("белорусских",
    "Russian", "ресейлік") becomes the place's name in the same script ("Беларус…", "Russia")."""
    if not mention.adjective:
        return mention.text
    entry = next(e for e in places() if e["code"] == mention.code and e["kind"] == mention.kind)
    cyrillic = bool(re.match(r"[\u0400-\u04ff]", mention.text))
    same_script = [f for f in entry["forms"] if bool(re.match(r"[\u0400-\u04ff]", f)) == cyrillic]
    ranked = sorted(same_script, key=lambda f: (" " in f, f.endswith("*"), len(f)))  # whole one-word names first
    start = fold(mention.text)[:2]
    best = next((f for f in ranked if fold(f).startswith(start)), ranked[0] if ranked else mention.text)
    return best.rstrip("*")


def country_mention(code: str, lang: str) -> PlaceMention | None:
    """A country the text does not name but means ("елімізде", "the country"), written in
    the document's script: the gazetteer's first whole name for it."""
    entry = next((e for e in places() if e["code"] == code and e["kind"] == "country"), None)
    if entry is None:
        return None
    cyrillic = lang in ("ru", "kk")
    names = [f.rstrip("*") for f in entry["forms"] if bool(re.match(r"[\u0400-\u04ff]", f)) == cyrillic]
    if lang == "kk":
        names.sort(key=lambda f: not re.search(r"[әғқңөұүһі]", f.lower()))
    if lang == "vi":
        names.sort(key=lambda f: fold(f) == f.lower())  # the name with Vietnamese marks first
    name = names[0] if names else entry["name"]
    return PlaceMention(code, "country", entry["name"], 0, 0, name, False, len(name))
