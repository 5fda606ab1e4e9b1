"""`surgeops serve` and `surgeops demo`: the API and dashboard in one process."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from surgeops.cli.common import fail, settings_of
from surgeops.config import Settings, sqlite_url_for


def _serve(settings: Settings, workers: int = 1) -> None:
    import os

    import uvicorn

    from surgeops.db.engine import Database
    from surgeops.db.migrate import upgrade
    from surgeops.web.app import create_app

    db = Database.connect(settings.database_url)
    upgrade(db)
    typer.echo(f"surgeops serving on http://{settings.host}:{settings.port}/ (API docs at /docs)")
    if workers > 1:
        db.dispose()
        os.environ["SURGEOPS_DATABASE_URL"] = settings.database_url
        os.environ["SURGEOPS_AUTH_REQUIRED"] = str(settings.auth_required)
        os.environ["SURGEOPS_FORWARDED_ALLOW_IPS"] = settings.forwarded_allow_ips
        uvicorn.run("surgeops.web.asgi:app_from_environment", factory=True, workers=workers, **server_options(settings))
        return
    uvicorn.run(create_app(settings, db=db), **server_options(settings))


def server_options(settings: Settings) -> dict[str, object]:
    """What `surgeops serve` tells uvicorn. Its proxy headers are off: by default it
    believes X-Forwarded-For from loopback (or FORWARDED_ALLOW_IPS), so anyone on the
    server itself could forge their address; the app believes only the proxies the
    `forwarded_allow_ips` setting lists (`web/app.py`)."""
    return {"host": settings.host, "port": settings.port, "log_level": "warning", "proxy_headers": False}


def register(app: typer.Typer) -> None:
    @app.command()
    def serve(
        ctx: typer.Context,
        host: Optional[str] = typer.Option(None, help="Address to listen on (default 127.0.0.1)."),
        port: Optional[int] = typer.Option(None, help="Port to listen on (default 8000)."),
        workers: int = typer.Option(1, min=1, max=64, help="Worker processes (PostgreSQL recommended for more than one)."),
    ) -> None:
        """Serve the REST API and the dashboard on the configured database."""
        settings = settings_of(ctx)
        _serve(settings.replace(host=host or settings.host, port=port or settings.port), workers=workers)

    @app.command()
    def demo(
        ctx: typer.Context,
        host: Optional[str] = typer.Option(None, help="Address to listen on (default 127.0.0.1)."),
        port: Optional[int] = typer.Option(None, help="Port to listen on (default 8000)."),
        db: Path = typer.Option(Path("surgeops-demo.db"), help="SQLite file for the demo (made afresh)."),
        load_only: bool = typer.Option(False, "--load-only", help="Create the demo database and exit without serving."),
    ) -> None:
        """Create a database with the demo scenario (Kazakhstan and Vietnam, reports 000-004) and serve it."""
        from surgeops.db.engine import Database
        from surgeops.db.migrate import upgrade
        from surgeops.services.demo import load_demo

        settings = settings_of(ctx)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        settings = settings.replace(database_url=sqlite_url_for(db), host=host or settings.host, port=port or settings.port,
                                    auth_required=False)
        database = Database.connect(settings.database_url)
        try:
            upgrade(database)
            with database.session() as session:
                summary = load_demo(session)
        except (OSError, ValueError) as exc:
            fail(f"cannot build the demo database: {exc}")
        typer.echo("demo loaded: " + ", ".join(f"{n} {k}" for k, n in summary.items()) + f" -> {db}")
        database.dispose()
        if not load_only:
            typer.echo("open demo: no sign-in needed; `surgeops serve` requires accounts (see `surgeops users add`)")
            _serve(settings)
