"""A tile-grid cartogram: one equal square per region, placed on a grid by its centroid.

Each region goes to the grid cell nearest its projected centroid; when that cell is
taken it goes to the nearest free one (rings of growing radius), largest offsets last so
regions in dense clusters do not push out the ones at the edges. Pure: no web, no I/O."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Optional, Sequence


@dataclass(frozen=True)
class Tile:
    code: str
    col: int
    row: int


@dataclass(frozen=True)
class Grid:
    cols: int
    rows: int
    tiles: tuple[Tile, ...]


def shape(n: int, aspect: float, *, slack: float = 1.5) -> tuple[int, int]:
    """Columns and rows for `n` tiles in a box `aspect` times as wide as it is tall."""
    cells = max(n * slack, 1.0)
    cols = max(1, math.ceil(math.sqrt(cells * max(aspect, 0.1))))
    rows = max(1, math.ceil(cells / cols))
    while cols * rows < n:
        rows += 1
    return cols, rows


def layout(points: Sequence[tuple[str, Optional[float], Optional[float]]]) -> Grid:
    """Place (code, lat, lon) points; regions without a centroid fill the last free cells."""
    placed = [(c, lat, lon) for c, lat, lon in points if lat is not None and lon is not None]
    if not placed:
        cols, rows = shape(len(points), 1.6)
        return Grid(cols, rows, tuple(Tile(c, i % cols, i // cols) for i, (c, _, _) in enumerate(points)))
    lats = [p[1] for p in placed]
    lons = [p[2] for p in placed]
    mid = math.radians(sum(lats) / len(lats))
    width = max((max(lons) - min(lons)) * math.cos(mid), 1e-6)
    height = max(max(lats) - min(lats), 1e-6)
    cols, rows = shape(len(points), min(max(width / height, 0.25), 4.0))
    wanted = {}
    for code, lat, lon in placed:
        x = (lon - min(lons)) * math.cos(mid) / width * (cols - 1)
        y = (max(lats) - lat) / height * (rows - 1)
        wanted[code] = (x, y)
    return Grid(cols, rows, tuple(_assign(wanted, [p[0] for p in points if p[0] not in wanted], cols, rows)))


def _assign(wanted: dict[str, tuple[float, float]], rest: list[str], cols: int, rows: int) -> list[Tile]:
    taken: set[tuple[int, int]] = set()
    tiles: list[Tile] = []
    cx, cy = (cols - 1) / 2, (rows - 1) / 2
    order = sorted(wanted, key=lambda c: -math.hypot(wanted[c][0] - cx, wanted[c][1] - cy))
    for code in order:
        x, y = wanted[code]
        cell = _nearest_free(x, y, taken, cols, rows)
        taken.add(cell)
        tiles.append(Tile(code, *cell))
    free = [(c, r) for r in range(rows) for c in range(cols) if (c, r) not in taken]
    tiles.extend(Tile(code, *cell) for code, cell in zip(rest, free))
    return sorted(tiles, key=lambda t: (t.row, t.col))


def _nearest_free(x: float, y: float, taken: set[tuple[int, int]], cols: int, rows: int) -> tuple[int, int]:
    best: Optional[tuple[float, tuple[int, int]]] = None
    for radius in range(max(cols, rows) + 1):
        for c in range(max(0, math.floor(x) - radius), min(cols, math.ceil(x) + radius + 1)):
            for r in range(max(0, math.floor(y) - radius), min(rows, math.ceil(y) + radius + 1)):
                if (c, r) not in taken:
                    d = math.hypot(c - x, r - y)
                    if best is None or d < best[0]:
                        best = (d, (c, r))
        if best is not None:
            return best[1]
    raise ValueError("no free cell left on the grid")
