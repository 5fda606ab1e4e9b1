"""Geometry of the server-rendered SVG line charts (beds over time): points, axis ticks
and labels in chart coordinates. The template only draws what this computes. Pure."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Optional, Sequence

WIDTH, HEIGHT = 420, 200
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 10, 26


@dataclass(frozen=True)
class Line:
    name: str
    points: str  # "x,y x,y ..." for <polyline points=...>
    last: int


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    lines: tuple[Line, ...]
    y_ticks: tuple[tuple[float, int], ...]  # (y, value)
    x_labels: tuple[tuple[float, dt.date], ...]  # (x, day)
    baseline: float
    band: str = ""  # "x,y ..." of a <polygon>: the range between two series, when asked for
    marks: tuple[tuple[float, float], ...] = ()  # (x, y) of points to mark (a figure a rule flags)


def nice_step(top: float, ticks: int = 4) -> int:
    """A round step (1, 2 or 5 times a power of ten) giving about `ticks` gridlines."""
    raw = max(top / ticks, 1.0)
    power = 10 ** math.floor(math.log10(raw))
    return int(next(m * power for m in (1, 2, 5, 10) if m * power >= raw))


def line_chart(days: Sequence[dt.date], series: dict[str, Sequence[float]],
               band: Optional[tuple[Sequence[float], Sequence[float]]] = None,
               marks: Sequence[tuple[dt.date, float]] = ()) -> Chart:
    """Lines of `series` (name -> one value a day) over `days`, scaled to a common y axis;
    `band` (low, high) is drawn as the area between them; `marks` (day, value) are points
    to mark on the lines."""
    top = max([1, *(v for values in series.values() for v in values), *(band[1] if band else ())])
    step = nice_step(top)
    top = step * math.ceil(top / step)
    span = max((days[-1] - days[0]).days, 1) if days else 1
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(day: dt.date) -> float:
        offset = (day - days[0]).days if len(days) > 1 else span / 2
        return round(LEFT + plot_w * offset / span, 1)

    def y(value: float) -> float:
        return round(TOP + plot_h * (1 - value / top), 1)

    lines = tuple(
        Line(name, " ".join(f"{x(d)},{y(v)}" for d, v in zip(days, values)), round(values[-1]) if values else 0)
        for name, values in series.items()
    )
    ticks = tuple((y(v), v) for v in range(0, top + 1, step))
    labels = tuple((x(d), d) for d in _label_days(days))
    area = ""
    if band:
        edge = [f"{x(d)},{y(v)}" for d, v in zip(days, band[1])] + [f"{x(d)},{y(v)}" for d, v in reversed(list(zip(days, band[0])))]
        area = " ".join(edge)
    return Chart(WIDTH, HEIGHT, lines, ticks, labels, y(0), area, tuple((x(d), y(v)) for d, v in marks))


def _label_days(days: Sequence[dt.date]) -> list[dt.date]:
    if len(days) <= 2:
        return list(days)
    return [days[0], days[len(days) // 2], days[-1]]
