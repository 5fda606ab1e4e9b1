"""The live half of `bench/extract.py --large`: `surgeops serve` on 127.0.0.1 with a
temporary SQLite database, large reports submitted at once (each answered 202 with a job),
and GET /api/health timed every 20 ms until every job is done; prints the p50/p99/max."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

DEADLINE_S = 600  # the whole measurement stops by itself after this


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _call(url: str, body: dict | None = None, timeout: float = 120) -> tuple[int, dict]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, headers={"content-type": "application/json"} if data else {})
    with urllib.request.urlopen(request, timeout=timeout) as answer:
        return answer.status, json.loads(answer.read())


def _start(folder: Path, port: int) -> subprocess.Popen:
    env = {**os.environ, "SURGEOPS_AUTH_REQUIRED": "false", "SURGEOPS_DATABASE_URL": f"sqlite:///{folder / 'surgeops.db'}"}
    exe = Path(sys.executable).with_name("surgeops")
    server = subprocess.Popen([str(exe), "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL,
                              stderr=open(folder / "server.log", "wb"))
    for _ in range(300):
        try:
            if _call(f"http://127.0.0.1:{port}/api/health", timeout=1)[0] == 200:
                return server
        except OSError:
            time.sleep(0.1)
    server.terminate()
    sys.exit("the server did not start: " + (folder / "server.log").read_text(errors="replace")[-2000:])


def _submit_all(base: str, reports: list[str], jobs: list[int]) -> list[threading.Thread]:
    def submit(text: str) -> None:
        status, body = _call(f"{base}/api/reports", {"text": text})
        jobs.append(body["job"]["id"] if status == 202 else -1)
    threads = [threading.Thread(target=submit, args=(r,)) for r in reports]
    for t in threads:
        t.start()
    return threads


def _all_done(base: str, jobs: list[int], count: int) -> bool:
    if len(jobs) < count:
        return False
    states = [_call(f"{base}/api/jobs/{j}")[1]["status"] for j in jobs if j >= 0]
    failed = [j for j, s in zip(jobs, states) if s == "failed"]
    if failed:
        print(f"failed jobs: {failed}")
    return all(s in ("done", "failed") for s in states)


def health_while_extracting(reports: list[str]) -> None:
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as folder:
        server = _start(Path(folder), port)
        try:
            jobs: list[int] = []
            latencies: list[float] = []
            start = time.perf_counter()
            threads = _submit_all(base, reports, jobs)
            checked = 0.0
            while time.perf_counter() - start < DEADLINE_S:
                t0 = time.perf_counter()
                _call(f"{base}/api/health", timeout=30)
                latencies.append(time.perf_counter() - t0)
                if t0 - checked > 1:
                    checked = t0
                    if _all_done(base, jobs, len(reports)):
                        break
                time.sleep(0.02)
            elapsed = time.perf_counter() - start
            for t in threads:
                t.join(timeout=60)
        finally:
            server.terminate()
            server.wait(timeout=30)
    latencies.sort()
    p = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000  # noqa: E731
    mb = sum(len(r.encode()) for r in reports) / 1e6
    print(f"{len(reports)} reports of {mb / len(reports):.1f} MB submitted at once: all extracted in {elapsed:.0f} s")
    print(f"/api/health during it: {len(latencies)} calls, p50 {p(0.5):.1f} ms, p99 {p(0.99):.1f} ms, max {latencies[-1] * 1000:.1f} ms"
          "  (target p99 < 100 ms)")
