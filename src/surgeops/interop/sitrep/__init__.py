"""The daily situation report for a region or a country, as HTML or PDF, in ru, kk, vi or en.

`render(session, region=..., day=..., lang=..., fmt="pdf"|"html") -> bytes` is the entry
point the CLI and the web API call: figures.gather reads the records, document.compose
words them, html/pdf lay them out.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from surgeops.interop.sitrep.document import compose
from surgeops.interop.sitrep.figures import gather
from surgeops.interop.sitrep.words import Words

FORMATS = ("pdf", "html")


def render(session: Session, *, region: str, day: dt.date, lang: str, fmt: str) -> bytes:
    """The report as bytes; ValueError for an unknown language or format, NotFound for an unknown region."""
    if fmt not in FORMATS:
        raise ValueError(f"format {fmt!r}: choose pdf or html")
    words = Words(lang)
    doc = compose(gather(session, region=region, day=day), words)
    if fmt == "html":
        from surgeops.interop.sitrep.html import write_html

        return write_html(doc)
    from surgeops.interop.sitrep.pdf import write_pdf

    return write_pdf(doc)
