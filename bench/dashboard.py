"""Benchmark: the dashboard overview over a national-scale database.

Builds a temporary SQLite database with 7 countries of 100 regions (700 regions) and
5,000 facilities, each with a week of daily bed snapshots for two bed types, then renders
the overview `/` N times through TestClient and prints the time per render and the page
weight, against a baseline in the same process: the bare JSON listing of the regions
(`/api/regions?limit=500`, one page of the same table). Target: under one second a render.
The first render also forecasts every region (days to exhaustion); later renders reuse
that until a bed snapshot or case figure changes, and a filtered render on a past day
forecasts afresh for that day.

    .venv/bin/python bench/dashboard.py [--renders 10] [--seed 1]
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
from fastapi.testclient import TestClient
from sqlalchemy import insert

from surgeops.config import Settings, sqlite_url_for
from surgeops.db.engine import Database
from surgeops.db.tables import Base, BedSnapshot, Facility, Region

COUNTRIES, REGIONS_PER_COUNTRY, FACILITIES, DAYS = 7, 100, 5_000, 7
START = dt.date(2020, 7, 1)


def regions(rng: np.random.Generator) -> list[dict]:
    rows = []
    for c in range(COUNTRIES):
        code = f"C{c}"
        lat0, lon0 = rng.uniform(-30, 50), rng.uniform(-120, 140)
        rows.append({"code": code, "parent": None, "level": "country", "names": {"en": f"Country {c}"}, "lat": lat0, "lon": lon0})
        for r in range(REGIONS_PER_COUNTRY):
            rows.append({"code": f"{code}-{r:03d}", "parent": code, "level": "region", "population": int(rng.integers(200_000, 3_000_000)),
                         "names": {"en": f"Region {c}.{r}", "ru": f"Регион {c}.{r}"},
                         "lat": lat0 + rng.uniform(-8, 8), "lon": lon0 + rng.uniform(-12, 12)})
    return rows


def facilities(rng: np.random.Generator, region_codes: list[str]) -> list[dict]:
    picks = rng.integers(0, len(region_codes), FACILITIES)
    return [{"key": f"f{i:05d}", "names": {"en": f"Hospital {i}"}, "kind": "general_hospital",
             "region": region_codes[p], "owner": "public", "services": []} for i, p in enumerate(picks)]


def snapshots(rng: np.random.Generator) -> list[dict]:
    rows = []
    for i in range(FACILITIES):
        for bed_type in ("infectious", "provisional"):
            capacity = int(rng.integers(20, 400))
            for day in range(DAYS):
                occupied = int(min(capacity, capacity * (0.4 + 0.08 * day) * rng.uniform(0.8, 1.1)))
                rows.append({"facility": f"f{i:05d}", "bed_type": bed_type, "as_of": START + dt.timedelta(days=day),
                             "capacity": capacity, "occupied": occupied, "reserve": int(rng.integers(0, 30))})
    return rows


def build(path: Path, seed: int) -> Database:
    rng = np.random.default_rng(seed)
    db = Database.connect(sqlite_url_for(path))
    Base.metadata.create_all(db.engine)
    region_rows = regions(rng)
    with db.engine.begin() as conn:
        conn.execute(insert(Region), region_rows)
        conn.execute(insert(Facility), facilities(rng, [r["code"] for r in region_rows if r["level"] == "region"]))
        conn.execute(insert(BedSnapshot), snapshots(rng))
    return db


def timed(client: TestClient, url: str, n: int) -> tuple[list[float], bytes]:
    body = b""
    times = []
    for _ in range(n):
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, response.text[:300]
        body = response.content
    return times, body


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--renders", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    from surgeops.web.app import create_app

    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        db = build(Path(tmp) / "bench.db", args.seed)
        print(f"database: {COUNTRIES * (REGIONS_PER_COUNTRY + 1)} regions, {FACILITIES} facilities, "
              f"{FACILITIES * 2 * DAYS} bed snapshots, built in {time.perf_counter() - start:.1f} s")
        settings = Settings(database_url=str(db.engine.url), auth_required=False)
        with TestClient(create_app(settings, db=db)) as client:
            start = time.perf_counter()
            client.get("/?lang=en")  # first render: templates, catalogues, and the forecast of every region
            first = time.perf_counter() - start
            base, base_body = timed(client, "/api/regions?limit=500", args.renders)
            page, page_body = timed(client, "/?lang=en", args.renders)
            ru, _ = timed(client, "/?lang=ru&bed_type=infectious&as_of=2020-07-04", args.renders)
        db.dispose()
    print(f"first overview render (forecasts of all 700 regions computed, then cached): {first * 1000:.0f} ms")
    for label, times, body in (("baseline /api/regions?limit=500", base, base_body), ("overview /", page, page_body),
                               ("overview / (ru, one bed type, past day)", ru, None)):
        weight = f", {len(body) / 1024:.0f} KiB ({len(gzip.compress(body)) / 1024:.0f} KiB gzipped)" if body else ""
        print(f"{label}: median {statistics.median(times) * 1000:.0f} ms, min {min(times) * 1000:.0f} ms, "
              f"max {max(times) * 1000:.0f} ms over {len(times)} renders{weight}")
    ratio = statistics.median(page) / statistics.median(base)
    verdict = "under" if statistics.median(page) < 1.0 else "OVER"
    print(f"ratio overview / baseline: {ratio:.1f}x; overview median is {verdict} the 1 s target")


if __name__ == "__main__":
    main()
