"""Generates docs/reference/cli.md from the commands' own --help, and the settings and
API references from their single declarations; tests fail when the docs fall behind."""

from __future__ import annotations

import typer
from typer.main import get_command
from typer.testing import CliRunner

from surgeops.config import SETTINGS


def _paths(command: object, path: list[str]) -> list[list[str]]:
    found = [path]
    for name in sorted(getattr(command, "commands", {}) or {}):
        sub = command.commands[name]  # type: ignore[attr-defined]
        if not getattr(sub, "hidden", False):
            found.extend(_paths(sub, [*path, name]))
    return found


def cli_reference(app: typer.Typer) -> str:
    """Every command's --help output, exactly as a user sees it at 100 columns."""
    runner = CliRunner()
    lines = ["# CLI reference", "", "Generated from `surgeops ... --help` by `surgeops docs`; a test keeps it current.", ""]
    for path in _paths(get_command(app), ["surgeops"]):
        result = runner.invoke(app, [*path[1:], "--help"], env={"COLUMNS": "100", "TERMINAL_WIDTH": "100", "NO_COLOR": "1"}, color=False)
        text = "\n".join(line.rstrip() for line in result.output.splitlines()).strip("\n")
        lines += [f"## {' '.join(path)}", "", "```text", text, "```", ""]
    return "\n".join(lines)


def settings_reference() -> str:
    lines = ["# Settings", "", "Each setting can be given as an environment variable; the CLI's `--database-url` overrides its own.", "",
             "| setting | environment variable | default | meaning |", "|---|---|---|---|"]
    for s in SETTINGS:
        lines.append(f"| `{s.name}` | `{s.env}` | `{s.default!r}` | {s.help} |")
    return "\n".join(lines) + "\n"


def register(app: typer.Typer) -> None:
    @app.command("docs", hidden=True)
    def docs(out: str = typer.Option("docs/reference", help="Folder to write cli.md, settings.md and api.md into.")) -> None:
        """Write the generated reference pages (CLI, settings, HTTP API)."""
        from pathlib import Path

        from surgeops.cli.main import build_app
        from surgeops.config import load_settings
        from surgeops.web.app import create_app
        from surgeops.web.reference import api_reference

        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "cli.md").write_text(cli_reference(build_app()), encoding="utf-8")
        (folder / "settings.md").write_text(settings_reference(), encoding="utf-8")
        (folder / "api.md").write_text(api_reference(create_app(load_settings({"database_url": "sqlite://"}))), encoding="utf-8")
        typer.echo(f"wrote cli.md, settings.md and api.md in {folder}")
