"""Load test: start surgeops on loopback, drive it with a realistic mix at rising rates,
then check that every acknowledged write is in the database.

    .venv/bin/python bench/load.py [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/surgeops_load]
                                   [--rates 100,200,300,400,500,600] [--step-seconds 10] [--workers 2]

The mix per request: 70 % bed updates from 2,000 facilities (POST /api/beds), 25 %
dashboard reads (region capacity, facility lists), 4 % health probes (the baseline), 1 %
report submissions (POST /api/reports, extraction included). Requests are sent open-loop
on a schedule, and latency is measured from the scheduled time, so a slow server cannot
hide its queue (no coordinated omission). Every request is bounded by a timeout; the run
stops by itself after len(rates) x step-seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import random
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx2 as httpx
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

FACILITIES = 2000
REGIONS = 40


@dataclass
class Step:
    rate: int
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    sent: int = 0
    done: int = 0
    elapsed: float = 0.0
    kinds: dict[str, list[float]] = field(default_factory=dict)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _fresh_postgres(url: str) -> str:
    parsed = make_url(url)
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{parsed.database}"'))
    admin.dispose()
    return url


def _seed(url: str) -> None:
    from surgeops.db.engine import Database
    from surgeops.db.migrate import upgrade
    from surgeops.db.tables import Facility, Region

    db = Database.connect(url)
    upgrade(db)
    with db.session() as s:
        s.add(Region(code="KZ", level="country", names={"en": "Kazakhstan"}))
        s.flush()
        for r in range(REGIONS):
            s.add(Region(code=f"KZ-L{r:02d}", parent="KZ", level="region", names={"en": f"Region {r}"}, population=500_000))
        s.flush()
        for f in range(FACILITIES):
            s.add(Facility(key=f"f{f:04d}", names={"en": f"Hospital {f}"}, kind="general_hospital", region=f"KZ-L{f % REGIONS:02d}",
                           lat=43 + (f % 50) / 10, lon=51 + (f // 50) / 10, services=["therapy"]))
        s.commit()
    db.dispose()


class Driver:
    def __init__(self, base: str) -> None:
        self.base = base
        self.acknowledged: list[tuple[int, str, str, int, int]] = []
        self.day_of: dict[str, int] = {}
        self.report_no = 0

    def request(self) -> tuple[str, str, str, dict | None]:
        roll = random.random()
        if roll < 0.70:
            facility = f"f{random.randrange(FACILITIES):04d}"
            day = self.day_of[facility] = self.day_of.get(facility, 0) + 1
            capacity = random.randint(50, 400)
            body = {"facility": facility, "bed_type": "infectious", "as_of": (dt.date(2020, 1, 1) + dt.timedelta(days=day)).isoformat(),
                    "capacity": capacity, "occupied": random.randint(0, capacity)}
            return "beds", "POST", "/api/beds", body
        if roll < 0.85:
            return "read", "GET", f"/api/regions/KZ-L{random.randrange(REGIONS):02d}/capacity?history=false", None
        if roll < 0.95:
            return "read", "GET", f"/api/facilities?region=KZ-L{random.randrange(REGIONS):02d}&limit=50", None
        if roll < 0.99:
            return "health", "GET", "/api/health", None
        self.report_no += 1
        body = {"text": f"Report {self.report_no}: the region prepared {100 + self.report_no} beds for COVID-19 patients; "
                        f"{self.report_no} patients were admitted to hospital today."}
        return "report", "POST", "/api/reports", body

    async def one(self, client: httpx.AsyncClient, step: Step, due: float) -> None:
        kind, method, path, body = self.request()
        step.sent += 1
        try:
            response = await client.request(method, self.base + path, json=body, timeout=10.0)
            ok = response.status_code < 400
            if ok and kind == "beds":
                data = response.json()
                self.acknowledged.append((data["id"], body["facility"], body["as_of"], body["capacity"], body["occupied"]))
        except httpx.HTTPError:
            ok = False
        latency = time.perf_counter() - due
        step.done += 1
        step.latencies.append(latency)
        step.kinds.setdefault(kind, []).append(latency)
        step.errors += not ok


async def run_step(driver: Driver, client: httpx.AsyncClient, rate: int, seconds: float) -> Step:
    step = Step(rate)
    start = time.perf_counter()
    tasks = []
    for k in range(int(rate * seconds)):
        due = start + k / rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(driver.one(client, step, due)))
    await asyncio.gather(*tasks)
    step.elapsed = time.perf_counter() - start
    return step


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000 if ordered else float("nan")


def verify(url: str, acknowledged: list[tuple[int, str, str, int, int]]) -> int:
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = {r.id: r for r in conn.execute(text("SELECT id, facility, as_of, capacity, occupied FROM bed_snapshots"))}
    engine.dispose()
    lost = 0
    for ident, facility, as_of, capacity, occupied in acknowledged:
        row = rows.get(ident)
        if row is None or row.facility != facility or str(row.as_of) != as_of or (row.capacity, row.occupied) != (capacity, occupied):
            lost += 1
    return lost


async def drive(base: str, rates: list[int], seconds: float) -> tuple[list[Step], Driver]:
    driver = Driver(base)
    limits = httpx.Limits(max_connections=200, max_keepalive_connections=200)
    async with httpx.AsyncClient(limits=limits) as client:
        steps = [await run_step(driver, client, rate, seconds) for rate in rates]
    return steps, driver


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("SURGEOPS_LOAD_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/surgeops_load"))
    parser.add_argument("--rates", default="100,200,300,400,500,600")
    parser.add_argument("--step-seconds", type=float, default=10.0)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    rates = [int(r) for r in args.rates.split(",")]
    url = _fresh_postgres(args.database_url) if args.database_url.startswith("postgresql") else args.database_url
    _seed(url)
    port = _free_port()
    env = {**os.environ, "SURGEOPS_AUTH_REQUIRED": "false"}
    server = subprocess.Popen([str(REPO / ".venv" / "bin" / "surgeops"), "--database-url", url, "serve", "--port", str(port),
                               "--workers", str(args.workers)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if httpx.get(base + "/api/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        steps, driver = asyncio.run(drive(base, rates, args.step_seconds))
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"database: {make_url(url).get_backend_name()}, server workers: {args.workers}, {FACILITIES} facilities")
    print(f"{'target/s':>9} {'achieved/s':>11} {'ratio':>6} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'beds p99':>9} {'read p99':>9} {'health p99 (baseline)':>22}")
    sustained = 0
    for s in steps:
        achieved = s.done / s.elapsed
        p99 = pct(s.latencies, 0.99)
        print(f"{s.rate:>9} {achieved:>11.1f} {achieved / s.rate:>6.2f} {pct(s.latencies, 0.5):>8.1f} {p99:>8.1f} {s.errors:>7} "
              f"{pct(s.kinds.get('beds', []), 0.99):>9.1f} {pct(s.kinds.get('read', []), 0.99):>9.1f} {pct(s.kinds.get('health', []), 0.99):>22.1f}")
        if achieved >= 0.95 * s.rate and p99 < 100 and s.errors == 0:
            sustained = max(sustained, s.rate)
    lost = verify(url, driver.acknowledged)
    print(f"sustained: {sustained} requests/s with p99 < 100 ms and no errors")
    print(f"acknowledged bed writes: {len(driver.acknowledged)}, missing or different in the database: {lost}")
    if lost:
        sys.exit(1)


if __name__ == "__main__":
    main()
