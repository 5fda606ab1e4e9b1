"""Sentences with their character offsets into the plain text, and text folding helpers."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Sentence:
    """One sentence of the plain text: its index, [start, end) offsets and text."""

    index: int
    start: int
    end: int
    text: str


_ABBREV = {
    "г", "гг", "ул", "им", "т", "ст", "проф", "акад", "обл", "р", "тыс", "млн", "млрд", "д", "н", "э",
    "dr", "mr", "mrs", "ms", "st", "prof", "no", "vs", "etc", "jan", "feb", "aug", "sept", "oct", "nov", "dec",
    "ts", "bs", "pgs", "gs", "ths", "tp", "bv", "ttxvn", "ông", "bà", "ж", "б", "в",
}
_BOUNDARY = re.compile(r"[.!?…]+[\"»”')\]]*(?=\s+[\"«“(\-–—]?[A-ZА-ЯЁӘҒҚҢӨҰҮҺІĐ0-9À-Ỹ])|\n\s*")


# Longest sentence the extractors read as one (real reports' longest is about 450
# characters). The extractors compare each number with the cues and places around it, so
# their cost grows with the square of a sentence's length: a 9 MB report without a full
# stop or line break would take hours. A longer run of text is cut at a clause boundary.
MAX_SENTENCE_CHARS = 1000


def split_sentences(text: str) -> list[Sentence]:
    """Split at sentence punctuation followed by a capital or digit, and at every line break.

    News pages put headlines, captions and datelines on their own lines without a full stop,
    so a line break always ends a sentence. Abbreviations (г., Dr., TS.) do not. A run
    longer than MAX_SENTENCE_CHARS is cut into pieces of at most that length.
    """
    out: list[Sentence] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        if m.group(0)[0] == "." and _is_abbreviation(text, m.start()):
            continue
        _append(out, text, start, m.end() if m.group(0)[0] != "\n" else m.start())
        start = m.end()
    _append(out, text, start, len(text))
    return out


def _is_abbreviation(text: str, dot: int) -> bool:
    word = re.search(r"(\w+)$", text[max(0, dot - 12):dot])
    return bool(word) and (word.group(1).lower() in _ABBREV or len(word.group(1)) == 1 and word.group(1).isupper())


def _append(out: list[Sentence], text: str, start: int, end: int) -> None:
    while end - start > MAX_SENTENCE_CHARS:
        cut = _cut(text, start, start + MAX_SENTENCE_CHARS)
        _append_one(out, text, start, cut)
        start = cut
    _append_one(out, text, start, end)


def _cut(text: str, start: int, limit: int) -> int:
    """Where to end a piece of an overlong sentence: after its last clause mark (; , : ))
    in the second half of [start, limit), else after its last space, else at the limit."""
    window = text[start + (limit - start) // 2:limit]
    clause = max(window.rfind(mark) for mark in ("; ", ", ", ": ", ") "))
    space = max(window.rfind(" "), window.rfind("\t"))
    at = clause + 1 if clause >= 0 else space
    return limit - len(window) + at + 1 if at >= 0 else limit


def _append_one(out: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(len(out), start, end, text[start:end]))


def fold(text: str) -> str:
    """Lower-case and strip diacritics (đ -> d), to match names written without accents."""
    text = unicodedata.normalize("NFKD", text).lower()
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.replace("đ", "d")


def normalize_text(text: str) -> str:
    """NFC, unified line breaks and no-break spaces, so offsets are stable for every later step."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\u00a0", " ").replace("\u202f", " ").replace("\ufeff", "")
