"""Who leads a team: a personal name next to a leadership cue (глава, басшылығымен, trưởng đoàn, led by)."""

from __future__ import annotations

import re

_CAP = r"(?<![\w.])[^\W\d_][\w’'\-]+"
_WORD_RX = re.compile(_CAP)
_NOT_NAMES = re.compile(
    r"^(?:Bệnh|Sở|Bộ|Phó|Giám|Trung|Ủy|Quản|Chủ|Thứ|Trưởng|Đoàn|Khoa|Viện|Tỉnh|Thành|Quyết|Ngày|Sáng|Chiều|"
    r"Заместител|Департамент|Министр|Правительств|Комисси|Акимат|Глав|Руководител|Вице|Премьер|Федерац|Ресей|Республик|"
    r"Deputy|Minister|Ministry|Department|Hospital|Director|Head|The|Doctor|Professor|Dr)", re.I)


def find_lead(doc, i: int, *, whole_document: bool = True) -> str | None:
    """Leader named in sentence i or next to it, or (for the document's main team) in any
    sentence with a leadership cue and a team word."""
    for j in (i, i + 1, i - 1):
        name = _lead_in(doc, j) if 0 <= j < len(doc.sentences) else None
        if name:
            return name
    if not whole_document:
        return None
    for j in range(len(doc.sentences)):
        if j != i and doc.has("team", j):
            name = _lead_in(doc, j)
            if name:
                return name
    return None


def _lead_in(doc, i: int) -> str | None:
    cues = doc.cues("lead", i)
    if not cues:
        return None
    text = doc.sentences[i].text
    names = [_after_titles(_after_places(m, doc.places(i))) for m in _capitalised_runs(text)]
    names = [m for m in names if m is not None]
    if doc.sentence_lang(i) == "ru":
        # pymorphy3 knows Russian names; Kazakh, Uzbek ones fall back to capitalised runs
        names = _ru_names(text) or [m for m in names if _SURNAME.search(m.group(1))]
    if not names:
        return None
    cue = cues[0]
    best = min(names, key=lambda m: _distance(m, cue, doc.sentence_lang(i)))
    return _trim(best.group(1))


_SURNAME = re.compile(r"(?:ов|ев|ёв|ин|ова|ева|ина|енко|ский|ская|ұлы|қызы|uly|bekov|ян|швили|дзе)\b", re.I)


def _after_places(m, places) -> "_Span | None":
    """A capitalised run without the place names it starts with ("Алматы Марат Жумабеков"
    is "Марат Жумабеков"); None when nothing of two words is left."""
    start = m.start()
    for p in sorted(places, key=lambda p: p.start):
        if p.start <= start < p.end:
            start = p.end
    rest = m.group(1)[start - m.start():].strip()
    if len(rest.split()) < 2:
        return None if start > m.start() else m
    return _Span(m.end() - len(rest), m.end(), rest)


def _after_titles(m) -> "_Span | None":
    """A run without its leading titles ("Dr Tran Kiem Hao" is "Tran Kiem Hao"); None when
    fewer than two words are left or the run is all titles and offices."""
    if m is None:
        return None
    words = m.group(1).split()
    k = 0
    while k < len(words) and _NOT_NAMES.match(words[k]):
        k += 1
    if k == 0:
        return m
    if len(words) - k < 2:
        return None
    rest = " ".join(words[k:])
    return _Span(m.end() - len(rest), m.end(), rest)


def _capitalised_runs(text: str) -> list:
    """Runs of 2-4 capitalised words separated by single spaces (candidate personal names)."""
    runs, current = [], []
    for w in _WORD_RX.finditer(text):
        if w.group(0)[0].isupper() and (not current or text[current[-1].end():w.start()] == " "):
            current.append(w)
            continue
        runs.append(current)
        current = [w] if w.group(0)[0].isupper() else []
    runs.append(current)
    # titles first: "BSCKII Phạm Văn Hưng", "PGS.TS ..." lose their all-capital abbreviations,
    # and a long run ("Deputy Health Minister Oleg Gridnev") keeps its last two words
    runs = [[w for w in r if not (w.group(0).isupper() and len(w.group(0)) > 1)] for r in runs]
    runs = [r if len(r) <= 4 else r[-2:] for r in runs]
    return [_Span(r[0].start(), r[-1].end(), text[r[0].start():r[-1].end()]) for r in runs if len(r) >= 2]


def _distance(m: re.Match, cue, lang: str) -> int:
    if m.start() >= cue.end:
        return m.start() - cue.end
    return (cue.start - m.end()) + {"kk": 0, "vi": 5}.get(lang, 100)


class _Span:
    """A name found by morphology, shaped like a regex match for _distance."""

    def __init__(self, start: int, end: int, text: str) -> None:
        self._start, self._end, self._text = start, end, text

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end

    def group(self, _n: int) -> str:
        return self._text


def _ru_names(text: str) -> list:
    """First name + surname pairs (either order), by pymorphy3's Name/Surn tags."""
    from surgeops.ingest.lexicon import _morph

    words = [w for w in _WORD_RX.finditer(text) if w.group(0)[0].isupper()]
    tags = [str(_morph().parse(w.group(0))[0].tag) for w in words]
    out = []
    for k in range(len(words) - 1):
        a, b = tags[k], tags[k + 1]
        adjacent = text[words[k].end():words[k + 1].start()].strip() == ""
        unknown_b = not _morph().word_is_known(words[k + 1].group(0).lower())  # Сейткали, Жумабеков
        if adjacent and (("Name" in a and ("Surn" in b or "Name" in b or unknown_b)) or ("Surn" in a and "Name" in b)):
            out.append(_Span(words[k].start(), words[k + 1].end(), text[words[k].start():words[k + 1].end()]))
    return out


def _trim(name: str) -> str:
    words = name.split()
    return " ".join(words[:3]) if len(words) > 3 else name
