"""Issue 18 item 11: `surgeops serve` believed X-Forwarded-For from loopback (uvicorn's
default), so anyone on the server itself evaded the sign-in rate limit and wrote a forged
address into the audit trail. Forwarded headers are now believed only from the proxies
the `forwarded_allow_ips` setting lists, none by default: tried against the real command
on both databases, and in process for a listed proxy."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Iterator

import pytest
from fastapi.testclient import TestClient
from security_client import PASSWORD
from sqlalchemy import select

from surgeops.config import load_settings
from surgeops.db.tables import AuditEntry
from surgeops.services import accounts
from surgeops.services.audit import SYSTEM
from surgeops.web.app import create_app

SRC = Path(__file__).resolve().parents[2] / "src"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _post(url: str, body: dict, headers: dict[str, str]) -> int:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), headers={"content-type": "application/json", **headers})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture
def served(db, tmp_path: Path) -> Iterator[str]:  # noqa: ANN001
    """`surgeops serve` itself, on a free loopback port, over the test database, with no
    forwarded_allow_ips set (the default)."""
    with db.session() as session:
        accounts.create_user(session, username="admin", password=PASSWORD, role="admin", actor=SYSTEM)
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SURGEOPS_", "FORWARDED_ALLOW_IPS"))}
    env.update(SURGEOPS_DATABASE_URL=db.engine.url.render_as_string(hide_password=False),
               PYTHONPATH=os.pathsep.join(filter(None, [str(SRC), env.get("PYTHONPATH")])))
    proc = subprocess.Popen([sys.executable, "-c", "from surgeops.cli.main import run; run()", "serve", "--port", str(port)],
                            cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        for _ in range(240):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=2):
                    break
            except OSError:
                if proc.poll() is not None:
                    raise AssertionError(proc.stdout.read().decode())
                time.sleep(0.25)
        else:
            raise AssertionError("surgeops serve did not answer within 60 s")
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.communicate(timeout=30)


def test_a_forged_address_from_loopback_neither_evades_the_rate_limit_nor_enters_the_audit(served: str, db) -> None:  # noqa: ANN001
    codes = [_post(f"{served}/api/auth/login", {"username": "admin", "password": f"guess {i}"},
                   {"X-Forwarded-For": f"203.0.113.{i}"}) for i in range(11)]
    assert codes[:10] == [401] * 10 and codes[10] == 429, codes
    with db.session() as session:
        addresses = set(session.scalars(select(AuditEntry.remote_addr).where(AuditEntry.action.in_(("login_failed", "lock")))))
    assert addresses == {"127.0.0.1"}


def _app(db, settings, **changes) -> TestClient:  # noqa: ANN001
    with db.session() as session:
        accounts.create_user(session, username="admin", password=PASSWORD, role="admin", actor=SYSTEM)
    return TestClient(create_app(settings.replace(auth_required=True, **changes), db=db), client=("10.0.0.5", 50000))


def _audited_address(db) -> str:  # noqa: ANN001
    with db.session() as session:
        return session.scalars(select(AuditEntry.remote_addr).where(AuditEntry.action == "login_failed")).one()


def test_a_listed_proxy_is_believed(db, settings) -> None:  # noqa: ANN001
    with _app(db, settings, forwarded_allow_ips="10.0.0.0/24") as proxy:
        proxy.post("/api/auth/login", json={"username": "admin", "password": "guess"}, headers={"X-Forwarded-For": "198.51.100.7"})
    assert _audited_address(db) == "198.51.100.7"


def test_a_peer_not_listed_is_not_believed(db, settings) -> None:  # noqa: ANN001
    with _app(db, settings, forwarded_allow_ips="10.9.0.1") as client:
        client.post("/api/auth/login", json={"username": "admin", "password": "guess"}, headers={"X-Forwarded-For": "198.51.100.7"})
    assert _audited_address(db) == "10.0.0.5"


def test_the_setting_takes_addresses_and_networks_only() -> None:
    assert load_settings(environ={}).forwarded_allow_ips == ""
    assert load_settings({"forwarded_allow_ips": " 10.0.0.5, 10.1.0.0/16 ,::1"}, environ={}).forwarded_allow_ips == "10.0.0.5,10.1.0.0/16,::1"
    with pytest.raises(ValueError, match="forwarded_allow_ips: 'proxy.local'"):
        load_settings({"forwarded_allow_ips": "10.0.0.5,proxy.local"}, environ={})
