"""The ingest pipeline: text or HTML in, the facts.md JSON object out."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from surgeops.ingest.beds import extract_beds
from surgeops.ingest.cases import extract_cases
from surgeops.ingest.dates import detect_published
from surgeops.ingest.deployments import extract_deployments
from surgeops.ingest.document import Doc
from surgeops.ingest.htmltext import html_to_text, looks_like_html
from surgeops.ingest.language import LANGS, detect_language
from surgeops.ingest.reader import DEFAULT_MAX_BYTES, read_document
from surgeops.ingest.supplies import extract_supplies
from surgeops.ingest.text import normalize_text, split_sentences


def plain_text(text: str, *, html: bool | None = None) -> str:
    """The plain text facts are read from (and spans point into): HTML reduced to its article."""
    if html is None:
        html = looks_like_html(text)
    return normalize_text(html_to_text(text) if html else text)


def extract_text(text: str, *, doc: str, published: dt.date | None = None, lang: str | None = None,
                 html: bool | None = None) -> dict:
    """Facts of one document as facts.md's object: {"doc", "lang", "published", "facts"}.

    `published` and `lang` override what is detected; `html` forces or forbids HTML
    handling (detected from the content when None).
    """
    plain = plain_text(text, html=html)
    if lang is not None and lang not in LANGS:
        raise ValueError(f"unsupported language {lang!r}; expected one of {', '.join(LANGS)}")
    language = lang or detect_language(plain)
    pub = published or detect_published(plain)
    d = Doc(text=plain, lang=language, published=pub, sentences=split_sentences(plain))
    beds = extract_beds(d)
    deployments = extract_deployments(d)
    supplies = extract_supplies(d, deployments)
    cases = extract_cases(d)
    facts = sorted(deployments + supplies + beds + cases, key=lambda f: f["span"][0])
    return {"doc": doc, "lang": language, "published": pub.isoformat() if pub else None, "facts": facts}


def extract_file(path: str | Path, *, published: dt.date | None = None, lang: str | None = None,
                 max_bytes: int = DEFAULT_MAX_BYTES) -> dict:
    """Read a report file (raising IngestError if unreadable) and extract its facts; doc = file stem."""
    text = read_document(path, max_bytes=max_bytes)
    return extract_text(text, doc=Path(path).stem, published=published, lang=lang)
