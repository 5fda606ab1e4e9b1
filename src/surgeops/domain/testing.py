"""The testing chain: a sample from declaration to result, its checks and turnaround times.

A sample passes, in order, through declared -> sampled -> in_transport -> received (at
a lab) -> result (positive, negative or rejected). Events arrive from several places
(a CSV export, a form), possibly out of file order; `build_chains` puts each sample's
events in chain order and refuses, naming the sample and the step, any sample whose
chain skips a step, repeats one, or goes back in time. `turnaround` and `backlog`
then answer "how long does each step take, where, and what is waiting".

Percentiles use numpy's default 'linear' method (type 7 of Hyndman and Fan): for n
sorted values the p-th percentile sits at position (n - 1) * p / 100, interpolating
linearly between the two neighbouring values. The median is the 50th percentile.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, tzinfo
from enum import StrEnum

import numpy as np


class Step(StrEnum):
    """A stage of the chain, in chain order."""

    declared = "declared"
    sampled = "sampled"
    in_transport = "in_transport"
    received = "received"
    result = "result"


class Outcome(StrEnum):
    positive = "positive"
    negative = "negative"
    rejected = "rejected"


STEPS: tuple[Step, ...] = tuple(Step)
# Event names as written in exports: the four stages, and the result by its outcome.
EVENT_NAMES: dict[str, tuple[Step, Outcome | None]] = {
    **{s.value: (s, None) for s in STEPS[:-1]},
    **{o.value: (Step.result, o) for o in Outcome},
}


@dataclass(frozen=True, slots=True)
class SampleEvent:
    """One thing that happened to a sample, where. `row` is its source row, if any."""

    sample_id: str
    step: Step
    at: datetime
    place: str
    outcome: Outcome | None = None
    row: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "step", Step(self.step))
        if self.at.tzinfo is None or self.at.utcoffset() is None:
            raise ValueError(f"sample {self.sample_id}: {self.step} time has no time zone")
        if (self.step is Step.result) != (self.outcome is not None):
            raise ValueError(f"sample {self.sample_id}: only a result carries an outcome")

    @classmethod
    def named(cls, sample_id: str, event: str, at: datetime, place: str,
              row: int | None = None) -> SampleEvent:
        """Build from an export's event name (declared ... received, positive ...)."""
        step, outcome = EVENT_NAMES[event]
        return cls(sample_id, step, at, place, outcome, row)

    @property
    def where(self) -> str:
        """'row N' when the event came from a file, for messages."""
        return f" (row {self.row})" if self.row is not None else ""


@dataclass(frozen=True, slots=True)
class SampleChain:
    """A sample's events in chain order: always a gap-free prefix of STEPS."""

    sample_id: str
    events: tuple[SampleEvent, ...]

    def at(self, step: Step) -> datetime | None:
        """When the sample reached `step`, or None if it has not."""
        i = STEPS.index(step)
        return self.events[i].at if i < len(self.events) else None

    @property
    def lab(self) -> str | None:
        """The lab that received the sample, once it has."""
        return self.events[3].place if len(self.events) > 3 else None

    @property
    def outcome(self) -> Outcome | None:
        return self.events[4].outcome if len(self.events) > 4 else None

    @property
    def state(self) -> str:
        """Where the sample stands, as its last event is named (e.g. 'received', 'positive')."""
        last = self.events[-1]
        return last.outcome.value if last.outcome else last.step.value


@dataclass(frozen=True, slots=True)
class ChainProblem:
    sample_id: str
    step: Step
    message: str


class ChainError(ValueError):
    """Samples whose events cannot form a chain; `problems` lists every one."""

    def __init__(self, problems: list[ChainProblem]):
        self.problems = tuple(problems)
        super().__init__("; ".join(p.message for p in problems))


