"""The report as an A4 PDF (reportlab). Text is set in DejaVu Sans, which covers Cyrillic,
the Kazakh letters and Vietnamese diacritics; the font files come with matplotlib's wheel
from PyPI, so no system font package is needed. The PDF keeps a text layer."""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

import matplotlib
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Image, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from xml.sax.saxutils import escape

from surgeops.interop.sitrep.document import Document, Section

FONT, BOLD = "SurgeopsSans", "SurgeopsSans-Bold"
WIDTH = A4[0] - 30 * mm


def font_path(bold: bool = False) -> Path:
    """DejaVu Sans as shipped in matplotlib's data directory."""
    return Path(matplotlib.get_data_path()) / "fonts" / "ttf" / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")


@lru_cache(maxsize=1)
def _fonts() -> None:
    pdfmetrics.registerFont(TTFont(FONT, str(font_path())))
    pdfmetrics.registerFont(TTFont(BOLD, str(font_path(bold=True))))


@lru_cache(maxsize=1)
def _styles() -> dict[str, ParagraphStyle]:
    _fonts()
    return {
        "title": ParagraphStyle("title", fontName=BOLD, fontSize=18, leading=22, spaceAfter=2),
        "subtitle": ParagraphStyle("subtitle", fontName=FONT, fontSize=11, leading=14, textColor=colors.grey, spaceAfter=8),
        "h2": ParagraphStyle("h2", fontName=BOLD, fontSize=13, leading=16, spaceBefore=8, spaceAfter=4),
        "h3": ParagraphStyle("h3", fontName=BOLD, fontSize=10.5, leading=13, spaceBefore=4, spaceAfter=2),
        "body": ParagraphStyle("body", fontName=FONT, fontSize=9, leading=11.5),
        "cell": ParagraphStyle("cell", fontName=FONT, fontSize=8, leading=10),
        "big": ParagraphStyle("big", fontName=BOLD, fontSize=16, leading=19),
        "small": ParagraphStyle("small", fontName=FONT, fontSize=7.5, leading=9, textColor=colors.grey),
    }


def _p(text: str, style: str) -> Paragraph:
    return Paragraph(escape(text), _styles()[style])


def _figures(pairs: list[tuple[str, str]]) -> Table:
    """Headline figures as a row of boxes: the value big, its label below."""
    cells = [[_p(value, "big") for _, value in pairs], [_p(label, "small") for label, _ in pairs]]
    table = Table(cells, colWidths=[WIDTH / max(len(pairs), 1)] * len(pairs))
    table.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.5, colors.lightgrey),
                               ("INNERGRID", (0, 0), (-1, -1), 0.25, colors.whitesmoke), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


def _table(header: list[str], rows: list[list[str]]) -> Table:
    data = [[_p(h, "h3") for h in header]] + [[_p(c, "cell") for c in row] for row in rows]
    table = Table(data, repeatRows=1, colWidths=[WIDTH / len(header)] * len(header))
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.25, colors.grey), ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


def _section(section: Section, doc: Document) -> list:
    flow: list = []
    if section.image:
        image = Image(io.BytesIO(section.image))
        scale = min(1.0, WIDTH / image.drawWidth)
        image.drawWidth, image.drawHeight = image.drawWidth * scale, image.drawHeight * scale
        flow.append(image)
    for subtitle, table in section.tables:
        if subtitle:
            flow.append(_p(subtitle, "h3"))
        flow.append(_table(table.header, table.rows))
    if not section.tables and not section.image:
        flow.append(_p(doc.labels["none"], "body"))
    if section.note:
        flow.append(_p(section.note, "small"))
    return [KeepTogether([_p(section.title, "h2"), flow[0]]), *flow[1:]]


def write_pdf(doc: Document) -> bytes:
    out = io.BytesIO()
    pdf = SimpleDocTemplate(out, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm, bottomMargin=15 * mm,
                            title=f"{doc.title} — {doc.subtitle}", author="surgeops", lang=doc.lang)
    flow: list = [_p(doc.title, "title"), _p(doc.subtitle, "subtitle"), _p(doc.labels["headline"], "h2"), _figures(doc.headline)]
    flow += [_p(doc.labels["cases"], "h3"), _figures(doc.cases) if doc.cases else _p(doc.labels["no_data"], "body")]
    for section in doc.sections:
        flow += _section(section, doc)
    flow += [Spacer(1, 6 * mm), _p(doc.footer, "small")]
    pdf.build(flow)
    return out.getvalue()
