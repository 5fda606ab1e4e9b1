"""Tile-grid cartogram layout (surgeops.web.pages.cartogram)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from surgeops.web.pages import cartogram

VIETNAM_LIKE = [("north", 22.5, 104.0), ("hanoi", 21.0, 105.8), ("hue", 16.5, 107.6),
                ("danang", 16.0, 108.2), ("saigon", 10.8, 106.7), ("camau", 9.2, 105.2)]


def cells(grid: cartogram.Grid) -> dict[str, tuple[int, int]]:
    return {t.code: (t.col, t.row) for t in grid.tiles}


def test_tall_country_gets_a_tall_grid_and_keeps_north_above_south() -> None:
    grid = cartogram.layout(VIETNAM_LIKE)
    assert grid.rows > grid.cols
    placed = cells(grid)
    assert placed["north"][1] < placed["hue"][1] < placed["saigon"][1]
    assert placed["camau"][1] == max(r for _, r in placed.values())


def test_west_stays_left_of_east() -> None:
    grid = cartogram.layout([("west", 44.0, 51.0), ("middle", 47.0, 67.0), ("east", 49.0, 82.0)])
    placed = cells(grid)
    assert placed["west"][0] < placed["middle"][0] < placed["east"][0]


def test_regions_without_centroid_fill_free_cells() -> None:
    grid = cartogram.layout([("a", 10.0, 10.0), ("b", 12.0, 11.0), ("nowhere", None, None)])
    assert len(set(cells(grid).values())) == 3
    assert {t.code for t in grid.tiles} == {"a", "b", "nowhere"}


def test_no_centroids_at_all_still_lays_out_rows() -> None:
    grid = cartogram.layout([(f"r{i}", None, None) for i in range(7)])
    assert len(set(cells(grid).values())) == 7


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.floats(-60, 70), st.floats(-170, 170)), min_size=1, max_size=80))
def test_every_region_gets_its_own_cell_inside_the_grid(points: list[tuple[float, float]]) -> None:
    grid = cartogram.layout([(f"r{i}", lat, lon) for i, (lat, lon) in enumerate(points)])
    placed = cells(grid)
    assert len(placed) == len(points)
    assert len(set(placed.values())) == len(points)
    assert all(0 <= c < grid.cols and 0 <= r < grid.rows for c, r in placed.values())


def test_tile_names_drop_generic_words_and_fit() -> None:
    from surgeops.web.pages.overview import TILE_CHARS, short_name, tile_names

    assert short_name("Almaty") == "Almaty"
    assert short_name("Маңғыстау облысы") == "Маңғыстау"
    assert short_name("Mangystau Region") == "Mangystau"
    assert short_name("Солтүстік Қазақстан облысы") == "Солтүстік…"
    assert all(len(short_name(n)) <= TILE_CHARS for n in ("Thành phố Hồ Chí Minh", "Батыс Қазақстан облысы"))
    names = tile_names({"KZ-75": "Алматы", "KZ-19": "Алматы облысы", "KZ-47": "Маңғыстау облысы"})
    assert names == {"KZ-75": "Алматы", "KZ-19": "Алматы об…", "KZ-47": "Маңғыстау"}
