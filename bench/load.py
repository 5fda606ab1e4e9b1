"""Load test: start surgeops on loopback, drive it with a realistic mix at rising rates,
then check that every acknowledged write is in the database.

    .venv/bin/python bench/load.py [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/surgeops_load]
                                   [--rates 200,300,400,500,600,700] [--step-seconds 10] [--workers N] [--auth]
                                   [--trace requests.csv]

The mix per request: 70 % bed updates from 2,000 facilities (POST /api/beds), 25 %
dashboard reads (region capacity, facility lists), 4 % health probes (the baseline), 1 %
report submissions (POST /api/reports, extraction included).

Requests are sent open-loop: one continuous schedule of len(rates) x step-seconds (60 s by
default) whose rate rises step by step, after a short warm-up that is not counted. Latency
is measured from each request's scheduled time, so a slow server cannot hide its queue (no
coordinated omission). The client is lean so that it leaves the shared cores to the server:
raw asyncio streams, keep-alive HTTP/1.1 connections opened as needed (up to
--connections), requests built as bytes, responses read by status line and Content-Length
(only a bed write's body is parsed, for its id). Every request is bounded by --timeout
seconds from its scheduled time; the run stops by itself.

Afterwards every bed write answered 201 must be in bed_snapshots with the values sent and
have its audit row.

By default accounts are off (no token lookup per request). With --auth the server runs
with accounts required and every request carries `Authorization: Bearer <token>` of the
account that would send it, made through the project's own account service: each of
the 2,000 facilities reports its beds with its own facility reporter's token (so the
scope check for a reporter runs on every bed write), each region's dashboard reads come
with that region's officer's token, and reports with a national coordinator's. Each
request then also looks its token up among the 2,000-odd.

"Sustained" is the highest rate that it and every lower rate carried (achieved within 5 %
of the target, p99 under 100 ms, no errors). With --trace every request is written to a
CSV file (when it was due, its latency, its kind, the client connection), to see when a
step's slow requests came and whether they came together.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import random
import resource
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from fresh_postgres import fresh_postgres  # noqa: E402 - bench/ is on sys.path when run as a script

FACILITIES = 2000
REGIONS = 40
EPOCH = dt.date(2020, 1, 1)


@dataclass
class Step:
    rate: int
    start: float
    seconds: float
    latencies: list[float] = field(default_factory=list)
    kinds: dict[str, list[float]] = field(default_factory=dict)
    errors: int = 0
    completed_in_window: int = 0
    cpu: list[tuple[float, float]] = field(default_factory=list)  # (server, PostgreSQL) CPU seconds at start and end


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Tokens:
    """The API tokens the load sends: one per facility (its reporter), one per region (its
    officer), and a national coordinator's."""

    coordinator: str
    facilities: list[str]
    regions: list[str]


def _seed(url: str, *, auth: bool = False) -> Tokens | None:
    """Regions and facilities; with `auth`, also the accounts and API tokens that send the load."""
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
    tokens = None
    if auth:
        from argon2 import PasswordHasher

        from surgeops.services import accounts
        from surgeops.services.audit import Actor

        # Nobody signs in with these throwaway passwords: hash them cheaply, or seeding
        # 2,041 accounts would take minutes of Argon2 at its real cost.
        accounts._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
        bench = Actor("bench")

        def account(s, username: str, role: str, **scope) -> str:  # noqa: ANN001
            accounts.create_user(s, username=username, password="load-" + os.urandom(12).hex(), role=role, actor=bench, **scope)
            return accounts.create_token(s, username, name="load test", days=1, actor=bench).token

        with db.session() as s:
            tokens = Tokens(coordinator=account(s, "load-coordinator", "national_coordinator"),
                            facilities=[account(s, f"reporter-f{f:04d}", "facility_reporter", facilities=(f"f{f:04d}",))
                                        for f in range(FACILITIES)],
                            regions=[account(s, f"officer-l{r:02d}", "regional_officer", regions=(f"KZ-L{r:02d}",))
                                     for r in range(REGIONS)])
    db.dispose()
    return tokens


def _get(port: int, path: str, body: bytes | None = None, token: str | None = None) -> bytes:
    head = f"{'POST' if body is not None else 'GET'} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
    if token is not None:
        head += f"Authorization: Bearer {token}\r\n"
    if body is not None:
        head += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
    return head.encode() + b"\r\n" + (body or b"")


