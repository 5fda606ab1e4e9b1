"""Backups: SQLite's online backup API, or pg_dump / pg_restore for PostgreSQL."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import URL, make_url

from surgeops.domain.errors import SurgeopsError


class BackupError(SurgeopsError):
    pass


def _libpq(url: str) -> tuple[str, dict[str, str]]:
    """The URL pg_dump and pg_restore take, without its password, and their environment
    with the password in PGPASSWORD: a command line is readable by every user of the
    machine (ps), a process's environment is not."""
    parsed = make_url(url).set(drivername="postgresql")
    env = dict(os.environ)
    if parsed.password is not None:
        env["PGPASSWORD"] = str(parsed.password)
    bare = URL.create(parsed.drivername, parsed.username, None, parsed.host, parsed.port, parsed.database, parsed.query)
    return bare.render_as_string(hide_password=False), env


def _sqlite_path(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise BackupError("an in-memory SQLite database cannot be backed up")
    return Path(database)


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed: install PostgreSQL's client tools (Debian: postgresql-client)")
    return path


def backup(url: str, target: Path) -> Path:
    """Write a consistent copy of the database to `target` while it stays in use."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if make_url(url).get_backend_name() == "sqlite":
        source_path = _sqlite_path(url)
        if not source_path.exists():
            raise BackupError(f"{source_path}: no such database")
        with sqlite3.connect(source_path) as source, sqlite3.connect(target) as dest:
            source.backup(dest)
        return target
    address, env = _libpq(url)
    _run([_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={target}", address], env)
    return target


def restore(url: str, source: Path) -> None:
    """Replace the database's contents with a backup made by `backup`."""
    if not source.is_file():
        raise BackupError(f"{source}: no such backup file")
    if make_url(url).get_backend_name() == "sqlite":
        try:
            with sqlite3.connect(source) as backup_db:
                backup_db.execute("PRAGMA schema_version").fetchone()
                with sqlite3.connect(_sqlite_path(url)) as live:
                    backup_db.backup(live)
        except sqlite3.DatabaseError as exc:
            raise BackupError(f"{source}: not a SQLite backup ({exc})") from None
        return
    address, env = _libpq(url)
    _run([_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction", f"--dbname={address}", str(source)], env)


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
    if result.returncode != 0:
        message = (result.stderr or result.stdout).strip().splitlines()
        raise BackupError(f"{Path(command[0]).name} failed: {message[-1] if message else 'exit ' + str(result.returncode)}")
