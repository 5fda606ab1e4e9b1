"""Benchmark: does a region's current capacity cost more as its facilities' history grows?

Seeds one database (migrated schema) with two regions of --facilities facilities each,
every facility reporting --bed-types bed types: in region SHORT each facility and type has
4 daily snapshots, in region LONG 100. Then reads each region's current capacity
(`region_capacity(history=False)`, what the API and the load test ask for) --reads times,
alternating the two regions, and prints the median time per read and the ratio
LONG / SHORT. Both regions live in the same tables, so the ratio measures the effect of
history length alone. Target: a ratio near 1.

    .venv/bin/python bench/capacity.py [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/surgeops_bench_capacity]
                                       [--sqlite] [--facilities 50] [--reads 300] [--long 100]

With --database-url the database is dropped and created afresh; --sqlite runs against a
temporary SQLite file as well (or alone, without --database-url).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert, text

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from surgeops.config import sqlite_url_for  # noqa: E402
from surgeops.db.engine import Database  # noqa: E402
from surgeops.db.migrate import upgrade  # noqa: E402
from surgeops.db.tables import BedSnapshot, Facility, Region  # noqa: E402
from surgeops.domain.codes import BedType  # noqa: E402
from surgeops.services.capacity import region_capacity  # noqa: E402

from fresh_postgres import fresh_postgres  # noqa: E402 - bench/ is on sys.path when run as a script

START = dt.date(2020, 1, 1)
HISTORIES = {"SHORT": 4, "LONG": 100}  # snapshots per facility and bed type; --long changes LONG


def seed(db: Database, facilities: int, bed_types: int) -> int:
    upgrade(db)
    types = [t.value for t in BedType][:bed_types]
    rows = 0
    with db.engine.begin() as conn:
        conn.execute(insert(Region), [{"code": "KZ", "level": "country", "names": {"en": "Kazakhstan"}}])
        conn.execute(insert(Region), [{"code": code, "parent": "KZ", "level": "region", "names": {"en": code}} for code in HISTORIES])
        for code, days in HISTORIES.items():
            conn.execute(insert(Facility), [{"key": f"{code}-{i:04d}", "names": {"en": f"Hospital {i}"}, "kind": "general_hospital",
                                             "region": code, "services": []} for i in range(facilities)])
            batch = [{"facility": f"{code}-{i:04d}", "bed_type": bed_type, "as_of": START + dt.timedelta(days=d),
                      "capacity": 100 + i, "occupied": (i * 7 + d) % 100, "reserve": d % 5}
                     for i in range(facilities) for bed_type in types for d in range(days)]
            conn.execute(insert(BedSnapshot), batch)
            rows += len(batch)
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("ANALYZE"))
    return rows


def measure(db: Database, reads: int, as_of: dt.date | None) -> dict[str, float]:
    times: dict[str, list[float]] = {code: [] for code in HISTORIES}
    with db.session() as session:
        for code in HISTORIES:  # warm-up: statements built and prepared, caches filled
            for _ in range(10):
                region_capacity(session, code, as_of=as_of, history=False)
        for _ in range(reads):
            for code in HISTORIES:
                start = time.perf_counter()
                figures = region_capacity(session, code, as_of=as_of, history=False)
                times[code].append(time.perf_counter() - start)
                assert figures["facilities_reporting"] > 0
    return {code: statistics.median(t) for code, t in times.items()}


def run(label: str, db: Database, args: argparse.Namespace) -> None:
    start = time.perf_counter()
    rows = seed(db, args.facilities, args.bed_types)
    print(f"{label}: 2 regions x {args.facilities} facilities x {args.bed_types} bed types, "
          f"{rows} snapshots, seeded in {time.perf_counter() - start:.1f} s")
    for what, as_of in (("now", None), ("as of day 3", START + dt.timedelta(days=2))):
        med = measure(db, args.reads, as_of)
        print(f"  current capacity {what}: {HISTORIES['SHORT']} snapshots each {med['SHORT'] * 1000:.2f} ms, "
              f"{HISTORIES['LONG']} snapshots each {med['LONG'] * 1000:.2f} ms per read "
              f"(median of {args.reads}); ratio {med['LONG'] / med['SHORT']:.2f}")
    db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=None, help="PostgreSQL database to recreate")
    parser.add_argument("--sqlite", action="store_true", help="also (or only) on a temporary SQLite file")
    parser.add_argument("--facilities", type=int, default=50, help="facilities per region (load test: 50)")
    parser.add_argument("--bed-types", type=int, default=2)
    parser.add_argument("--reads", type=int, default=300)
    parser.add_argument("--long", type=int, default=HISTORIES["LONG"], help="snapshots per facility and type in region LONG")
    args = parser.parse_args()
    HISTORIES["LONG"] = args.long
    if args.database_url is None and not args.sqlite:
        parser.error("give --database-url, --sqlite or both")
    if args.database_url:
        fresh_postgres(args.database_url)
        run("postgresql", Database.connect(args.database_url), args)
    if args.sqlite:
        with tempfile.TemporaryDirectory() as tmp:
            run("sqlite", Database.connect(sqlite_url_for(Path(tmp) / "bench.db")), args)


if __name__ == "__main__":
    main()
