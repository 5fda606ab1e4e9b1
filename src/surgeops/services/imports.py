"""Import and export of records as CSV or JSON. An import is all or nothing: every row is
validated and written in one transaction, and the first bad row is reported with its
row number and column."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from sqlalchemy.orm import Session

from surgeops.domain.base import validated
from surgeops.domain.errors import Conflict, InvalidField, NotFound, SurgeopsError
from surgeops.services import crud
from surgeops.services.audit import Actor
from surgeops.services.crud import Resource
from surgeops.services.spreadsheet import CsvWriter, read_cell


class ImportError_(InvalidField):
    """A row of an import file is wrong; nothing of the file was stored. A bad value, so
    the API answers 422 with the field `rows.<row>.<column>`."""

    def __init__(self, row: int, column: str, message: str) -> None:
        SurgeopsError.__init__(self, f"row {row}, column {column}: {message}")
        self.row, self.column, self.message = row, column, message
        self.field = f"rows.{row}.{column}"


@dataclass(frozen=True)
class ImportResult:
    kind: str
    created: int
    # What the records' rules flag but store (a cumulative case count that falls), each
    # with the file's `row`.
    warnings: tuple[dict[str, Any], ...] = ()


def _cell(value: str) -> Any:
    text = read_cell(value.strip())  # a text our export kept from being a formula comes back as it was
    if text == "":
        return None
    if text[:1] in "[{":
        try:
            return json.loads(text)
        except json.JSONDecodeError:
            return text
    return text


def rows_from_csv(text: str) -> Iterable[tuple[int, dict[str, Any]]]:
    """Rows as nested dicts: a column `names.en` fills {"names": {"en": ...}}; JSON cells are parsed."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    for number, raw in enumerate(reader, start=2):  # row 1 is the header
        row: dict[str, Any] = {}
        for column, value in raw.items():
            if column is None or value is None:
                continue
            value = _cell(value)
            if value is None:
                continue
            target = row
            *parents, leaf = column.strip().split(".")
            for part in parents:
                target = target.setdefault(part, {})
            target[leaf] = value
        yield number, row


def rows_from_json(text: str) -> Iterable[tuple[int, dict[str, Any]]]:
    data = json.loads(text)
    if isinstance(data, dict) and "items" in data:
        data = data["items"]
    if not isinstance(data, list):
        raise ImportError_(1, "-", "a JSON import holds a list of records (or {\"items\": [...]})")
    for number, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            raise ImportError_(number, "-", "each record must be a JSON object")
        yield number, item


def import_text(session: Session, res: Resource, text: str, *, fmt: str, actor: Actor) -> ImportResult:
    """Validate and store every row, or nothing at all."""
    try:
        rows = list(rows_from_csv(text) if fmt == "csv" else rows_from_json(text))
    except json.JSONDecodeError as exc:
        raise ImportError_(exc.lineno, "-", f"not valid JSON: {exc.msg}") from None
    except csv.Error as exc:
        raise ImportError_(0, "-", f"not valid CSV: {exc}") from None
    warnings: list[dict[str, Any]] = []
    try:
        for number, row in rows:
            warnings += ({**w, "row": number} for w in _import_row(session, res, number, row, actor))
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return ImportResult(kind=res.name, created=len(rows), warnings=tuple(warnings))


META = ("id", "version", "created_at", "updated_at")


def _import_row(session: Session, res: Resource, number: int, row: dict[str, Any], actor: Actor) -> list[dict[str, Any]]:
    """Store one row; the warnings its record's rules raise."""
    row = {k: v for k, v in row.items() if k not in META}
    try:
        payload = validated(res.create, row)
        return crud.create(session, res, payload, actor=actor, commit=False).get("warnings") or []
    except InvalidField as exc:
        raise ImportError_(number, exc.field, exc.message) from None
    except (Conflict, NotFound) as exc:
        raise ImportError_(number, "-", str(exc)) from None


def import_file(session: Session, res: Resource, path: Path, *, actor: Actor) -> ImportResult:
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".json"):
        raise ValueError(f"{path.name}: give a .csv or .json file")
    text = path.read_text(encoding="utf-8-sig")
    return import_text(session, res, text, fmt=suffix[1:], actor=actor)


def export_rows(session: Session, res: Resource) -> list[dict[str, Any]]:
    """Every record with its id and version and the fields an import reads back."""
    keep = set(res.create.model_fields) | {"id", "version"}
    rows: list[dict[str, Any]] = []
    offset = 0
    while True:
        items, total = crud.listing(session, res, {}, limit=1000, offset=offset)
        rows.extend({k: v for k, v in crud.jsonable(item).items() if k in keep} for item in items)
        offset += len(items)
        if not items or offset >= total:
            return rows


def to_csv(rows: list[dict[str, Any]], *, skip: tuple[str, ...] = META) -> str:
    columns: list[str] = []
    for row in rows:
        for column in row:
            if column not in columns and column not in skip:
                columns.append(column)
    out = io.StringIO()
    writer = CsvWriter(out)
    writer.writerow(columns)
    for row in rows:
        cells = [row.get(c) for c in columns]
        writer.writerow([json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) else ("" if v is None else v) for v in cells])
    return out.getvalue()
