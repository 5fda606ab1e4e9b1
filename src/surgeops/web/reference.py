"""docs/reference/api.md, generated from the OpenAPI schema; a test keeps it current."""

from __future__ import annotations

from fastapi import FastAPI


def api_reference(app: FastAPI) -> str:
    schema = app.openapi()
    lines = ["# HTTP API reference", "",
             "Generated from `/openapi.json` by `surgeops docs`. The live, interactive version is at `/docs`.", "",
             "| method | path | what it does |", "|---|---|---|"]
    for path, operations in sorted(schema["paths"].items()):
        for method, op in sorted(operations.items()):
            summary = (op.get("summary") or "").replace("|", "\\|")
            lines.append(f"| {method.upper()} | `{path}` | {summary} |")
    return "\n".join(lines) + "\n"


def undocumented(app: FastAPI) -> list[str]:
    """Operations with neither a summary nor a description."""
    missing = []
    for path, operations in app.openapi()["paths"].items():
        for method, op in operations.items():
            if not (op.get("summary") or op.get("description")):
                missing.append(f"{method.upper()} {path}")
    return missing
