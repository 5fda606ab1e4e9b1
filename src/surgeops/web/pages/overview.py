"""The overview `/`: every region coloured by bed occupancy on a tile-grid cartogram per
country, and the same figures in a sortable table, filtered by bed type, date and country."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from surgeops.domain.codes import BedType
from surgeops.web import i18n
from surgeops.web.deps import SessionDep
from surgeops.web.pages import cartogram, outlook, queries
from surgeops.web.pages.render import language, render

router = APIRouter()

# Occupancy classes, lower bounds in percent; colours (a sequential yellow-to-red scale
# readable by colour-blind users) live in the stylesheet under `.occ-N`.
BANDS: tuple[int, ...] = (0, 50, 70, 85, 95)


def band(pct: Optional[float]) -> str:
    if pct is None:
        return "occ-none"
    return f"occ-{sum(1 for lower in BANDS[1:] if pct >= lower)}"


TILE_CHARS = 10


@lru_cache(maxsize=1)
def generic_words() -> frozenset[str]:
    data = json.loads((Path(__file__).parent / "data" / "generic_words.json").read_text(encoding="utf-8"))
    return frozenset(w.casefold() for w in data["words"])


def cut(name: str) -> str:
    return name if len(name) <= TILE_CHARS else name[:TILE_CHARS - 1].rstrip() + "…"


def short_name(name: str) -> str:
    """A region's name for a small tile: without words like 'Region' or 'облысы', cut to fit."""
    return cut(" ".join(w for w in name.split() if w.casefold() not in generic_words()) or name)


def tile_names(names: dict[str, str]) -> dict[str, str]:
    """Short names of a country's regions; where two would read the same (Almaty and Almaty
    Region), those keep their full names, cut."""
    short = {code: short_name(name) for code, name in names.items()}
    seen: dict[str, int] = {}
    for value in short.values():
        seen[value] = seen.get(value, 0) + 1
    return {code: value if seen[value] == 1 else cut(names[code]) for code, value in short.items()}


@dataclass(frozen=True)
class Filters:
    bed_type: Optional[str]
    as_of: Optional[dt.date]
    country: Optional[str]


def read_filters(request: Request) -> tuple[Filters, list[str]]:
    """The filters from the query string; a value that cannot be read is ignored and named."""
    params, problems = request.query_params, []
    bed_type = params.get("bed_type") or None
    if bed_type and bed_type not in {b.value for b in BedType}:
        problems.append("bed_type")
        bed_type = None
    as_of = None
    if params.get("as_of"):
        try:
            as_of = dt.date.fromisoformat(params["as_of"])
        except ValueError:
            problems.append("as_of")
    return Filters(bed_type, as_of, params.get("country") or None), problems


def country_grids(rows: list[queries.RegionBeds], known: dict[str, queries.RegionInfo], lang: str) -> list[dict[str, Any]]:
    """One cartogram per country: its regions' tiles with position, colour class and figures."""
    by_country: dict[str, list[queries.RegionBeds]] = {}
    for row in rows:
        by_country.setdefault(row.country, []).append(row)
    grids = []
    for code, members in by_country.items():
        grid = cartogram.layout([(m.region.code, m.region.lat, m.region.lon) for m in members])
        index = {m.region.code: m for m in members}
        names = {c: i18n.name_in(m.region.names, lang, c) for c, m in index.items()}
        shorts = tile_names(names)
        tiles = [{"tile": t, "row": index[t.code], "band": band(index[t.code].figures.occupancy_pct),
                  "name": names[t.code], "short": shorts[t.code]} for t in grid.tiles]
        grids.append({"code": code, "name": i18n.name_in(known[code].names, lang, code) if code in known else code,
                      "cols": grid.cols, "rows": grid.rows, "tiles": tiles})
    return grids


def attach_outlooks(request: Request, session: Session, rows: list[queries.RegionBeds], filters: Filters) -> None:
    """Each row's outlook, forecast over all its beds (the same whatever the filters)."""
    if filters.bed_type is None and filters.country is None:
        every = lambda: rows  # noqa: E731 - the rows already hold every region and bed type
    else:
        every = lambda: queries.region_beds(session, as_of=filters.as_of)  # noqa: E731
    found = outlook.outlooks(request.app.state, session, every, filters.as_of)
    for row in rows:
        row.outlook = found.get(row.region.code)


def overview_context(session: Session, request: Request) -> dict[str, Any]:
    lang = language(request)
    filters, problems = read_filters(request)
    known = queries.regions(session)
    rows = queries.region_beds(session, as_of=filters.as_of, bed_type=filters.bed_type, country=filters.country)
    attach_outlooks(request, session, rows, filters)
    first, last = queries.report_dates(session)
    return {
        "filters": filters, "problems": problems, "rows": rows, "grids": country_grids(rows, known, lang),
        "countries": queries.countries(known), "bed_types": [b.value for b in BedType],
        "first_day": first, "last_day": last, "band": band, "bands": BANDS,
    }


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def overview(request: Request, session: SessionDep) -> HTMLResponse:
    return render(request, "overview.html", overview_context(session, request))
