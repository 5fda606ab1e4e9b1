"""Dates in ru/kk/vi/en text, absolute or relative to the publication date.

"6 Шілде 2020", "05/12/2021", "ngày 5 tháng 12 năm 2021", "July 6, 2020" carry a year;
"Ngày 5-12", "Sáng 18/5", "6 июля" take the year of publication; "сегодня", "бүгін",
"hôm nay", "today" are the publication date itself. Without a publication date, dates
without a year resolve to None but are still reported so that numbers skip them.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

_DATA = Path(__file__).parent / "data" / "dates.json"


@dataclass(frozen=True)
class DateMention:
    """A date in a sentence: resolved value (or None) and [start, end) offsets."""

    value: dt.date | None
    start: int
    end: int
    has_year: bool


@lru_cache(maxsize=1)
def _data() -> dict:
    return json.loads(_DATA.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[str, re.Pattern]]:
    d = _data()
    months = "|".join(f"(?P<m{i}_{lg}>{stem})" for lg, stems in d["months"].items() for i, stem in enumerate(stems))
    vi_cue = "|".join(sorted(d["vi_day_cues"], key=len, reverse=True))
    rel = "|".join(re.escape(w) for ws in d["relative"].values() for w in sorted(ws, key=len, reverse=True))
    return [
        ("iso", re.compile(r"(?<!\d)(?P<y>\d{4})-(?P<mo>\d{1,2})-(?P<d>\d{1,2})(?!\d)")),
        ("dmy", re.compile(r"(?<![\d/.\-])(?P<d>\d{1,2})[./\-](?P<mo>\d{1,2})[./\-](?P<y>\d{4}|\d{2})(?![\d/])")),
        ("vi_words", re.compile(r"(?<!\d)(?P<d>\d{1,2})\s+tháng\s+(?P<mo>\d{1,2})(?:\s*(?:năm|,|/)\s*(?P<y>\d{4}))?", re.I)),
        ("vi_dm", re.compile(rf"(?<!\w)(?:{vi_cue})\s+(?P<d>\d{{1,2}})[/\-.](?P<mo>\d{{1,2}})(?![\d/\-.])", re.I)),
        ("d_month", re.compile(rf"(?<![\w.])(?P<d>\d{{1,2}})(?:-?(?:го|ші|шы|сы|сі)|st|nd|rd|th)?\s+(?:of\s+)?(?:{months})\w*\.?(?:,?\s+(?P<y>\d{{4}}))?", re.I)),
        ("month_d", re.compile(rf"(?<!\w)(?:{months})\w*\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y>\d{{4}}))?(?!\d)", re.I)),
        ("relative", re.compile(rf"(?<!\w)(?P<rel>{rel})(?!\w)", re.I)),
        ("weekday", re.compile(_weekday_pattern(d["weekdays"]))),
    ]


def _weekday_pattern(weekdays: dict[str, list[str]]) -> str:
    """Weekday names; Vietnamese ones must be capitalised ("Thứ Sáu", not "lần thứ sáu")."""
    alts = []
    for lg, names in weekdays.items():
        for i, name in enumerate(names):
            body = name if lg == "vi" else f"(?i:{name})"
            alts.append(f"(?P<w{i}_{lg}>{body})")
    return r"(?<!\w)(?:" + "|".join(alts) + r")(?!\w)"


def find_dates(text: str, lang: str, published: dt.date | None, *, year_hint: int | None = None) -> list[DateMention]:
    """All date mentions in a sentence, earliest first, without overlaps.

    `year_hint` (a year the document names elsewhere) completes "6 июля" when the
    publication date is unknown; relative words still need the publication date.
    """
    found: list[DateMention] = []
    has_digit = any(c.isdigit() for c in text)
    for kind, rx in _patterns():
        if not has_digit and kind not in ("relative", "weekday"):
            continue
        for m in rx.finditer(text):
            if any(m.start() < f.end and f.start < m.end() for f in found):
                continue
            mention = _resolve(kind, m, lang, published, year_hint)
            if mention is not None:
                found.append(mention)
    return sorted(found, key=lambda f: f.start)


def _resolve(kind: str, m: re.Match, lang: str, published: dt.date | None,
             year_hint: int | None = None) -> DateMention | None:
    if kind == "relative":
        offset = next(int(k) for k, ws in _data()["relative"].items() if m.group("rel").lower() in ws)
        value = published + dt.timedelta(days=offset) if published else None
        return DateMention(value, m.start(), m.end(), has_year=False)
    if kind == "weekday":
        return _weekday(m, published)
    day = int(m.group("d"))
    month = _month_of(m) if kind in ("d_month", "month_d") else int(m.group("mo"))
    if kind == "dmy" and lang == "en" and month <= 12 and day <= 12:
        day, month = month, day  # en numeric dates are month first
    year_text = m.groupdict().get("y")
    year = None if not year_text else int(year_text) + (2000 if len(year_text) == 2 else 0)
    if year is None and published is not None:
        year = published.year - (1 if (month, day) > (published.month, published.day) and month - published.month > 1 else 0)
    elif year is None:
        year = year_hint
    try:
        value = dt.date(year, month, day) if year else None
    except ValueError:
        return None
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return DateMention(value, m.start(), m.end(), has_year=bool(year_text))


def _weekday(m: re.Match, published: dt.date | None) -> DateMention:
    name = next(n for n, v in m.groupdict().items() if v and n.startswith("w"))
    weekday = int(name[1:name.index("_")])
    value = published - dt.timedelta(days=(published.weekday() - weekday) % 7) if published else None
    return DateMention(value, m.start(), m.end(), has_year=False)


def _month_of(m: re.Match) -> int:
    for name, val in m.groupdict().items():
        if val and name.startswith("m") and name[1].isdigit():
            return int(name[1:name.index("_")]) + 1
    raise ValueError("no month group matched")


_YEAR = re.compile(r"(?<![\d,])(?:19[5-9]\d|20[0-4]\d)(?!\d|[.,:]\d|\s?%)")


def first_year(text: str) -> int | None:
    """The first year a text names ("в мае 2020 года", "năm 2021", "6 Шілде 2020"): a hint
    for dates written without one."""
    m = _YEAR.search(text)
    return int(m.group(0)) if m else None


def detect_published(text: str) -> dt.date | None:
    """Publication date from the page header: the first full date in the first lines."""
    head_lines = [ln for ln in text[:600].splitlines() if ln.strip()][:8]
    for line in head_lines:
        for mention in find_dates(line, "ru", None):
            if mention.has_year and mention.value is not None:
                return mention.value
    return None
