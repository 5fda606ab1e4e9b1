"""The demo scenario holds what report 004 says, on both databases and through the real command."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from surgeops.services.capacity import region_capacity
from surgeops.services.demo import load_demo

REPO = Path(__file__).resolve().parents[2]


def test_demo_mangystau_matches_report_004(session) -> None:  # noqa: ANN001
    counts = load_demo(session)
    assert counts["regions"] > 80 and counts["deployments"] >= 4
    beds = region_capacity(session, "KZ-47", history=True)
    assert beds["total"]["capacity"] == 1766
    assert beds["total"]["occupancy_pct"] == 76.0
    assert beds["total"]["reserve"] == 600
    assert {k: v["capacity"] for k, v in beds["by_type"].items()} == {"infectious": 230, "provisional": 1346, "quarantine": 190}
    assert len(beds["history"]) > 3
    assert beds["history"][0]["total"]["occupied"] < beds["total"]["occupied"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_demo_command_serves_the_capacity_of_mangystau(tmp_path: Path) -> None:
    port = _free_port()
    surgeops = Path(sys.executable).parent / "surgeops"
    env = {**os.environ, "SURGEOPS_DATABASE_URL": ""}
    env.pop("SURGEOPS_DATABASE_URL")
    proc = subprocess.Popen([str(surgeops), "demo", "--port", str(port), "--db", str(tmp_path / "demo.db")],
                            cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        body = None
        for _ in range(120):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/regions/KZ-47/capacity", timeout=2) as response:
                    body = json.load(response)
                    break
            except OSError:
                if proc.poll() is not None:
                    raise AssertionError(proc.stdout.read().decode())
                time.sleep(0.5)
        assert body is not None, "the demo server did not answer within 60 s"
        assert body["total"]["capacity"] == 1766 and body["total"]["occupancy_pct"] == 76.0
    finally:
        proc.terminate()
        proc.communicate(timeout=20)
