"""Cells of the CSV files surgeops writes, made safe to open in a spreadsheet.

A text cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return is read by
Excel, LibreOffice and Google Sheets as a formula (`=HYPERLINK(...)` sends data away,
`=cmd|...` ran programs): OWASP's "CSV injection" advice is to prefix such a cell with a
single quote, which spreadsheets show as text and do not keep in the value. Every CSV
export goes through `CsvWriter`; only text is changed, never a number (-5 stays -5).

The prefix is undone on import (`read_cell`), so an export imports back unchanged: a text
whose leading quotes are followed by one of those characters gets one more quote on the
way out and loses one on the way in."""

from __future__ import annotations

import csv
from typing import IO, Any, Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _looks_like_formula(text: str) -> bool:
    """Whether `text`, past any leading single quotes, starts with a formula character."""
    return text.lstrip("'")[:1] in FORMULA_STARTS


def safe_cell(value: Any) -> Any:
    """`value` as a spreadsheet may show it: a text that could start a formula behind a
    single quote; anything else (numbers, None) as it is."""
    if isinstance(value, str) and _looks_like_formula(value):
        return "'" + value
    return value


def read_cell(text: str) -> str:
    """The text `safe_cell` was given, from the cell it wrote (a cell it did not change
    comes back as it is)."""
    if text.startswith("'") and _looks_like_formula(text[1:]):
        return text[1:]
    return text


class CsvWriter:
    """`csv.writer` (lines ending in \\n) whose every cell goes through `safe_cell`."""

    def __init__(self, out: IO[str]) -> None:
        self._writer = csv.writer(out, lineterminator="\n")

    def writerow(self, cells: Iterable[Any]) -> None:
        self._writer.writerow([safe_cell(c) for c in cells])