def _check_sample(sample_id: str, events: list[SampleEvent]) -> list[ChainProblem]:
    """Problems with one sample's events, which are sorted by step."""
    problems = []
    name = lambda e: e.outcome.value if e.outcome else e.step.value  # noqa: E731
    for i, e in enumerate(events):
        if i > 0 and events[i - 1].step is e.step:
            rows = [x.row for x in (events[i - 1], e) if x.row is not None]
            where = f" (rows {rows[0]} and {rows[1]})" if len(rows) == 2 else ""
            msg = f"sample {sample_id}: two {e.step} events{where}"
        elif STEPS.index(e.step) != i:
            missing = STEPS[i]
            msg = f"sample {sample_id}: {name(e)}{e.where} before any {missing} event"
        elif i > 0 and e.at < events[i - 1].at:
            prev = events[i - 1]
            msg = (f"sample {sample_id}: {name(e)} at {e.at.isoformat()}{e.where} is earlier"
                   f" than {name(prev)} at {prev.at.isoformat()}{prev.where}")
        elif e.step in (Step.received, Step.result) and not e.place.strip():
            msg = f"sample {sample_id}: {name(e)}{e.where} names no lab"
        else:
            continue
        problems.append(ChainProblem(sample_id, e.step, msg))
        break  # later steps of a broken chain would only repeat the complaint
    return problems


def build_chains(events: Iterable[SampleEvent]) -> dict[str, SampleChain]:
    """Group events into one chain per sample, or raise ChainError naming each bad one.

    File order does not matter; chain order does: each sample must pass the steps in
    order without gaps or repeats, each step no earlier than the one before it, and
    the received and result events must name the lab.
    """
    by_sample: dict[str, list[SampleEvent]] = {}
    for event in events:
        by_sample.setdefault(event.sample_id, []).append(event)
    chains, problems = {}, []
    for sample_id, evs in by_sample.items():
        evs.sort(key=lambda e: STEPS.index(e.step))
        found = _check_sample(sample_id, evs)
        problems.extend(found)
        if not found:
            chains[sample_id] = SampleChain(sample_id, tuple(evs))
    if problems:
        raise ChainError(problems)
    return chains


@dataclass(frozen=True, slots=True)
class Interval:
    name: str
    start: Step
    end: Step


INTERVALS: tuple[Interval, ...] = (
    Interval("declared_to_sampled", Step.declared, Step.sampled),
    Interval("sampled_to_in_transport", Step.sampled, Step.in_transport),
    Interval("in_transport_to_received", Step.in_transport, Step.received),
    Interval("received_to_result", Step.received, Step.result),
    Interval("end_to_end", Step.declared, Step.result),
)
STEP_INTERVALS = INTERVALS[:4]  # the end-to-end interval is not a step


@dataclass(frozen=True, slots=True)
class IntervalStats:
    """Hours taken by the samples that completed an interval; None when none did."""

    interval: str
    count: int
    median_hours: float | None
    p90_hours: float | None


@dataclass(frozen=True, slots=True)
class TurnaroundTable:
    """Stats per interval (INTERVALS order) and the step with the largest median."""

    intervals: tuple[IntervalStats, ...]
    slowest_step: str | None

    def __getitem__(self, name: str) -> IntervalStats:
        return next(s for s in self.intervals if s.interval == name)


@dataclass(frozen=True, slots=True)
class TurnaroundReport:
    overall: TurnaroundTable
    by_lab: dict[str, TurnaroundTable]


def interval_hours(chains: Iterable[SampleChain], interval: Interval) -> np.ndarray:
    """Hours each chain took over `interval`, for the chains that completed it."""
    hours = [
        (end - start).total_seconds() / 3600
        for c in chains
        if (start := c.at(interval.start)) is not None and (end := c.at(interval.end)) is not None
    ]
    return np.array(hours, dtype=float)


def summarise(interval: str, hours: np.ndarray) -> IntervalStats:
    """Count, median and 90th percentile ('linear' method) of `hours`."""
    if hours.size == 0:
        return IntervalStats(interval, 0, None, None)
    median, p90 = np.percentile(hours, [50, 90], method="linear")
    return IntervalStats(interval, int(hours.size), float(median), float(p90))


def _table(chains: list[SampleChain]) -> TurnaroundTable:
    stats = tuple(summarise(i.name, interval_hours(chains, i)) for i in INTERVALS)
    steps = [s for s in stats[: len(STEP_INTERVALS)] if s.median_hours is not None]
    slowest = max(steps, key=lambda s: s.median_hours).interval if steps else None
    return TurnaroundTable(stats, slowest)