class Mix:
    """Chooses the next request; remembers what each acknowledged bed write sent."""

    def __init__(self, port: int, seed: int, tokens: Tokens | None = None) -> None:
        self.port = port
        self.token = tokens.coordinator if tokens else None
        self.facility_tokens = tokens.facilities if tokens else [None] * FACILITIES
        region_tokens = tokens.regions if tokens else [None] * REGIONS
        self.random = random.Random(seed)
        self.day_of = [0] * FACILITIES
        self.report_no = 0
        self.reads_capacity = [_get(port, f"/api/regions/KZ-L{r:02d}/capacity?history=false", token=region_tokens[r]) for r in range(REGIONS)]
        self.reads_list = [_get(port, f"/api/facilities?region=KZ-L{r:02d}&limit=50", token=region_tokens[r]) for r in range(REGIONS)]
        self.health = _get(port, "/api/health", token=self.token)

    def next(self) -> tuple[str, bytes, tuple | None]:
        """(kind, request bytes, what a bed write sent)."""
        rnd = self.random
        roll = rnd.random()
        if roll < 0.70:
            f = rnd.randrange(FACILITIES)
            self.day_of[f] += 1
            as_of = (EPOCH + dt.timedelta(days=self.day_of[f])).isoformat()
            capacity = rnd.randint(50, 400)
            occupied = rnd.randint(0, capacity)
            facility = f"f{f:04d}"
            body = (f'{{"facility":"{facility}","bed_type":"infectious","as_of":"{as_of}",'
                    f'"capacity":{capacity},"occupied":{occupied}}}').encode()
            return "beds", _get(self.port, "/api/beds", body, self.facility_tokens[f]), (facility, as_of, capacity, occupied)
        if roll < 0.85:
            return "read", self.reads_capacity[rnd.randrange(REGIONS)], None
        if roll < 0.95:
            return "read", self.reads_list[rnd.randrange(REGIONS)], None
        if roll < 0.99:
            return "health", self.health, None
        self.report_no += 1
        n = self.report_no
        body = json.dumps({"text": f"Report {n}: the region prepared {100 + n} beds for COVID-19 patients; "
                                   f"{n} patients were admitted to hospital today."}).encode()
        return "report", _get(self.port, "/api/reports", body, self.token), None


class Closed(Exception):
    pass


async def _exchange(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes) -> tuple[int, bytes, bool]:
    """Send one request, read one response: (status, body, server keeps the connection)."""
    writer.write(request)
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except (asyncio.IncompleteReadError, ConnectionError) as exc:
        raise Closed() from exc
    status = int(head[9:12])
    lower = head.lower()
    keep = b"connection: close" not in lower
    at = lower.find(b"content-length:")
    if at >= 0:
        end = lower.index(b"\r\n", at)
        body = await reader.readexactly(int(lower[at + 15:end]))
    elif b"transfer-encoding: chunked" in lower:
        parts = []
        while True:
            size = int((await reader.readuntil(b"\r\n"))[:-2].split(b";")[0], 16)
            chunk = await reader.readexactly(size + 2)
            if size == 0:
                break
            parts.append(chunk[:-2])
        body = b"".join(parts)
    else:
        body = b""
    return status, body, keep


class Client:
    def __init__(self, port: int, mix: Mix, steps: list[Step], *, connections: int, timeout: float) -> None:
        self.port, self.mix, self.steps = port, mix, steps
        self.max_connections, self.timeout = connections, timeout
        self.queue: deque[tuple[float, int]] = deque()
        self.idle: deque[asyncio.Future] = deque()
        self.connections: list[asyncio.Task] = []
        self.acknowledged: list[tuple[int, str, str, int, int]] = []
        self.outstanding = 0
        self.finished = asyncio.Event()
        self.opened = 0
        self.completed = 0
        self.trace: list[tuple[float, float, str, int, bool]] | None = None  # (due, latency, kind, connection, ok)

    def submit(self, due: float, step: int) -> None:
        self.queue.append((due, step))
        self.outstanding += 1
        self.finished.clear()
        while self.idle:
            waiter = self.idle.popleft()
            if not waiter.done():
                waiter.set_result(None)
                return
        if len(self.connections) < self.max_connections:
            self.connections.append(asyncio.create_task(self.connection()))

    def _record(self, step_no: int, kind: str, due: float, ok: bool, connection: int = 0) -> None:
        now = time.perf_counter()
        latency = now - due
        if self.trace is not None:
            self.trace.append((due, latency, kind, connection, ok))
        if step_no >= 0:
            step = self.steps[step_no]
            step.latencies.append(latency)
            step.kinds.setdefault(kind, []).append(latency)
            step.errors += not ok
        for step in self.steps:
            if step.start <= now < step.start + step.seconds:
                step.completed_in_window += 1
                break
        self.outstanding -= 1
        self.completed += 1
        if self.outstanding == 0:
            self.finished.set()

    async def connection(self) -> None:
        reader = writer = None
        number = len(self.connections)
        while True:
            while not self.queue:
                waiter = asyncio.get_running_loop().create_future()
                self.idle.append(waiter)
                await waiter
            due, step_no = self.queue.popleft()
            kind, request, sent = self.mix.next()
            remaining = due + self.timeout - time.perf_counter()
            ok = False
            try:
                if remaining <= 0:
                    raise TimeoutError()
                async with asyncio.timeout(remaining):
                    if writer is None:
                        reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
                        writer.transport.get_extra_info("socket").setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                        self.opened += 1
                    status, body, keep = await _exchange(reader, writer, request)
                ok = status < 400
                if ok and kind == "beds" and sent is not None:
                    self.acknowledged.append((json.loads(body)["id"], *sent))
                if not keep:
                    writer.close()
                    writer = None
            except (TimeoutError, asyncio.TimeoutError, Closed, ConnectionError, OSError, ValueError):
                if writer is not None:
                    writer.close()
                writer = None
            self._record(step_no, kind, due, ok, number)


