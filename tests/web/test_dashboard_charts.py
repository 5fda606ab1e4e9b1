"""SVG line chart geometry (surgeops.web.pages.charts)."""

from __future__ import annotations

import datetime as dt

from surgeops.web.pages import charts


def test_nice_steps_are_round() -> None:
    assert charts.nice_step(1766) == 500
    assert charts.nice_step(230) == 100
    assert charts.nice_step(3) == 1


def test_lines_span_the_plot_and_the_top_value_is_highest() -> None:
    days = [dt.date(2020, 7, 1), dt.date(2020, 7, 3), dt.date(2020, 7, 11)]
    chart = charts.line_chart(days, {"capacity": [1000, 1500, 1766], "occupied": [500, 900, 1342]})
    capacity = [tuple(map(float, p.split(","))) for p in chart.lines[0].points.split()]
    xs = [x for x, _ in capacity]
    assert xs[0] == charts.LEFT and xs[-1] == charts.WIDTH - charts.RIGHT
    assert xs[1] - xs[0] < xs[2] - xs[1], "x is proportional to days, not to the report count"
    assert capacity[-1][1] < capacity[0][1], "a larger value is drawn higher"
    assert chart.lines[0].last == 1766
    assert chart.y_ticks[0] == (chart.baseline, 0) and chart.y_ticks[-1][1] >= 1766
    assert [d for _, d in chart.x_labels] == [days[0], days[1], days[2]]


def test_a_single_day_sits_in_the_middle() -> None:
    chart = charts.line_chart([dt.date(2020, 7, 6)], {"capacity": [10]})
    x, _ = chart.lines[0].points.split(",")
    assert float(x) == charts.LEFT + (charts.WIDTH - charts.LEFT - charts.RIGHT) / 2
