"""The report as one self-contained HTML page (charts inlined as PNG data URIs)."""

from __future__ import annotations

import base64
from functools import lru_cache
from importlib import resources

from jinja2 import Environment, select_autoescape

from surgeops.interop.sitrep.document import Document


@lru_cache(maxsize=1)
def _template():  # noqa: ANN202 - a jinja2 Template
    env = Environment(autoescape=select_autoescape(default=True), trim_blocks=True, lstrip_blocks=True)
    return env.from_string((resources.files("surgeops.interop") / "data" / "sitrep.html").read_text(encoding="utf-8"))


def write_html(doc: Document) -> bytes:
    images = [base64.b64encode(s.image).decode("ascii") if s.image else "" for s in doc.sections]
    return _template().render(doc=doc, images=images).encode("utf-8")
