"""Settings, declared once as data.

The one declaration `SETTINGS` drives validation, the CLI help and the docs
(docs/reference/settings.md is checked against it by a test). There is no
module-level settings instance: callers build one with `load_settings()`.
"""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Mapping


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str
    kind: type = str

    @property
    def env(self) -> str:
        return "SURGEOPS_" + self.name.upper()


SETTINGS: tuple[Setting, ...] = (
    Setting("database_url", "sqlite:///surgeops.db", "SQLAlchemy URL of the database: a SQLite file (default) or postgresql+psycopg://user@host/db."),
    Setting("host", "127.0.0.1", "Address the web server listens on."),
    Setting("port", 8000, "Port the web server listens on.", int),
    Setting("default_language", "en", "Interface language when the user has chosen none: ru, kk, vi or en."),
    Setting("page_size", 50, "Default number of items per page in list endpoints.", int),
    Setting("max_page_size", 500, "Largest page a client may ask for.", int),
    Setting("max_upload_bytes", 10_000_000, "Largest report or import file accepted, in bytes.", int),
    Setting("secret_key", "", "Key that signs dashboard session cookies; empty means a random key per process."),
    Setting("auth_required", True, "Require a signed-in user or an API token for every API call (the demo runs open).", bool),
    Setting("worker_threads", 4, "Threads per server process for blocking work (database calls, plans); further requests wait their turn.", int),
    Setting("forwarded_allow_ips", "", "Addresses or networks (comma separated, e.g. 10.0.0.5,10.1.0.0/16) of the reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed; empty (default) believes none, loopback included."),
    Setting("inline_extract_max_bytes", 1_000_000, "Largest report extracted within its request; a larger one is answered 202 with a job that the job queue extracts off the request path (GET /api/jobs/{id} shows its progress).", int),
    Setting("extract_processes", 1, "Processes per server that extract queued reports (so that extraction does not hold the server's GIL); 0 extracts in the queue's worker thread.", int),
    Setting("future_tolerance_days", 1, "Days after today a figure may be dated (time zones, reports filed at midnight); a later date is refused.", int),
)


def _coerce(setting: Setting, raw: Any) -> Any:
    if setting.kind is bool and isinstance(raw, str):
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    try:
        return setting.kind(raw)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"setting {setting.name}: cannot read {raw!r} as {setting.kind.__name__}") from exc


@dataclass(frozen=True)
class Settings:
    database_url: str = "sqlite:///surgeops.db"
    host: str = "127.0.0.1"
    port: int = 8000
    default_language: str = "en"
    page_size: int = 50
    max_page_size: int = 500
    max_upload_bytes: int = 10_000_000
    secret_key: str = ""
    auth_required: bool = True
    worker_threads: int = 4
    future_tolerance_days: int = 1
    inline_extract_max_bytes: int = 1_000_000
    extract_processes: int = 1
    forwarded_allow_ips: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict)

    def replace(self, **changes: Any) -> "Settings":
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values.update(changes)
        return Settings(**values)


def load_settings(overrides: Mapping[str, Any] | None = None, *, environ: Mapping[str, str] | None = None) -> Settings:
    """Defaults, then SURGEOPS_* environment variables, then explicit overrides."""
    env = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    for setting in SETTINGS:
        value = setting.default
        if setting.env in env:
            value = env[setting.env]
        if overrides and overrides.get(setting.name) is not None:
            value = overrides[setting.name]
        values[setting.name] = _coerce(setting, value)
    if values["default_language"] not in {"ru", "kk", "vi", "en"}:
        raise ValueError("setting default_language: must be one of ru, kk, vi, en")
    if values["worker_threads"] < 1:
        raise ValueError("setting worker_threads: must be at least 1")
    if not 0 <= values["future_tolerance_days"] <= 30:
        raise ValueError("setting future_tolerance_days: must lie between 0 and 30")
    values["forwarded_allow_ips"] = ",".join(proxy_addresses(values["forwarded_allow_ips"]))
    return Settings(**values)


def proxy_addresses(raw: str) -> list[str]:
    """The entries of `forwarded_allow_ips`, each an IP address or network (or `*`, every
    address); ValueError naming a bad one (a name would never match a peer's address)."""
    entries = [item.strip() for item in raw.split(",") if item.strip()]
    for entry in entries:
        if entry == "*":
            continue
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError:
            raise ValueError(f"setting forwarded_allow_ips: {entry!r} is not an IP address or network") from None
    return entries


def sqlite_url_for(path: str | Path) -> str:
    return f"sqlite:///{Path(path).expanduser().resolve()}"
