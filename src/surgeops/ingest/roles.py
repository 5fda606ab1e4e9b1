"""Whether a place in a sentence is where something comes from or where it goes.

Cues by language: ru prepositions (из/от -> origin, в/на/к -> destination) and demonym
adjectives; kk case endings (ablative -дан/-ден -> origin, dative -ға/-ге/-на ->
destination, locative -да/-де -> weak destination); vi function words (từ/của -> origin,
hỗ trợ/chi viện/đến/tới -> destination, a place followed by cử/hỗ trợ/tặng is the sender);
en prepositions (from/of -> origin, to/for/in -> destination).
Strength: 3 explicit, 2 typical, 1 weak.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from surgeops.ingest.gazetteer import PlaceMention

ORIGIN, DESTINATION = "origin", "destination"


@dataclass(frozen=True)
class Role:
    place: PlaceMention
    role: str | None
    strength: int


_RU_BEFORE = {"из": (ORIGIN, 3), "изо": (ORIGIN, 3), "от": (ORIGIN, 2), "в": (DESTINATION, 2), "во": (DESTINATION, 2),
              "на": (DESTINATION, 1), "к": (DESTINATION, 3), "для": (DESTINATION, 2)}
_EN_BEFORE = {"from": (ORIGIN, 3), "by": (ORIGIN, 2), "of": (ORIGIN, 1), "to": (DESTINATION, 3), "into": (DESTINATION, 3),
              "for": (DESTINATION, 2), "in": (DESTINATION, 1), "at": (DESTINATION, 1)}
_RU_TEAM_OF = re.compile(r"(?:бригад|отряд|групп|команд|делегаци|медик|врач|специалист)\w*$")
_EN_PLACE_NOUNS = {"city", "province", "region", "oblast", "district", "republic", "capital", "southern", "northern",
                   "central", "eastern", "western", "neighbouring", "neighboring", "coastal"}
_VI_BEFORE = [("từ", ORIGIN, 3), ("của", ORIGIN, 2), ("do", ORIGIN, 2), ("chi viện", DESTINATION, 3), ("hỗ trợ", DESTINATION, 3),
              ("giúp", DESTINATION, 3), ("đến", DESTINATION, 3), ("tới", DESTINATION, 3), ("cho", DESTINATION, 2),
              ("vào", DESTINATION, 2), ("về", DESTINATION, 2), ("sang", DESTINATION, 2), ("tại", DESTINATION, 1),
              ("ở", DESTINATION, 1),
              ("đoàn", ORIGIN, 2), ("đội", ORIGIN, 2), ("bác sĩ", ORIGIN, 2), ("cán bộ", ORIGIN, 2),
              ("chuyên gia", ORIGIN, 2), ("điều dưỡng", ORIGIN, 2)]
_VI_SKIP = {"tỉnh", "thành", "phố", "tp", "tp.", "huyện", "quận", "ngành", "y", "tế", "sở", "nhân", "dân", "người",
            "địa", "bàn", "phương", "thủ", "đô", "bệnh", "viện", "các", "cdc", "trung", "tâm", "kiểm", "soát", "tật"}
_VI_SENDER = re.compile(r"^\s*(?:đã\s+|vừa\s+|tiếp tục\s+)?(?:cử|hỗ trợ|tặng|trao|gửi|điều động|ủng hộ|chi viện|xuất quân|chuyển)\b", re.I)
_SENDER = {
    "ru": re.compile(r"\s*(?:уже\s+|также\s+|безвозмездно\s+)?(?:передал|направил|отправил|доставил|выделил|подарил|прислал|командировал)\w*", re.I),
    "kk": re.compile(r"\s*(?:(?:тарапы|жағы|үкіметі)\s+)?(?:жіберді|берді|табыстады|сыйға|жеткізді|бөлді)", re.I),
    "en": re.compile(r"(?:'s(?:\s+\w+){1,2}|(?:\s+(?!to\b|from\b)[\w,]+){1,4}?)?\s+(?:has\s+|have\s+|had\s+|will\s+|would\s+|is\s+to\s+|to\s+|plans\s+to\s+)?(?:sent|sends?|donated|donates?|dispatched|dispatch(?:es)?|delivered|delivers?|shipped|ships?|provided|provides?|handed|hands?|deployed|gave|gives?|airlifted)\b", re.I),
}
_KK_GENERIC = re.compile(r"\s+(?:қала|облыс|аудан|өңір|республика|федерация|тарап|үкімет)\w*", re.I)
_KK_ENDINGS = [(re.compile(r"(?:дан|ден|тан|тен|нан|нен)$"), ORIGIN, 3),
               (re.compile(r"(?:да|де|та|те|нда|нде)$"), DESTINATION, 1),
               (re.compile(r"(?:ға|ге|қа|ке|на|не|а|е)$"), DESTINATION, 3),
               (re.compile(r"(?:лық|лік|дық|дік|тық|тік)$"), ORIGIN, 1)]


def place_roles(text: str, mentions: list[PlaceMention], lang: str) -> list[Role]:
    """A role guess for every place mention of a sentence."""
    return [_role(text, p, lang) for p in mentions]


def _role(text: str, p: PlaceMention, lang: str) -> Role:
    if p.adjective:
        return Role(p, ORIGIN, 2)
    if p.start == 0 and re.match(r"\s*,", text[p.end:]) and p.kind != "country":
        return Role(p, DESTINATION, 1)  # a dateline: where the report is filed
    before = text[max(0, p.start - 40):p.start]
    if lang == "en":
        before = re.sub(r"[\w\-]+['’]s\s+$", "", before)  # "in Kazakhstan's Turkestan region": "in" governs both
    words = re.findall(r"[\w.]+", before.lower())
    if lang == "kk" or (lang != "vi" and re.search(r"[әғқңөұүһі]", p.text.lower())):
        return _kk_role(text, p)
    if lang == "vi":
        return _vi_role(text, p, words)
    sender = _SENDER.get(lang)
    if sender is not None and sender.match(text, p.end):
        return Role(p, ORIGIN, 3)
    table = _RU_BEFORE if lang in ("ru", "kk") else _EN_BEFORE
    recent = list(reversed(words[-5:]))
    for k, w in enumerate(recent):
        if w == "of" and k + 1 < len(recent) and recent[k + 1] in _EN_PLACE_NOUNS:
            continue  # "the province of Binh Duong": a name, not where something comes from
        if w in table:
            return Role(p, *table[w])
        if k == 0 and lang == "ru" and _RU_TEAM_OF.match(w):
            return Role(p, ORIGIN, 2)  # "отряд МЧС России", "бригада Минздрава": whose team it is
        skippable = w in _EN_PLACE_NOUNS or w in ("the", "г.", "г", "город", "области", "столицу", "столица")
        if not skippable and not (lang == "en" and k == 0 and w.isalpha() and w.islower()):
            break
    return Role(p, None, 0)


def _kk_role(text: str, p: PlaceMention) -> Role:
    if _SENDER["kk"].match(text, p.end):
        return Role(p, ORIGIN, 3)
    generic = _KK_GENERIC.match(text, p.end)
    word = generic.group(0).strip() if generic else text[p.stem_end:p.end]
    for rx, role, strength in _KK_ENDINGS:
        if word and rx.search(word.lower()):
            return Role(p, role, strength)
    return Role(p, None, 0)


def _vi_role(text: str, p: PlaceMention, words: list[str]) -> Role:
    if _VI_SENDER.match(text[p.end:]):
        return Role(p, ORIGIN, 3)
    tail = " ".join(words[-6:])
    best: tuple[int, str, int] | None = None
    for cue, role, strength in _VI_BEFORE:
        for m in re.finditer(rf"(?<!\w){re.escape(cue)}(?!\w)", tail):
            between = tail[m.end():].split()
            if all(w in _VI_SKIP for w in between) and (best is None or m.end() > best[0]):
                best = (m.end(), role, strength)
    return Role(p, best[1], best[2]) if best else Role(p, None, 0)

