"""Daily regional census tables, as the Italian Civil Protection data publishes them.

The CSV has the columns `date, region_code, region, ward_patients, icu_patients,
hospitalized, ...` (one row per region and day). Its ICU census maps to our
`icu` bed type and its ordinary-ward census to `infectious` beds, so a
forecast of the Italian data is a forecast of a surgeops region.
Source and licence to show with any figure made from it: "Dipartimento della
Protezione Civile - COVID-19 data", CC BY 4.0.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

ATTRIBUTION = "Dipartimento della Protezione Civile - COVID-19 data (CC BY 4.0)"
BED_TYPE_OF_COLUMN: dict[str, str] = {"icu_patients": "icu", "ward_patients": "infectious"}
REQUIRED = ("date", "region_code", "region", "ward_patients", "icu_patients")

# Resident population on 1 January 2020 (ISTAT), by ISTAT region code.
POPULATION: dict[str, float] = {
    "01": 4_311_217, "02": 125_034, "03": 10_027_602, "05": 4_879_133, "06": 1_206_216,
    "07": 1_524_826, "08": 4_464_119, "09": 3_692_555, "10": 870_165, "11": 1_512_672,
    "12": 5_755_700, "13": 1_293_941, "14": 300_516, "15": 5_712_143, "16": 3_953_305,
    "17": 553_254, "18": 1_894_110, "19": 4_875_290, "20": 1_611_621, "21": 532_644, "22": 545_425,
}


class CensusDataError(ValueError):
    """A census file that cannot be read; the message names the line or column."""


@dataclass(frozen=True)
class CensusTable:
    """Census per region and day: arrays [regions, days], NaN where a day is missing."""

    codes: list[str]
    names: list[str]
    first_day: date
    by_bed_type: dict[str, np.ndarray]

    @property
    def total(self) -> np.ndarray:
        """Ward + ICU census."""
        return sum(self.by_bed_type.values())

    @property
    def days(self) -> int:
        return int(self.total.shape[1])

    def day_index(self, day: date) -> int:
        return (day - self.first_day).days

    def date_of(self, index: int) -> date:
        return self.first_day + timedelta(days=int(index))

    def populations(self) -> np.ndarray:
        """Each region's population; an unknown region code is refused by name."""
        missing = [c for c in self.codes if c not in POPULATION]
        if missing:
            raise CensusDataError(f"region_code: no population known for {missing[0]!r}")
        return np.array([POPULATION[c] for c in self.codes], dtype=float)

    def select(self, codes: list[str]) -> "CensusTable":
        """The table restricted to the given region codes or names (in file order)."""
        wanted = set(codes)
        keep = [k for k, (c, n) in enumerate(zip(self.codes, self.names)) if c in wanted or n in wanted]
        unknown = wanted - {self.codes[k] for k in keep} - {self.names[k] for k in keep}
        if unknown:
            raise CensusDataError(f"region: {sorted(unknown)[0]!r} is not in the data")
        return CensusTable([self.codes[k] for k in keep], [self.names[k] for k in keep], self.first_day,
                           {t: v[keep] for t, v in self.by_bed_type.items()})

    def census_on(self, region: int, day: date) -> dict[str, float]:
        """{bed type: patients} of one region on one day, for a surgeops RegionInput."""
        k = self.day_index(day)
        return {t: float(v[region, k]) for t, v in self.by_bed_type.items()}


def _number(raw: str, line: int, column: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise CensusDataError(f"line {line}: {column}: not a number ({raw!r})") from None
    if value < 0 or not np.isfinite(value):
        raise CensusDataError(f"line {line}: {column}: must be a finite count, not negative ({raw!r})")
    return value


def _rows(text: str) -> list[tuple[date, str, str, float, float]]:
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
    if missing:
        raise CensusDataError(f"missing column {missing[0]!r}")
    out = []
    for line, row in enumerate(reader, start=2):
        try:
            day = date.fromisoformat(row["date"][:10])
        except ValueError:
            raise CensusDataError(f"line {line}: date: not an ISO date ({row['date']!r})") from None
        out.append((day, row["region_code"].strip().zfill(2), row["region"].strip(),
                    _number(row["ward_patients"], line, "ward_patients"),
                    _number(row["icu_patients"], line, "icu_patients")))
    if not out:
        raise CensusDataError("no rows")
    return out


def parse_census_csv(text: str) -> CensusTable:
    """The table of a census CSV text; missing days are NaN."""
    rows = _rows(text)
    codes = sorted({r[1] for r in rows})
    names = {r[1]: r[2] for r in rows}
    first = min(r[0] for r in rows)
    days = (max(r[0] for r in rows) - first).days + 1
    ward, icu = (np.full((len(codes), days), np.nan) for _ in range(2))
    where = {c: k for k, c in enumerate(codes)}
    for day, code, _, w, i in rows:
        ward[where[code], (day - first).days] = w
        icu[where[code], (day - first).days] = i
    return CensusTable(codes, [names[c] for c in codes], first,
                       {BED_TYPE_OF_COLUMN["ward_patients"]: ward, BED_TYPE_OF_COLUMN["icu_patients"]: icu})
