"""Benchmark: server CPU per request of the load mix, this tree against an earlier revision.

This machine's speed changes from minute to minute (see docs/trust.md), so two load runs
a few minutes apart cannot tell a 20 % change in the code from one in the machine. Here
both servers run side by side, one worker each with accounts on, each on its own fresh
PostgreSQL database seeded as `bench/load.py` seeds it, and take turns: a batch of
requests of the load mix (bed writes, capacity and facility reads, health probes; not the
1 % of report submissions) is sent to one, one at a time, then a batch to the other, and
so on for --rounds rounds (in turn, each goes first). For each batch the server's CPU time (from /proc) is divided by
the number of requests. It prints both series, their medians and the ratio this / baseline
for each round and overall. Lower is better; target: a ratio below 1 after a change meant
to save CPU.

    .venv/bin/python bench/server_cpu.py --baseline be90c2f [--requests 200] [--rounds 12]
                                         [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/surgeops_cpu]

The baseline is checked out into a temporary git worktree (removed afterwards) and run
with this tree's virtual environment.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

REPO = Path(__file__).resolve().parent.parent
PYTHON = str(REPO / ".venv" / "bin" / "python")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import load  # noqa: E402 - bench/ is on sys.path when run as a script
from fresh_postgres import fresh_postgres  # noqa: E402

# load.py puts this tree's src/ first on sys.path; the tree under test goes before it
_SEED = "import sys; sys.path.insert(0, {bench!r}); import load; sys.path.insert(0, {src!r}); import dataclasses, json; print(json.dumps(dataclasses.asdict(load._seed({url!r}, auth=True))))"
_SERVE = "import sys; sys.argv[0] = 'surgeops'; from surgeops.cli.main import run; run()"


@dataclass
class Server:
    name: str
    process: subprocess.Popen
    pids: list[int]
    connection: socket.socket
    reader: BinaryIO  # the connection's buffered reader
    mix: load.Mix

    def send(self, request: bytes) -> int:
        """One request on the kept-alive connection; its status."""
        self.connection.sendall(request)
        reader = self.reader
        head = b""
        while not head.endswith(b"\r\n\r\n"):
            line = reader.readline()
            if not line:
                raise ConnectionError(f"{self.name}: the server closed the connection")
            head += line
        lower = head.lower()
        at = lower.find(b"content-length:")
        reader.read(int(lower[at + 15:lower.index(b"\r\n", at)]) if at >= 0 else 0)
        return int(head[9:12])

    def batch(self, n: int) -> list[bytes]:
        out: list[bytes] = []
        while len(out) < n:
            kind, request, _ = self.mix.next()
            if kind != "report":
                out.append(request)
        return out

    def cpu(self) -> float:
        return sum(load._cpu_of(self.pids).values())


def start(name: str, src: Path, url: str) -> Server:
    url = fresh_postgres(url)
    env = {**os.environ, "PYTHONPATH": str(src), "SURGEOPS_AUTH_REQUIRED": "true"}
    seeded = subprocess.run([PYTHON, "-c", _SEED.format(bench=str(REPO / "bench"), src=str(src), url=url)],
                            env=env, capture_output=True, text=True)
    if seeded.returncode != 0:
        sys.exit(f"{name}: seeding failed:\n{seeded.stderr[-2000:]}")
    tokens = load.Tokens(**json.loads(seeded.stdout.strip().splitlines()[-1]))
    port = load._free_port()
    process = subprocess.Popen([PYTHON, "-c", _SERVE, "--database-url", url, "serve", "--port", str(port), "--workers", "1"],
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(150):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=1):
                break
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    else:
        load._stop(process)
        sys.exit(f"{name}: the server did not answer on port {port}")
    connection = socket.create_connection(("127.0.0.1", port))
    connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return Server(name, process, [process.pid, *load._children(process.pid)], connection, connection.makefile("rb"),
                  load.Mix(port, 1, tokens))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", required=True, help="A git revision to compare with (a commit, tag or branch).")
    parser.add_argument("--requests", type=int, default=200, help="Requests per batch.")
    parser.add_argument("--rounds", type=int, default=12)
    parser.add_argument("--database-url", default="postgresql+psycopg://postgres@127.0.0.1:5432/surgeops_cpu",
                        help="PostgreSQL URL; the baseline's database gets the suffix _baseline. Both are dropped first.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        tree = Path(scratch) / "baseline"
        subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", "-q", str(tree), args.baseline], check=True)
        servers: list[Server] = []
        try:
            servers = [start("baseline", tree / "src", args.database_url + "_baseline"), start("this tree", REPO / "src", args.database_url)]
            for server in servers:  # warm-up: caches, prepared statements, pool
                if any(server.send(r) >= 400 for r in server.batch(300)):
                    sys.exit(f"{server.name}: the warm-up got error answers")
            per_request: dict[str, list[float]] = {s.name: [] for s in servers}
            for round_no in range(args.rounds):
                for server in (servers if round_no % 2 == 0 else servers[::-1]):  # neither always goes first
                    batch = server.batch(args.requests)
                    before = server.cpu()
                    for request in batch:
                        server.send(request)
                    per_request[server.name].append((server.cpu() - before) / len(batch) * 1000)
        finally:
            for server in servers:
                server.connection.close()
                load._stop(server.process)
            subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(tree)], check=False)
    base, this = per_request["baseline"], per_request["this tree"]
    print(f"server CPU per request (ms), {args.rounds} rounds of {args.requests} requests, one at a time, accounts on:")
    print(f"  baseline {args.baseline}: " + " ".join(f"{v:.2f}" for v in base) + f"  median {statistics.median(base):.2f}")
    print("  this tree: " + " ".join(f"{v:.2f}" for v in this) + f"  median {statistics.median(this):.2f}")
    ratios = [t / b for t, b in zip(this, base)]
    print("  ratio this / baseline by round: " + " ".join(f"{r:.2f}" for r in ratios))
    print(f"ratio this / baseline: {statistics.median(ratios):.2f} (median of the rounds; lower is better)")


if __name__ == "__main__":
    main()
