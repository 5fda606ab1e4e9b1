"""The report as words and tables in one language, laid out the same way by the HTML and
the PDF writers: each section is a title and either figures, a table or a 'none' line."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from surgeops.interop.sitrep.charts import by_type_chart, trend_chart
from surgeops.interop.sitrep.figures import Sitrep
from surgeops.interop.sitrep.words import Words

EVIDENCE_CHARS = 220


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]


@dataclass
class Section:
    title: str
    tables: list[tuple[Optional[str], Table]] = field(default_factory=list)  # (subtitle, table)
    note: Optional[str] = None
    image: Optional[bytes] = None


@dataclass
class Document:
    lang: str
    title: str
    subtitle: str
    headline: list[tuple[str, str]]
    cases: list[tuple[str, str]]
    sections: list[Section]
    labels: dict[str, str]
    footer: str


def compose(rep: Sitrep, words: Words) -> Document:
    """Every text, figure and chart of the report, formatted for the language."""
    t = rep.total
    headline = [(words("beds"), words.count(t["capacity"])), (words("occupied"), words.count(t["occupied"])),
                (words("occupancy"), words.pct(t["occupancy_pct"])), (words("free"), words.count(t["free"])),
                (words("reserve"), words.count(t["reserve"]))]
    cases = [(words(f"metric.{m}"), words.count(v)) for m, v in rep.cases.items()]
    sections = [_by_type(rep, words), Section(words("trend"), image=trend_chart(rep, words)),
                _ranking(rep, words), _arrivals(rep, words), _facts(rep, words)]
    return Document(
        lang=words.lang, title=words("title"), subtitle=f"{words.name(rep.names, rep.region)} — {words('as_of')} {words.date(rep.day)}",
        headline=headline, cases=cases, sections=sections,
        labels={"headline": words("headline"), "cases": words("cases"), "none": words("none"), "no_data": words("no_data")},
        footer=f"{words('generated')} · {rep.region} · {rep.day.isoformat()}",
    )


def _by_type(rep: Sitrep, words: Words) -> Section:
    header = [words("bed_type"), words("beds"), words("occupied"), words("free"), words("occupancy"), words("reserve")]
    rows = [[words.bed(k), words.count(v["capacity"]), words.count(v["occupied"]), words.count(v["free"]),
             words.pct(v["occupancy_pct"]), words.count(v["reserve"])] for k, v in rep.by_type.items()]
    t = rep.total
    rows.append([words("total"), words.count(t["capacity"]), words.count(t["occupied"]), words.count(t["free"]),
                 words.pct(t["occupancy_pct"]), words.count(t["reserve"])])
    return Section(words("by_type"), tables=[(None, Table(header, rows))], image=by_type_chart(rep, words) if rep.by_type else None)


def _ranking(rep: Sitrep, words: Words) -> Section:
    header = [words("place"), words("occupancy"), words("free"), words("beds")]
    forecast = rep.ranking_method == "forecast"
    if forecast:
        header.append(words("runs_out"))
    rows = []
    for p in rep.ranking:
        row = [words.name(p.names, p.code), words.pct(p.occupancy_pct), words.count(p.free), words.count(p.capacity)]
        if forecast:
            when = words.date(p.runs_out) + (" " + words("scenario_mark") if p.scenario else "")
            row.append(when if p.runs_out else words("not_soon"))
        rows.append(row)
    note = words("ranked_forecast") + " " + words("scenario_note") if forecast else words("ranked_occupancy")
    return Section(words("exhaustion"), tables=[(None, Table(header, rows))] if rows else [], note=note)


def _arrivals(rep: Sitrep, words: Words) -> Section:
    section = Section(words("arrivals"))
    if rep.teams:
        rows = [[t["origin"], t["destination"], words.count(t["size"]), t["lead"], words.date(t["start"])] for t in rep.teams]
        section.tables.append((words("teams"), Table([words("from"), words("to"), words("size"), words("lead"), words("start")], rows)))
    if rep.supplies:
        rows = [[s["origin"], s["destination"], s["item"], f"{words.count(s['quantity'])} {s['unit']}", s["status"]] for s in rep.supplies]
        section.tables.append((words("supplies"), Table([words("from"), words("to"), words("item"), words("quantity"), words("status")], rows)))
    return section


def _facts(rep: Sitrep, words: Words) -> Section:
    rows = [[f["type"], _short(f["evidence"]), f["report"]] for f in rep.facts]
    table = Table([words("fact_type"), words("evidence"), words("report")], rows)
    return Section(words("facts"), tables=[(None, table)] if rows else [])


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EVIDENCE_CHARS else text[: EVIDENCE_CHARS - 1] + "…"
