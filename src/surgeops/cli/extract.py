"""The `extract` command: report files (or stdin) to facts, as JSON lines or a table."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import List, Optional

import typer

from surgeops.cli.common import fail
from surgeops.ingest import DEFAULT_MAX_BYTES, IngestError, extract_file, extract_text
from surgeops.ingest.language import LANGS
from surgeops.ingest.reader import read_bytes_limited


def register(app: typer.Typer) -> None:
    @app.command("extract")
    def extract(
        files: List[str] = typer.Argument(..., metavar="FILE...", help="Report files (text or HTML); '-' reads stdin."),
        jsonl: bool = typer.Option(False, "--jsonl", help="Print one JSON object per document and nothing else."),
        max_bytes: int = typer.Option(DEFAULT_MAX_BYTES, "--max-bytes", help="Refuse files larger than this."),
        lang: Optional[str] = typer.Option(None, "--lang", help="Language of every file (ru, kk, vi, en); detected when omitted."),
        published: Optional[str] = typer.Option(None, "--published", help="Publication date YYYY-MM-DD for relative dates; detected when omitted."),
    ) -> None:
        """Extract deployment, supply, bed and case facts from field reports (ru, kk, vi, en)."""
        if lang is not None and lang not in LANGS:
            fail(f"--lang must be one of {', '.join(LANGS)}, not {lang!r}")
        pub = _parse_date(published)
        failed = 0
        for name in files:
            try:
                result = _extract_one(name, max_bytes=max_bytes, lang=lang, published=pub)
            except (IngestError, OSError) as exc:
                failed += 1
                typer.secho(f"Error: {exc}", fg=typer.colors.RED, err=True)
                continue
            if jsonl:
                typer.echo(json.dumps(result, ensure_ascii=False))
            else:
                _print_table(result)
        if failed:
            raise typer.Exit(1)


def _parse_date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        fail(f"--published must be a date YYYY-MM-DD, not {value!r}")
    return None


def _extract_one(name: str, *, max_bytes: int, lang: str | None, published: dt.date | None) -> dict:
    if name == "-":
        text = read_bytes_limited(sys.stdin.buffer.read(), name="stdin", max_bytes=max_bytes)
        return extract_text(text, doc="stdin", lang=lang, published=published)
    return extract_file(Path(name), max_bytes=max_bytes, lang=lang, published=published)


def _print_table(result: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    title = f"{result['doc']}  lang={result['lang']}  published={result['published'] or '-'}  facts={len(result['facts'])}"
    table = Table(title=title, show_lines=False)
    for col in ("type", "from / place", "to", "what", "number", "detail"):
        table.add_column(col)
    for f in result["facts"]:
        table.add_row(*_row(f))
    Console(soft_wrap=True).print(table)


def _row(f: dict) -> tuple[str, ...]:
    t = f["type"]
    if t == "deployment":
        detail = ", ".join(f["specialties"]) + (f"; date {f['date']}" if f["date"] else "") + (f"; lead {f['lead']}" if f["lead"] else "")
        return t, f["origin"] or "-", f["destination"] or "-", "team", str(f["team_size"]), detail
    if t == "supply":
        return t, f["origin"] or "-", f["destination"] or "-", f["item"], str(f["quantity"]), ""
    if t == "beds":
        occ = f"occupancy {f['occupancy_pct']}%" if f["occupancy_pct"] is not None else ""
        return t, f["place"] or "-", "", f["bed_type"], str(f["count"]), occ
    return t, f["place"] or "-", "", f["metric"], str(f["value"]), ""
