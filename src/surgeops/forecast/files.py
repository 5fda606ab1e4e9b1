"""Parameter files: one JSON object, or JSON lines with one set and an `id` per line."""

from __future__ import annotations

import json
from typing import Any

from surgeops.forecast.parameters import ParameterError, Parameters, parse_parameters


def _load(text: str, where: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        line = exc.lineno if where == "" else where
        raise ParameterError(f"invalid JSON at line {line}: {exc.msg}") from None


def parse_parameter_text(text: str, *, lines: bool) -> list[tuple[str | None, Parameters]]:
    """(id, parameters) pairs from a .json text (one set) or a .jsonl text.

    Every line of a .jsonl text is an object with an `id`; errors name the line.
    """
    if not lines:
        return [(None, parse_parameters(_load(text, "")))]
    sets: list[tuple[str | None, Parameters]] = []
    seen: set[str] = set()
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        data = _load(raw, str(number))
        if not isinstance(data, dict) or "id" not in data:
            raise ParameterError(f"line {number}: each line must be a JSON object with an id")
        ident = str(data.pop("id"))
        if ident in seen:
            raise ParameterError(f"line {number}: id {ident!r} repeats an earlier line")
        seen.add(ident)
        try:
            sets.append((ident, parse_parameters(data)))
        except ParameterError as exc:
            raise ParameterError(f"line {number} (id {ident}): {exc}") from None
    if not sets:
        raise ParameterError("the file holds no parameter set")
    return sets