async def drive(port: int, rates: list[int], seconds: float, *, warmup: float, connections: int, timeout: float,
                seed: int, tokens: Tokens | None = None,
                sample: Callable[[], tuple[float, float]] | None = None, trace: bool = False) -> tuple[list[Step], Client]:
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    t0 = time.perf_counter() + 0.05
    starts = [t0 + warmup + i * seconds for i in range(len(rates))]
    steps = [Step(rate, start, seconds) for rate, start in zip(rates, starts)]
    client = Client(port, Mix(port, seed, tokens), steps, connections=connections, timeout=timeout)
    if trace:
        client.trace = []
    schedule: list[tuple[float, int]] = []
    warmup_rate = max(20, rates[0] // 2)
    schedule += [(t0 + k / warmup_rate, -1) for k in range(int(warmup * warmup_rate))]
    for i, step in enumerate(steps):
        schedule += [(step.start + k / step.rate, i) for k in range(int(step.rate * seconds))]

    async def sample_steps() -> None:
        for step in steps:
            await asyncio.sleep(max(0.0, step.start - time.perf_counter()))
            step.cpu.append(sample())
            await asyncio.sleep(max(0.0, step.start + step.seconds - time.perf_counter()))
            step.cpu.append(sample())

    sampler = asyncio.create_task(sample_steps()) if sample is not None else None
    k = 0
    while k < len(schedule):
        now = time.perf_counter()
        while k < len(schedule) and schedule[k][0] <= now:
            client.submit(*schedule[k])
            k += 1
        if k < len(schedule):
            await asyncio.sleep(max(0.0, schedule[k][0] - time.perf_counter()))
    if client.outstanding:
        async with asyncio.timeout(timeout + 5):
            await client.finished.wait()
    for task in client.connections:
        task.cancel()
    if sampler is not None:
        await sampler
    return steps, client


def _per_request(step: Step, which: int, achieved: float) -> str:
    """CPU ms per request completed within the step (server: which=0, PostgreSQL: 1)."""
    if len(step.cpu) < 2 or achieved <= 0:
        return "-"
    return f"{(step.cpu[1][which] - step.cpu[0][which]) / (achieved * step.seconds) * 1000:.2f}"


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000 if ordered else float("nan")


def verify(url: str, acknowledged: list[tuple[int, str, str, int, int]]) -> tuple[int, int]:
    """(acknowledged writes missing or different in bed_snapshots, those without their audit row)."""
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = {r.id: r for r in conn.execute(text("SELECT id, facility, as_of, capacity, occupied FROM bed_snapshots"))}
        audited = set(conn.execute(text("SELECT entity_id FROM audit_log WHERE entity = 'bed_snapshot' AND action = 'create'")).scalars())
    engine.dispose()
    lost = unaudited = 0
    for ident, facility, as_of, capacity, occupied in acknowledged:
        row = rows.get(ident)
        if row is None or row.facility != facility or str(row.as_of) != as_of or (row.capacity, row.occupied) != (capacity, occupied):
            lost += 1
        if str(ident) not in audited:
            unaudited += 1
    return lost, unaudited


def _cpu_of(pids: list[int], *, reaped: bool = False) -> dict[int, float]:
    """CPU seconds (user + system) used so far by each live process of `pids`; with `reaped`,
    also by its children that have exited (PostgreSQL's postmaster reaps its backends)."""
    tick = os.sysconf("SC_CLK_TCK")
    out = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        out[pid] = (int(fields[11]) + int(fields[12]) + (int(fields[13]) + int(fields[14]) if reaped else 0)) / tick
    return out


def _cpu_since(before: dict[int, float], pids: list[int], *, reaped: bool = False) -> float:
    """CPU seconds used since `before` by the live processes of `pids` (a new process counts in full)."""
    return sum(now - before.get(pid, 0.0) for pid, now in _cpu_of(pids, reaped=reaped).items())


def _cpu_ticks() -> list[int]:
    """The machine's CPU time so far by kind, in clock ticks (/proc/stat, every core)."""
    return [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]


def _machine_busy() -> float:
    """CPU seconds all processes on the machine spent busy so far."""
    fields = _cpu_ticks()
    return (sum(fields[:8]) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")  # all but idle and iowait


def _reference_loop_ms() -> float:
    """Milliseconds of CPU a fixed pure-Python loop takes here, best of three: how fast
    this machine is at the moment (on a shared host it varies by tens of per cent)."""
    def loop() -> float:
        start = time.process_time()
        total = 0
        for i in range(2_000_000):
            total += i
        return (time.process_time() - start) * 1000
    return min(loop() for _ in range(3))


def _stolen() -> float:
    """CPU seconds the hypervisor gave to other guests while this machine wanted them."""
    return _cpu_ticks()[7] / os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    out.append(int(entry.name))
            except (OSError, IndexError):
                continue
    return out


def _postgres_pids() -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().startswith("postgres"):
                    out.append(int(entry.name))
            except OSError:
                continue
    return out


def _stop(server: subprocess.Popen) -> None:
    """Stop the server; past saturation its workers may still be draining requests the
    client already gave up on, so after a grace period they are killed."""
    workers = _children(server.pid)
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        for pid in [*workers, server.pid]:
            try:
                os.kill(pid, 9)
            except ProcessLookupError:
                pass
        server.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("SURGEOPS_LOAD_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/surgeops_load"))
    parser.add_argument("--rates", default="200,300,400,500,600,700")
    parser.add_argument("--step-seconds", type=float, default=10.0)
    parser.add_argument("--warmup-seconds", type=float, default=3.0)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help="Server worker processes (default one per core; each has its threads for database waits).")
    parser.add_argument("--connections", type=int, default=256, help="Most keep-alive connections the client opens.")
    parser.add_argument("--timeout", type=float, default=10.0, help="Seconds from a request's scheduled time before it counts as an error.")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--auth", action="store_true", help="Accounts required; every request sends an API token.")
    parser.add_argument("--trace", type=Path, help="Write every request (seconds from the first step's start when it was due, "
                                                   "latency ms, kind, client connection, answered without error) to this CSV file.")
    args = parser.parse_args()
    rates = [int(r) for r in args.rates.split(",")]
    reference_before = _reference_loop_ms()
    try:
        url = fresh_postgres(args.database_url) if args.database_url.startswith("postgresql") else args.database_url
    except OperationalError as error:
        sys.exit(f"cannot reach the database {make_url(args.database_url).render_as_string()}: {error.orig}")
    tokens = _seed(url, auth=args.auth)
    port = _free_port()
    env = {**os.environ, "SURGEOPS_AUTH_REQUIRED": "true" if args.auth else "false"}
    # the server's stderr goes to a file: a pipe nobody reads would stall the server once full
    server_log = Path(tempfile.mkstemp(prefix="surgeops-load-server-", suffix=".log")[1])
    with server_log.open("wb") as log:
        server = subprocess.Popen([str(REPO / ".venv" / "bin" / "surgeops"), "--database-url", url, "serve", "--port", str(port),
                                   "--workers", str(args.workers)], env=env, stdout=subprocess.DEVNULL, stderr=log)
    try:
        for _ in range(150):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=1) as answer:
                    if answer.status == 200:
                        break
            except (urllib.error.URLError, OSError):
                time.sleep(0.2)
        else:
            sys.exit(f"the server did not answer on port {port} within 30 s; its stderr ({server_log}):\n"
                     + server_log.read_text(errors="replace")[-3000:])
        server_pids = [server.pid, *_children(server.pid)]
        pg_pids = _postgres_pids()
        cpu0 = (resource.getrusage(resource.RUSAGE_SELF), _cpu_of(server_pids), _cpu_of(pg_pids, reaped=True), os.getloadavg(), _machine_busy(), _stolen())
        wall0 = time.perf_counter()

        def sample() -> tuple[float, float]:
            return (sum(_cpu_of(server_pids).values()), sum(_cpu_of(_postgres_pids(), reaped=True).values()))

        steps, client = asyncio.run(drive(port, rates, args.step_seconds, warmup=args.warmup_seconds, connections=args.connections,
                                          timeout=args.timeout, seed=args.seed, tokens=tokens, sample=sample,
                                          trace=args.trace is not None))
        wall = time.perf_counter() - wall0
        server_pids += [p for p in _children(server.pid) if p not in server_pids]
        me = resource.getrusage(resource.RUSAGE_SELF)
        client_cpu = me.ru_utime + me.ru_stime - cpu0[0].ru_utime - cpu0[0].ru_stime
        server_cpu = _cpu_since(cpu0[1], server_pids)
        pg_cpu = _cpu_since(cpu0[2], _postgres_pids(), reaped=True)
        load = os.getloadavg()
        others = _machine_busy() - cpu0[4] - client_cpu - server_cpu - pg_cpu
        stolen = _stolen() - cpu0[5]
    finally:
        _stop(server)
    requests = client.completed  # the warm-up's too: the CPU figures cover it
    print(f"database: {make_url(url).get_backend_name()}, server workers: {args.workers}, {FACILITIES} facilities, "
          f"{len(rates)} x {args.step_seconds:g} s after a {args.warmup_seconds:g} s warm-up, {os.cpu_count()} cores shared, "
          f"accounts {'required (each facility, region and coordinator with its own API token)' if args.auth else 'off'}")
    print(f"{'target/s':>9} {'achieved/s':>11} {'ratio':>6} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} {'errors':>7} "
          f"{'beds p99':>9} {'read p99':>9} {'health p99':>11} {'server ms/req':>14} {'PG ms/req':>10}")
    sustained, failed = 0, False  # the highest rate that it and every lower rate carried
    for s in steps:
        achieved = s.completed_in_window / s.seconds
        p99 = pct(s.latencies, 0.99)
        print(f"{s.rate:>9} {achieved:>11.1f} {achieved / s.rate:>6.2f} {pct(s.latencies, 0.5):>8.1f} {p99:>8.1f} "
              f"{max(s.latencies, default=0) * 1000:>8.1f} {s.errors:>7} {pct(s.kinds.get('beds', []), 0.99):>9.1f} "
              f"{pct(s.kinds.get('read', []), 0.99):>9.1f} {pct(s.kinds.get('health', []), 0.99):>11.1f} "
              f"{_per_request(s, 0, achieved):>14} {_per_request(s, 1, achieved):>10}")
        if achieved >= 0.95 * s.rate and p99 < 100 and s.errors == 0 and not failed:
            sustained = s.rate
        else:
            failed = True
    print(f"CPU over {wall:.0f} s: client {client_cpu:.1f} s ({client_cpu / max(requests, 1) * 1000:.2f} ms/request), "
          f"server {server_cpu:.1f} s ({server_cpu / max(requests, 1) * 1000:.2f} ms/request), "
          f"PostgreSQL {pg_cpu:.1f} s ({pg_cpu / max(requests, 1) * 1000:.2f} ms/request), "
          f"everything else on the machine {max(others, 0):.1f} s, of which stolen by the hypervisor {stolen:.1f} s "
          f"(of {wall * (os.cpu_count() or 1):.0f} core-seconds); "
          f"connections opened: {client.opened}; load average before {cpu0[3][0]:.2f}, after {load[0]:.2f}")
    print(f"machine speed: a fixed Python loop took {reference_before:.0f} ms of CPU before the run and "
          f"{_reference_loop_ms():.0f} ms after (best of three; lower is faster)")
    logged = server_log.read_text(errors="replace").splitlines()
    if logged:
        print(f"the server wrote {len(logged)} lines to stderr: {server_log}")
    else:
        server_log.unlink()
    if args.trace is not None and client.trace is not None:
        origin = steps[0].start
        print(f"trace: {len(client.trace)} requests written to {args.trace}; 0 s there is Unix time "
              f"{time.time() - (time.perf_counter() - origin):.3f}")
        args.trace.write_text("due_s,latency_ms,kind,connection,ok\n" + "".join(
            f"{due - origin:.4f},{latency * 1000:.2f},{kind},{number},{int(ok)}\n" for due, latency, kind, number, ok in client.trace))
    lost, unaudited = verify(url, client.acknowledged)
    print(f"sustained: {sustained} req/s with p99 < 100 ms; acknowledged writes: {len(client.acknowledged)}, "
          f"missing: {lost}, without audit row: {unaudited}")
    if lost or unaudited:
        sys.exit(1)


if __name__ == "__main__":
    main()
