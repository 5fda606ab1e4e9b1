"""Deployments timeline geometry (surgeops.web.pages.timeline)."""

from __future__ import annotations

import datetime as dt

from surgeops.web.pages import timeline

D = dt.date


def team(key: int, *stays: tuple[str, D | None, D | None], extensions: tuple[D, ...] = ()) -> timeline.Team:
    return timeline.Team(key, f"team {key}", "active", tuple(timeline.Stay(*s) for s in stays), extensions)


def test_bars_follow_the_calendar_and_open_stays_run_to_the_edge() -> None:
    tl = timeline.layout([
        team(1, ("KZ-75", D(2020, 7, 1), D(2020, 7, 11)), ("KZ-47", D(2020, 7, 11), None)),
        team(2, ("VN-54", D(2020, 7, 21), D(2020, 7, 31)), extensions=(D(2020, 7, 25),)),
    ])
    assert tl is not None and [r.team.key for r in tl.rows] == [1, 2]
    first, second = tl.rows[0].bars
    assert first.x == timeline.LABEL_W and not first.open_ended
    assert second.open_ended and second.x + second.width == timeline.LABEL_W + timeline.PLOT_W
    assert first.width == tl.rows[1].bars[0].width, "ten days are as wide in every row"
    assert tl.rows[1].marks[0] > tl.rows[1].bars[0].x
    assert tl.rows[1].y > tl.rows[0].y and tl.height > tl.rows[1].y
    assert tl.ticks[0] == (timeline.LABEL_W, D(2020, 7, 1))


def test_teams_without_dates_keep_a_row_without_bars() -> None:
    """Issue 17 finding 7: a team with no start date yet is not dropped; it is listed after
    the dated ones, with no bar (the template says it has no start date)."""
    assert timeline.layout([]) is None
    alone = timeline.layout([team(1, ("KZ-75", None, None))])
    assert alone is not None and [(r.team.key, r.bars) for r in alone.rows] == [(1, ())] and alone.ticks == ()
    tl = timeline.layout([team(1, ("KZ-75", None, None)), team(2, ("KZ-47", D(2020, 7, 1), None))])
    assert [r.team.key for r in tl.rows] == [2, 1]
    assert tl.rows[0].bars and tl.rows[1].bars == () and tl.rows[1].y > tl.rows[0].y


def test_dates_are_read_from_json_strings() -> None:
    assert timeline.as_date("2020-07-12") == D(2020, 7, 12)
    assert timeline.as_date(D(2020, 7, 12)) == D(2020, 7, 12)
    assert timeline.as_date(None) is None and timeline.as_date("") is None
