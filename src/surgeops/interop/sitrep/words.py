"""The report's words in one language: messages from data/sitrep_messages.json, and
numbers, percentages and dates formatted by Babel for that language."""

from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache
from importlib import resources
from typing import Optional

from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

from surgeops.domain.codes import LANGUAGES


@lru_cache(maxsize=1)
def messages() -> dict[str, dict[str, str]]:
    return json.loads((resources.files("surgeops.interop") / "data" / "sitrep_messages.json").read_text(encoding="utf-8"))


class Words:
    """Translate and format for one of the four languages."""

    def __init__(self, lang: str) -> None:
        if lang not in LANGUAGES:
            raise ValueError(f"language {lang!r}: choose one of {', '.join(LANGUAGES)}")
        self.lang = lang

    def __call__(self, key: str) -> str:
        entry = messages()[key]
        return entry.get(self.lang) or entry["en"]

    def count(self, value: Optional[int]) -> str:
        return "—" if value is None else format_decimal(value, locale=self.lang)

    def pct(self, value: Optional[float]) -> str:
        """An occupancy percentage (0-100) rounded to whole percent, as the language writes it."""
        return "—" if value is None else format_percent(value / 100.0, locale=self.lang)

    def date(self, day: Optional[dt.date]) -> str:
        return "—" if day is None else format_date(day, format="long", locale=self.lang)

    def short_date(self, day: dt.date) -> str:
        return format_date(day, format="short", locale=self.lang)

    def name(self, names: dict[str, str], fallback: str = "") -> str:
        """A record's name in this language, else English, else any, else the fallback (its code)."""
        return names.get(self.lang) or names.get("en") or next((v for v in names.values() if v), fallback)

    def bed(self, bed_type: str) -> str:
        return self(f"bed.{bed_type}") if f"bed.{bed_type}" in messages() else bed_type
