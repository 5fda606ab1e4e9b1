"""Cue lexicons (data/lexicon.json) and matching them in a sentence.

Russian entries are pymorphy3 lemmas, so every inflection of a word matches without
listing endings. Kazakh, Vietnamese and English entries are surface phrases; a trailing
`*` admits any word ending (Kazakh case suffixes, English plurals). Matching is
case-insensitive and keeps the longest non-overlapping matches of a category.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Optional

DATA_DIR = Path(__file__).parent / "data"
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Cue:
    """A lexicon match: canonical code and [start, end) offsets in the sentence."""

    code: str
    start: int
    end: int


@lru_cache(maxsize=1)
def lexicon_data() -> dict:
    """The lexicon file, loaded once on first use."""
    return json.loads((DATA_DIR / "lexicon.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _morph():
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=200_000)
def lemmas(word: str) -> tuple[str, ...]:
    """pymorphy3 normal forms of a Russian word, likeliest first (lower case, ё folded to е).

    All readings are kept: "прибыли" is both "прибыть" (arrived) and "прибыль" (profit).
    """
    w = word.lower().replace("ё", "е")
    if not re.search(r"[а-я]", w):
        return (w,)
    out: list[str] = []
    for parse in _morph().parse(w)[:4]:
        form = parse.normal_form.replace("ё", "е")
        if form not in out:
            out.append(form)
    return tuple(out) or (w,)


def lemma(word: str) -> str:
    """The likeliest normal form of a Russian word."""
    return lemmas(word)[0]


@lru_cache(maxsize=4096)
def lemma_tokens(text: str) -> tuple[tuple[tuple[str, ...], int, int], ...]:
    """(normal forms incl. the surface form, start, end) for every word of a sentence."""
    out = []
    for m in _WORD.finditer(text):
        surface = m.group(0).lower().replace("ё", "е")
        forms = lemmas(m.group(0))
        out.append((forms if surface in forms else forms + (surface,), m.start(), m.end()))
    return tuple(out)


def _surface_regex(phrase: str) -> str:
    star = phrase.endswith("*")
    body = phrase.rstrip("*")
    parts = []
    for ch in body:
        if ch == " ":
            parts.append(r"\s+")
        elif ch in "-–":
            parts.append(r"[\-‐–\s]?\s*")
        else:
            parts.append(re.escape(ch))
    tail = r"\w*" if star else r"(?!\w)"
    return r"(?<!\w)" + "".join(parts) + tail


@lru_cache(maxsize=256)
def _phrase_index(category: str, lang: str) -> dict[str, list[tuple[re.Pattern, str]]]:
    """Phrases keyed by the first (up to) three letters of their first word.

    A sentence is then scanned word by word against a few candidates, which is many
    times faster than one alternation of every phrase.
    """
    index: dict[str, list[tuple[re.Pattern, str, int]]] = {}
    for code, by_lang in lexicon_data()[category].items():
        for phrase in by_lang.get(lang, []):
            first = re.match(r"\w+", phrase.lower().lstrip("-"))
            key = first.group(0)[:3] if first else phrase[:1].lower()
            index.setdefault(key, []).append((re.compile(_surface_regex(phrase), re.I), code, len(phrase)))
    return {k: [(rx, code) for rx, code, _n in sorted(v, key=lambda c: -c[2])] for k, v in index.items()}


@lru_cache(maxsize=64)
def _lemma_index(category: str) -> dict[str, list[tuple[str, tuple[str, ...]]]]:
    index: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for code, by_lang in lexicon_data()[category].items():
        for phrase in by_lang.get("ru", []):
            seq = tuple(w.replace("ё", "е") for w in phrase.lower().split())
            if seq:
                index.setdefault(seq[0], []).append((code, seq))
    return index


def word_starts(text: str) -> dict[str, list[int]]:
    """Word start offsets of a sentence keyed by their first one, two and three letters."""
    starts: dict[str, list[int]] = {}
    for w in _WORD.finditer(text):
        word = w.group(0).lower()
        for key in {word[:3], word[:2], word[:1]}:
            starts.setdefault(key, []).append(w.start())
    return starts


_word_starts = lru_cache(maxsize=4096)(word_starts)


def _lemma_cues(category: str, text: str, tokens: Optional[Callable[[], tuple]] = None) -> list[Cue]:
    index = _lemma_index(category)
    toks = tokens() if tokens is not None else lemma_tokens(text)
    cues = []
    for i, (forms, start, _end) in enumerate(toks):
        for code, seq in {c for f in forms for c in index.get(f, ())}:
            window = toks[i:i + len(seq)]
            if len(window) == len(seq) and all(w in t[0] for t, w in zip(window, seq)):
                cues.append(Cue(code, start, window[-1][2]))
    return cues


# Kazakh reports quote Russian officials inside Kazakh sentences; Russian prepositions and
# conjunctions, which Kazakh does not have, tell such a sentence apart cheaply
_RU_FUNCTION_WORD = re.compile(r"(?<!\w)(?:и|в|во|на|за|по|что|с|со|из|для|от|не)(?!\w)", re.I)


_KK_LETTER = re.compile(r"[әғқңөұүһі]", re.I)


@lru_cache(maxsize=4096)
def _has_russian(text: str) -> bool:
    """A Russian function word, or few words with Kazakh letters (a Russian sentence that
    names a Kazakh organisation)."""
    if _RU_FUNCTION_WORD.search(text):
        return True
    words = _WORD.findall(text)
    return bool(words) and sum(1 for w in words if _KK_LETTER.search(w)) < 0.25 * len(words)


def load_indexes() -> None:
    """Build every category's cue indexes now, for every language (`find_cues` builds each
    on first use): Russian lemma sequences, and phrases for the other languages; and load
    the Russian morphological analyser."""
    _morph()
    for category, cues in lexicon_data().items():
        if not isinstance(cues, dict):  # "_about": the file's description
            continue
        _lemma_index(category)
        for lang in ("kk", "vi", "en"):  # Russian cues are found by lemma (find_cues)
            _phrase_index(category, lang)


def find_cues(category: str, text: str, lang: str, *, starts: Optional[dict[str, list[int]]] = None,
              tokens: Optional[Callable[[], tuple]] = None) -> list[Cue]:
    """Longest non-overlapping cues of a category in `text` for a document language.

    English cues are always tried too, since reports in every language quote English
    terms (PCR, ICU, PPE); Russian lemmas are tried in Kazakh sentences too, since
    Kazakh reports quote Russian statements within one sentence. A caller that asks for
    several categories of one sentence passes its `word_starts` and `lemma_tokens` (as
    a function: computed only when needed), kept for the whole document: the module's
    caches hold 4,096 sentences, fewer than a large report has.
    """
    cues: list[Cue] = []
    if lang == "ru" or (lang == "kk" and _has_russian(text)):
        cues.extend(_lemma_cues(category, text, tokens))
    starts = starts if starts is not None else _word_starts(text)
    for lg in sorted({lang, "en"} - {"ru"}):
        index = _phrase_index(category, lg)
        for key in starts.keys() & index.keys():
            for pos in starts[key]:
                for rx, code in index[key]:
                    m = rx.match(text, pos)
                    if m:
                        cues.append(Cue(code, m.start(), m.end()))
    return _longest_first(cues)


def _longest_first(cues: list[Cue]) -> list[Cue]:
    chosen: list[Cue] = []
    for cue in sorted(cues, key=lambda c: (-(c.end - c.start), c.start)):
        if all(cue.end <= c.start or cue.start >= c.end for c in chosen):
            chosen.append(cue)
    return sorted(chosen, key=lambda c: c.start)

