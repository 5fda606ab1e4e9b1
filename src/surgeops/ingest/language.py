"""Language of a report: ru, kk, vi or en.

Script cues decide the easy cases cheaply (Vietnamese letters, Kazakh-only Cyrillic
letters); lingua, restricted to the four languages and built once, decides the rest.
"""

from __future__ import annotations

import re
from functools import lru_cache

LANGS = ("ru", "kk", "vi", "en")
_KK_LETTERS = re.compile(r"[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")
_CYRILLIC = re.compile(r"[а-яёА-ЯЁ]")
_VI_LETTERS = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ]", re.I)
_LATIN = re.compile(r"[a-zA-Z]")


@lru_cache(maxsize=1)
def _detector():
    from lingua import Language, LanguageDetectorBuilder

    langs = (Language.RUSSIAN, Language.KAZAKH, Language.VIETNAMESE, Language.ENGLISH)
    # all four models now (about 120 MB), not one by one inside later detections (0.5-0.8 s each)
    return LanguageDetectorBuilder.from_languages(*langs).with_preloaded_language_models().build()


def load_detector() -> None:
    """Build the detector for mixed-script documents, with its models, if not built yet."""
    _detector()


_LINGUA_CODES = {"RUSSIAN": "ru", "KAZAKH": "kk", "VIETNAMESE": "vi", "ENGLISH": "en"}


def detect_language(text: str) -> str:
    """Best guess among ru/kk/vi/en for a whole document (defaults to en for no letters)."""
    sample = text[:6000]
    cyr = len(_CYRILLIC.findall(sample)) + len(_KK_LETTERS.findall(sample))
    lat = len(_LATIN.findall(sample)) + len(_VI_LETTERS.findall(sample))
    if cyr == 0 and lat == 0:
        return "en"
    if cyr > lat:
        kk = len(_KK_LETTERS.findall(sample)) / cyr
        if kk >= 0.06:  # Kazakh prose is above 0.08; a Russian text quoting Kazakh names stays below
            return "kk"
        return (_lingua(sample, allowed=("ru", "kk")) or "ru") if kk > 0.003 else "ru"
    vi = len(_VI_LETTERS.findall(sample)) / lat
    if vi >= 0.1:  # Vietnamese prose is dense with marked letters; English naming a province is not
        return "vi"
    return (_lingua(sample, allowed=("en", "vi")) or "en") if vi > 0.005 else "en"


def _lingua(sample: str, *, allowed: tuple[str, ...]) -> str | None:
    lang = _detector().detect_language_of(sample[:2000])
    code = _LINGUA_CODES.get(lang.name) if lang is not None else None
    return code if code in allowed else None


def sentence_language(text: str, doc_lang: str) -> str:
    """Language of one sentence by script alone, falling back to the document's language."""
    if doc_lang not in ("ru", "kk"):
        return doc_lang
    cyr = len(_CYRILLIC.findall(text))
    if cyr < 12:
        return doc_lang
    has_kk = bool(_KK_LETTERS.search(text))
    if doc_lang == "kk" and not has_kk:
        return "ru"
    if doc_lang == "ru" and len(_KK_LETTERS.findall(text)) >= 2:
        return "kk"
    return doc_lang
