"""The report's charts as PNG images (matplotlib, Agg canvas, no pyplot state): beds by
type (occupied and free) and the trend of occupied beds and confirmed cases."""

from __future__ import annotations

import io

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from surgeops.interop.sitrep.figures import Sitrep
from surgeops.interop.sitrep.words import Words

OCCUPIED, FREE, CASES = "#c0392b", "#95a5a6", "#2c3e50"


def _png(fig: Figure) -> bytes:
    FigureCanvasAgg(fig)
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=100, metadata={"Software": None})
    return out.getvalue()


def by_type_chart(rep: Sitrep, words: Words) -> bytes:
    """Horizontal bars per bed type: occupied and free beds."""
    types = list(rep.by_type)
    fig = Figure(figsize=(6.4, 0.55 * max(len(types), 2) + 1.0))
    fig.subplots_adjust(left=0.25, right=0.97, top=0.95, bottom=0.3)
    ax = fig.add_subplot()
    labels = [words.bed(t) for t in types]
    occupied = [rep.by_type[t]["occupied"] for t in types]
    free = [rep.by_type[t]["free"] for t in types]
    ax.barh(labels, occupied, color=OCCUPIED, label=words("occupied"))
    ax.barh(labels, free, left=occupied, color=FREE, label=words("free"))
    ax.invert_yaxis()
    ax.set_xlabel(words("beds"))
    ax.legend(loc="lower right", fontsize=8)
    return _png(fig)


def trend_chart(rep: Sitrep, words: Words) -> bytes:
    """Occupied beds per type (stacked) and confirmed cases, over the last weeks."""
    fig = Figure(figsize=(6.4, 3.2))
    fig.subplots_adjust(left=0.11, right=0.88, top=0.96, bottom=0.2)
    ax = fig.add_subplot()
    days = [d for d, _ in rep.bed_history]
    types = list(dict.fromkeys(t for _, by in rep.bed_history for t in by))
    if days:
        ax.stackplot(days, *[[by.get(t, 0) for _, by in rep.bed_history] for t in types], labels=[words.bed(t) for t in types], alpha=0.8)
        ax.legend(loc="upper left", fontsize=7)
    ax.set_ylabel(words("trend_beds"))
    if rep.case_history:
        twin = ax.twinx()
        twin.plot([d for d, _ in rep.case_history], [v for _, v in rep.case_history], color=CASES, linewidth=2)
        twin.set_ylabel(words("trend_cases"), color=CASES)
    ax.tick_params(axis="x", labelsize=7, labelrotation=20)
    return _png(fig)
