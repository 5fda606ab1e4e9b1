"""Record lists as HXL CSV: the column names, then a row of HXL hashtags, then the records.

The hashtags per column are data (data/hxl.json, documented in docs/interop.md). Case
figures are written wide, one column per metric (#affected+infected, #affected+recovered,
...), as humanitarian data sets usually are. An import finds the hashtag row, maps every
hashtag back to a surgeops column (attribute order does not matter) and hands the rows to
the ordinary all-or-nothing import, so a bad row is named by its line in the file.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from functools import lru_cache
from importlib import resources
from typing import Any, Optional

from sqlalchemy.orm import Session

from surgeops.domain.codes import LANGUAGES
from surgeops.interop.errors import InteropError
from surgeops.services.audit import Actor
from surgeops.services.imports import ImportError_, ImportResult, export_rows, import_text
from surgeops.services.records import resource
from surgeops.services.spreadsheet import CsvWriter

FMT = "HXL"
WILD = ".*"


@lru_cache(maxsize=1)
def tags() -> dict[str, Any]:
    """Column -> hashtag per record kind (data/hxl.json)."""
    return json.loads((resources.files("surgeops.interop") / "data" / "hxl.json").read_text(encoding="utf-8"))


def normalise(tag: str) -> str:
    """A hashtag with its attributes in a fixed order and lower case: '#loc +name+I_en' -> '#loc+i_en+name'."""
    parts = [p.strip().lower() for p in tag.strip().split("+")]
    return "+".join([parts[0], *sorted(p for p in parts[1:] if p)])


def _kind_tags(kind: str) -> dict[str, str]:
    """Column -> hashtag for a kind; `#meta+<column>` for a kind the data file does not list."""
    res = resource(kind)  # an unknown kind is refused with the list of known ones
    return tags().get(kind) or {column: f"#meta+{column}" for column in res.create.model_fields}


def columns(kind: str, rows: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """(column, hashtag) pairs in file order; language columns for every language present."""
    out: list[tuple[str, str]] = []
    for column, tag in _kind_tags(kind).items():
        if column.endswith(WILD):
            base = column[: -len(WILD)]
            present = {lang for row in rows for lang, name in (row.get(base) or {}).items() if name}
            langs = [lang for lang in LANGUAGES if lang in present] + sorted(present - set(LANGUAGES))
            out.extend((f"{base}.{lang}", tag.replace("*", lang)) for lang in langs)
        else:
            out.append((column, tag))
    if kind == "cases":
        out.extend(tags()["case_metrics"].items())
    return out


def _cell(value: Any) -> Any:
    """A record's value as its cell: JSON for containers, numbers as numbers (the writer
    neutralises text only, `services/spreadsheet.py`)."""
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return value


def _get(row: dict[str, Any], column: str) -> Any:
    base, _, leaf = column.partition(".")
    return (row.get(base) or {}).get(leaf) if leaf else row.get(column)


def _wide_cases(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per region and day with a column per metric."""
    wide: dict[tuple[str, str], dict[str, Any]] = {}
    for row in rows:
        wide.setdefault((row["region"], row["date"]), {"region": row["region"], "date": row["date"]})[row["metric"]] = row["value"]
    return list(wide.values())


def export_csv(session: Session, kind: str) -> str:
    """Every record of a kind as HXL CSV (header row, hashtag row, records)."""
    rows = export_rows(session, resource(kind))
    if kind == "cases":
        rows = _wide_cases(rows)
    cols = columns(kind, rows)
    out = io.StringIO()
    writer = CsvWriter(out)
    writer.writerow([c for c, _ in cols])
    writer.writerow([t for _, t in cols])
    for row in rows:
        writer.writerow([_cell(_get(row, c)) for c, _ in cols])
    return out.getvalue()


def _tag_row(rows: list[list[str]]) -> int:
    """Index of the hashtag row: the first whose non-blank cells all start with '#'."""
    for index, row in enumerate(rows[:25]):
        cells = [c.strip() for c in row]
        if any(cells) and all(c == "" or c.startswith("#") for c in cells):
            return index
    raise InteropError(FMT, "header", "no HXL hashtag row (a row whose cells all start with #) in the first 25 rows")


def _column_for(kind: str, tag: str, where: str) -> Optional[str]:
    """The surgeops column a hashtag stands for; None for an untagged column (not data)."""
    if not tag.strip():
        return None
    wanted = normalise(tag)
    known = dict(_kind_tags(kind)) | (tags()["case_metrics"] if kind == "cases" else {})
    for column, pattern in known.items():
        if not column.endswith(WILD) and normalise(pattern) == wanted:
            return column
        if column.endswith(WILD):
            head, *attrs = wanted.split("+")
            langs = [a[2:] for a in attrs if a.startswith("i_")]
            rest = "+".join([head, *(a for a in attrs if not a.startswith("i_"))])
            if len(langs) == 1 and rest == normalise(pattern.replace("+i_*", "")):
                return f"{column[: -len(WILD)]}.{langs[0]}"
    raise InteropError(FMT, where, f"hashtag {tag.strip()} means nothing for {kind}; known: {', '.join(sorted(set(known.values())))}")


def _mapped_columns(kind: str, tag_row: list[str], line: int) -> list[Optional[str]]:
    cols = [_column_for(kind, tag, f"line {line}, column {n}") for n, tag in enumerate(tag_row, start=1)]
    named = [c for c in cols if c]
    if len(named) != len(set(named)):
        twice = sorted({c for c in named if named.count(c) > 1})
        raise InteropError(FMT, f"line {line}", f"more than one column stands for {', '.join(twice)}")
    return cols


def _records(kind: str, cols: list[Optional[str]], rows: list[list[str]], first_line: int) -> list[tuple[int, dict[str, str]]]:
    """(file line, {column: cell}) for every non-blank data row; cases are made long again."""
    out = []
    for offset, row in enumerate(rows):
        record = {c: cell for c, cell in zip(cols, row) if c and cell.strip()}
        if not record:
            continue
        line = first_line + offset
        if kind != "cases":
            out.append((line, record))
            continue
        for metric in tags()["case_metrics"]:
            if metric in record:
                out.append((line, {"region": record.get("region", ""), "date": record.get("date", ""),
                                   "metric": metric, "value": record[metric]}))
    return out


def import_csv(session: Session, kind: str, text: str, *, actor: Actor) -> ImportResult:
    """Read HXL CSV of one record kind and store every row, or nothing (a bad row is named by its file line)."""
    res = resource(kind)
    try:
        rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")))
    except csv.Error as exc:
        raise InteropError(FMT, "file", f"not readable as CSV: {exc}") from None
    tag_index = _tag_row(rows)
    cols = _mapped_columns(kind, rows[tag_index], tag_index + 1)
    records = _records(kind, cols, rows[tag_index + 1:], tag_index + 2)
    if not records:
        raise InteropError(FMT, "file", f"holds no {kind} rows after the hashtag row")
    header = list(dict.fromkeys(c for _, r in records for c in r))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")  # in memory, for import_text: the cells as read
    writer.writeheader()
    writer.writerows(r for _, r in records)
    lines = {number: line for number, (line, _) in enumerate(records, start=2)}
    try:
        result = import_text(session, res, out.getvalue(), fmt="csv", actor=actor)
    except ImportError_ as exc:
        raise ImportError_(lines.get(exc.row, exc.row), exc.column, exc.message) from None
    return replace(result, warnings=tuple({**w, "row": lines.get(w["row"], w["row"])} for w in result.warnings))
