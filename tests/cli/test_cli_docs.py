"""Docs are tested: the generated references must match what the code declares."""

from __future__ import annotations

from pathlib import Path

from surgeops.cli.main import build_app
from surgeops.cli.reference import cli_reference, settings_reference
from surgeops.config import SETTINGS, load_settings
from surgeops.web.app import create_app
from surgeops.web.reference import api_reference, undocumented

DOCS = Path(__file__).resolve().parents[2] / "docs"
HINT = "run `.venv/bin/surgeops docs` and commit the result"


def test_cli_reference_is_current() -> None:
    assert (DOCS / "reference" / "cli.md").read_text(encoding="utf-8") == cli_reference(build_app()), HINT


def test_settings_reference_is_current_and_complete() -> None:
    text = (DOCS / "reference" / "settings.md").read_text(encoding="utf-8")
    assert text == settings_reference(), HINT
    assert all(f"`{s.env}`" in text for s in SETTINGS)


def test_api_reference_is_current_and_every_route_is_described() -> None:
    app = create_app(load_settings({"database_url": "sqlite://"}, environ={}))
    assert undocumented(app) == []
    assert (DOCS / "reference" / "api.md").read_text(encoding="utf-8") == api_reference(app), HINT


def test_every_command_has_help() -> None:
    from typer.main import get_command

    def walk(cmd, path):  # noqa: ANN001, ANN202
        yield path, cmd
        for name, sub in (getattr(cmd, "commands", {}) or {}).items():
            yield from walk(sub, f"{path} {name}")

    missing = [p for p, c in walk(get_command(build_app()), "surgeops") if not (c.help or c.short_help)]
    assert missing == []