def turnaround(chains: Iterable[SampleChain]) -> TurnaroundReport:
    """Turnaround per interval overall and per receiving lab.

    A sample counts in every interval it has completed; per lab, the samples that
    lab received count, for all their intervals. Ties for slowest go to the earlier step.
    """
    chains = list(chains)
    labs: dict[str, list[SampleChain]] = {}
    for c in chains:
        if c.lab is not None:
            labs.setdefault(c.lab, []).append(c)
    return TurnaroundReport(_table(chains), {lab: _table(labs[lab]) for lab in sorted(labs)})


@dataclass(frozen=True, slots=True)
class LabBacklog:
    """Samples a lab had received but not resulted as of a time."""

    lab: str
    waiting: int
    oldest_received: datetime | None


def backlog(chains: Iterable[SampleChain], *, as_of: datetime) -> dict[str, LabBacklog]:
    """Per lab that had received any sample by `as_of`: how many still await a result.

    A sample waits when it was received at or before `as_of` and has no result at
    or before `as_of`.
    """
    waiting: dict[str, list[datetime]] = {}
    for c in chains:
        received, result = c.at(Step.received), c.at(Step.result)
        if received is None or received > as_of:
            continue
        bucket = waiting.setdefault(c.lab, [])
        if result is None or result > as_of:
            bucket.append(received)
    return {
        lab: LabBacklog(lab, len(times), min(times) if times else None)
        for lab, times in sorted(waiting.items())
    }


class CsvError(ValueError):
    """A sample-events file that cannot be read; names the row and column.

    Rows are file lines, the header being row 1, as a spreadsheet numbers them.
    """

    def __init__(self, row: int, column: str | None, message: str):
        self.row, self.column = row, column
        where = f"row {row}" + (f", column '{column}'" if column else "")
        super().__init__(f"{where}: {message}")


CSV_COLUMNS = ("sample_id", "event", "at", "place")


def _parse_time(text: str, row: int, default_tz: tzinfo | None) -> datetime:
    try:
        at = datetime.fromisoformat(text.strip())
    except ValueError:
        raise CsvError(row, "at", f"'{text}' is not an ISO 8601 date-time") from None
    if at.tzinfo is None:
        if default_tz is None:
            raise CsvError(row, "at", f"'{text}' has no UTC offset and no default zone given")
        at = at.replace(tzinfo=default_tz)
    return at


def _parse_row(values: Mapping[str | None, object], row: int,
               default_tz: tzinfo | None) -> SampleEvent:
    if values.get(None):
        raise CsvError(row, None, "more fields than the header has columns")
    for column in CSV_COLUMNS[:3]:
        if not (values.get(column) or "").strip():
            raise CsvError(row, column, "empty")
    event = values["event"].strip()
    if event not in EVENT_NAMES:
        raise CsvError(row, "event", f"'{event}' is not one of {', '.join(EVENT_NAMES)}")
    at = _parse_time(values["at"], row, default_tz)
    place = (values.get("place") or "").strip()
    return SampleEvent.named(values["sample_id"].strip(), event, at, place, row)


def parse_events_csv(text: str, *, default_tz: tzinfo | None = None) -> list[SampleEvent]:
    """Sample events from CSV text with columns sample_id, event, at, place.

    `at` is ISO 8601; a time without offset takes `default_tz`, or is refused when
    none is given. Extra columns are ignored. Raises CsvError at the first bad cell.
    """
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""))  # the csv module reads line ends itself
    try:
        header = [h.strip() for h in (reader.fieldnames or [])]
        for column in CSV_COLUMNS:
            if column not in header:
                raise CsvError(1, column, "missing from the header")
        reader.fieldnames = header
        # line_num is the file line the row ended on, so blank lines do not shift it.
        return [_parse_row(values, reader.line_num, default_tz) for values in reader]
    except csv.Error as exc:
        raise CsvError(reader.line_num, None, f"not readable as CSV: {exc}") from None
