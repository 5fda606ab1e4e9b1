"""Geometry of the deployments timeline: one row per team, one bar per stay from its start
to its end (open-ended stays run to the right edge), a tick for each extension, and date
ticks along the top; a team with no start date yet keeps its row, without a bar. The template only draws what this computes. Pure."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Optional, Sequence

LABEL_W, PLOT_W, ROW_H, TOP, RIGHT = 250, 600, 28, 24, 40


@dataclass(frozen=True)
class Stay:
    region: str
    start: Optional[dt.date]
    end: Optional[dt.date]


@dataclass(frozen=True)
class Team:
    key: int
    label: str
    status: str
    stays: tuple[Stay, ...]
    extensions: tuple[dt.date, ...] = ()


@dataclass(frozen=True)
class Bar:
    x: float
    width: float
    region: str
    open_ended: bool


@dataclass(frozen=True)
class Row:
    team: Team
    y: float
    bars: tuple[Bar, ...]
    marks: tuple[float, ...]


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    rows: tuple[Row, ...]
    ticks: tuple[tuple[float, dt.date], ...]
    label_width: int = LABEL_W


def as_date(value: object) -> Optional[dt.date]:
    """A date from a date or an ISO string (stays are kept in JSON)."""
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value:
        return dt.date.fromisoformat(value[:10])
    return None


def layout(teams: Sequence[Team]) -> Optional[Timeline]:
    """The timeline of the teams: those with a dated stay first, drawn to scale, then those
    with no start date yet, listed in a row without bars (the template says so); None when
    there is no team."""
    if not teams:
        return None
    dated = [t for t in teams if any(s.start for s in t.stays)]
    undated = [t for t in teams if not any(s.start for s in t.stays)]
    days = [d for t in dated for s in t.stays for d in (s.start, s.end) if d] + [d for t in dated for d in t.extensions]
    first = min(days) if days else dt.date.min
    last = max(max(days), first + dt.timedelta(days=14)) if days else first
    span = (last - first).days or 1

    def x(day: dt.date) -> float:
        return round(LABEL_W + PLOT_W * (day - first).days / span, 1)

    rows = []
    for i, team in enumerate(dated + undated):
        bars = tuple(Bar(x(s.start), max(x(s.end or last) - x(s.start), 4.0), s.region, s.end is None)
                     for s in team.stays if s.start)
        rows.append(Row(team, TOP + i * ROW_H, bars, tuple(x(d) for d in team.extensions if days and first <= d <= last)))
    step = max(1, span // 6)
    ticks = tuple((x(first + dt.timedelta(days=k)), first + dt.timedelta(days=k)) for k in range(0, span + 1, step)) if days else ()
    return Timeline(LABEL_W + PLOT_W + RIGHT, TOP + len(rows) * ROW_H + 6, tuple(rows), ticks)
