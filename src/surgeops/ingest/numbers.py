"""Numbers as reports write them: digit groups in each locale, scale words, number words.

"25.500" (vi) and "1 766" are 25500 and 1766; "1,2 млн" and "2,5 nghìn" are scaled;
"300–ге" keeps its Kazakh case suffix outside the number; "hai", "два", "екі", "twelve"
are numbers too. Dates, times, codes like "5500/QĐ" and "COVID-19" are not.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from surgeops.ingest.lexicon import lemma

_DATA = Path(__file__).parent / "data" / "numbers.json"


@dataclass(frozen=True)
class Number:
    """A number mention: value, [start, end) offsets in the sentence, and whether it is a percentage."""

    value: float
    start: int
    end: int
    percent: bool = False


_DIGITS = re.compile(
    r"(?<![\w/:.,\-–])(\d{1,3}(?:[ .,]\d{3})+|\d+(?:[.,]\d+)?)"
    r"(?:\s*[\-–—]\s*(\d+(?:[.,]\d+)?))?(?![\w/:]|[.,]\d)"
)
_SCALE_TAIL = re.compile(
    r"\s*(тыс\.?|тысяч\w*|млн\.?|миллион\w*|млрд\.?|миллиард\w*|мың\w*|nghìn|ngàn|triệu|tỷ|tỉ|thousand|million|mln|billion|bn)(?!\w)",
    re.I,
)
_SCALES = {"тыс": 1e3, "тысяч": 1e3, "млн": 1e6, "миллион": 1e6, "млрд": 1e9, "миллиард": 1e9, "мың": 1e3,
           "nghìn": 1e3, "ngàn": 1e3, "triệu": 1e6, "tỷ": 1e9, "tỉ": 1e9, "thousand": 1e3, "million": 1e6,
           "mln": 1e6, "billion": 1e9, "bn": 1e9}
_SCALE_REST = re.compile(r"\s+(\d{1,3})(?![\d.,/:]|\s?%|\s\d)")
_KK_SUFFIX = re.compile(r"\s?[\-–]\s?[а-яәғқңөұүһі]{1,6}(?![\w\-])")
_PERCENT = re.compile(r"\s*(%|процент\w*|пайыз\w*|phần trăm|per\s?cent)", re.I)


@lru_cache(maxsize=1)
def _words() -> dict:
    return json.loads(_DATA.read_text(encoding="utf-8"))


def parse_digits(token: str, lang: str) -> float:
    """Value of a digit token in the document's locale (thousands vs decimal separators)."""
    token = token.replace(" ", "")
    thousands, decimal = (",", ".") if lang == "en" else (".", ",")
    if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", token) and (token.count(thousands) or token.count(".") > 1):
        return float(re.sub(r"[.,]", "", token))
    return float(token.replace(thousands, "").replace(decimal, "."))


def find_numbers(text: str, lang: str, *, masked: list[tuple[int, int]] = ()) -> list[Number]:
    """Every number mention in a sentence, skipping spans in `masked` (dates, times)."""
    found = _digit_numbers(text, lang) + _half_numbers(text)
    found += [n for n in _word_numbers(text, lang) if not any(h.start <= n.start < h.end for h in found)]
    out = [n for n in found if not any(s <= n.start < e for s, e in masked)]
    return sorted(out, key=lambda n: n.start)


def _digit_numbers(text: str, lang: str) -> list[Number]:
    out: list[Number] = []
    for m in _DIGITS.finditer(text):
        if out and m.start() < out[-1].end:
            continue  # the "150" of "2 мың 150", already read
        if m.start() > 0 and text[m.start() - 1] == "-" and m.start() > 1 and text[m.start() - 2].isalpha():
            continue
        value = parse_digits(m.group(2) or m.group(1), lang)
        end = m.end()
        scale = _SCALE_TAIL.match(text, end)
        if scale:
            value *= _SCALES[_scale_key(scale.group(1))]
            end = scale.end()
            rest = _SCALE_REST.match(text, end)  # "2 мың 150", "3 тысячи 200": thousands, then the rest
            if rest and value >= 1000 and int(rest.group(1)) < 1000:
                value += int(rest.group(1))
                end = rest.end()
        if lang == "kk":
            suffix = _KK_SUFFIX.match(text, end)  # "800-і", "300–ге": a case ending, part of the number
            end = suffix.end() if suffix else end
        pct = _PERCENT.match(text, end)
        out.append(Number(round(value, 6), m.start(), pct.end() if pct else end, percent=bool(pct)))
    return out


