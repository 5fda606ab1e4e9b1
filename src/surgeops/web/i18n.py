"""Interface languages: which one a request speaks, its gettext catalogue, and numbers and
dates written the way that language writes them (Babel).

The catalogues live in `surgeops/locales/<lang>/LC_MESSAGES/messages.mo`, compiled from the
`.po` files beside them. Jinja gets one environment per language so that rendering never
swaps translations on a shared object (thread-safe under uvicorn's worker threads).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path
from typing import Mapping, Optional

from babel import Locale
from babel.dates import format_date as _format_date
from babel.numbers import NumberPattern, parse_pattern
from babel.support import NullTranslations, Translations

from surgeops.domain.codes import LANGUAGES

LOCALES = Path(__file__).parent.parent / "locales"
DOMAIN = "messages"
COOKIE = "lang"
# How each language names itself, for the language switch.
ENDONYMS: dict[str, str] = {"ru": "Русский", "kk": "Қазақша", "vi": "Tiếng Việt", "en": "English"}


def N_(message: str) -> str:
    """Mark a string for extraction without translating it (translated when rendered)."""
    return message


@lru_cache(maxsize=None)
def translations(lang: str) -> NullTranslations:
    """The compiled catalogue of `lang` (English falls back to the msgids)."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown interface language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    return Translations.load(str(LOCALES), [lang], DOMAIN)


def negotiate(*, query: Optional[str], cookie: Optional[str], accept: Optional[str], default: str) -> str:
    """The language to answer in: `?lang=` first, then the `lang` cookie, then the
    browser's Accept-Language, then the configured default."""
    for candidate in (query, cookie):
        if candidate in LANGUAGES:
            return candidate  # type: ignore[return-value]
    for lang in _accepted(accept or ""):
        if lang in LANGUAGES:
            return lang
    return default if default in LANGUAGES else "en"


def _accepted(header: str) -> list[str]:
    """Primary language subtags of an Accept-Language header, best first."""
    ranked: list[tuple[float, int, str]] = []
    for i, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if tag:
            ranked.append((-quality, i, tag.split("-")[0].lower()))
    return [tag for _, _, tag in sorted(ranked)]


@lru_cache(maxsize=None)
def locale(lang: str) -> Locale:
    return Locale.parse(lang)


@lru_cache(maxsize=None)
def _pattern(form: str) -> NumberPattern:
    return parse_pattern(form)


@lru_cache(maxsize=16384)
def number(value: Optional[float], lang: str, *, digits: int = 0) -> str:
    """A count or measure with the language's grouping and decimal signs; '—' when unknown.
    (Memoised: an overview of 700 regions formats thousands of numbers.)"""
    if value is None:
        return "—"
    return _pattern("#,##0" + ("." + "0" * digits if digits else "")).apply(value, locale(lang))


@lru_cache(maxsize=4096)
def percent(value: Optional[float], lang: str) -> str:
    """An occupancy given in percent (76.0 -> '76 %' or '76%', as the language writes it)."""
    if value is None:
        return "—"
    return locale(lang).percent_formats[None].apply(round(value) / 100.0, locale(lang))


@lru_cache(maxsize=4096)
def date(value: "dt.date | str | None", lang: str, *, form: str = "medium") -> str:
    """A day as the language writes it; ISO strings (dates kept in JSON columns) are read first."""
    if value is None or value == "":
        return "—"
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value[:10])
        except ValueError:
            return value
    return _format_date(value, format=form, locale=locale(lang))


def name_in(names: Optional[Mapping[str, Optional[str]]], lang: str, fallback: str = "") -> str:
    """A region's or facility's name in `lang`, else the first known of en, ru, kk, vi."""
    names = names or {}
    for code in (lang, "en", "ru", "kk", "vi"):
        if names.get(code):
            return str(names[code])
    return fallback