_HALF = re.compile(r"(?<!\w)(?:half\s+an?|пол|полу|жарты|nửa)\s*-?\s*"
                   r"(million|billion|thousand|миллион\w*|млн|тысяч\w*|тыс\.?|мың\w*|triệu|nghìn|ngàn)(?!\w)", re.I)


def _half_numbers(text: str) -> list[Number]:
    """"half a million", "полмиллиона", "жарты миллион", "nửa triệu": half of the scale."""
    return [Number(0.5 * _SCALES[_scale_key(m.group(1))], m.start(), m.end()) for m in _HALF.finditer(text)]


def _scale_key(word: str) -> str:
    w = word.lower().rstrip(".")
    for key in _SCALES:
        if w.startswith(key):
            return key
    return w


def _word_numbers(text: str, lang: str) -> list[Number]:
    table = _words().get(lang)
    if not table:
        return []
    out: list[Number] = []
    run: list[tuple[str, float, int, int]] = []
    for m in re.finditer(r"\w+", text):
        word = m.group(0).lower()
        key = lemma(word) if lang == "ru" else word
        kind = _kind(table, key)
        if kind is None or (kind[0] == "units" and run and run[-1][0] in ("units", "teens")):
            _flush(run, out)
            run = [] if kind is None else [(kind[0], kind[1], m.start(), m.end())]
            continue
        if run and text[run[-1][3]:m.start()].strip(" -") != "":
            _flush(run, out)
            run = []
        run.append((kind[0], kind[1], m.start(), m.end()))
    _flush(run, out)
    return out


def _kind(table: dict, key: str) -> tuple[str, float] | None:
    for kind in ("units", "teens", "tens", "hundreds", "scales"):
        if key in table.get(kind, {}):
            return kind, float(table[kind][key])
    for suffix in _KK_WORD_SUFFIXES if "suffixable" in table else ():
        if key.endswith(suffix) and key[:-len(suffix)] in table["suffixable"]:
            return _kind(table, key[:-len(suffix)])
    return None


# Kazakh number words take a possessive or case ending: "қырық бесі" (forty-five of them),
# "екеуі" (the two of them); ordinals ("бесінші") are not counts and "он", "бір", "үш"
# are left out of numbers.json's "suffixable" list ("оның" is "its", "үшін" is "for").
_KK_WORD_SUFFIXES = ("і", "ы", "сі", "сы", "не", "на", "ге", "ға", "ке", "қа", "ден", "дан", "тен", "тан", "нен", "нан",
                     "мен", "бен", "пен")


def _flush(run: list[tuple[str, float, int, int]], out: list[Number]) -> None:
    if not run or run[0][0] == "scales":
        return
    total, current = 0.0, 0.0
    for kind, value, _s, _e in run:
        if kind == "scales":
            total += (current or 1) * value
            current = 0.0
        elif kind == "hundreds" or (kind == "tens" and value == 10 and 0 < current < 10):
            # "hai mươi" (2 x 10) multiplies, "mười hai" (10 + 2) adds
            current = (current or 1) * value
        else:
            current += value
    out.append(Number(total + current, run[0][2], run[-1][3]))


_ORDINAL_BEFORE = re.compile(r"(?:\bthứ|\bsố|№|\bNo\.?|\bномер|\bкезекті|#)\s*$", re.I)


def is_ordinal(text: str, num: Number) -> bool:
    """"Bệnh viện dã chiến số 1", "больница №7", "No. 5": a label, not a quantity."""
    return bool(_ORDINAL_BEFORE.search(text[max(0, num.start - 12):num.start]))
