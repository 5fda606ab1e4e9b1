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
from surgeops.ingest.language import LANGS, detect_language, load_detector
from surgeops.ingest.lexicon import load_indexes
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


# One short report per language: extracting them loads what extraction in that language
# loads on first use (lexicon indexes, gazetteer, number and date words).
WARM_UP_TEXTS: dict[str, str] = {
    "ru": "12 марта 2021 года в Алматинской области развернуто 300 коек для больных COVID-19, "
          "занято 150; выявлено 25 новых случаев. Направлены 10 врачей и 2 тонны медикаментов.",
    "kk": "2021 жылғы 12 наурызда Алматы облысында COVID-19 науқастары үшін 300 төсек орын дайындалды, "
          "150-і бос емес; 25 жаңа жағдай анықталды. 10 дәрігер және 2 тонна дәрі-дәрмек жіберілді.",
    "vi": "Ngày 12/3/2021, tỉnh Bắc Giang đã chuẩn bị 300 giường bệnh cho bệnh nhân COVID-19, "
          "150 giường đã có bệnh nhân; ghi nhận 25 ca mắc mới. Đã cử 10 bác sĩ và 2 tấn thuốc.",
    "en": "On 12 March 2021 the region prepared 300 beds for COVID-19 patients, 150 of them occupied; "
          "25 new cases were confirmed. 10 doctors and 2 tonnes of medicines were sent.",
}


def warm_up() -> None:
    """Load everything extraction loads lazily, for every language, now (about 0.6 s and
    130 MB, most of it the language detector's models).

    A server calls this at start-up, so that no report waits while the data files are
    read and indexed (about 80 ms for the first report in each language) or while the
    language detector loads its models (0.5 to 0.8 s for each of the first reports whose
    script leaves their language open), holding up its worker's other requests meanwhile."""
    for text in WARM_UP_TEXTS.values():
        extract_text(text, doc="warm-up")  # each detected as the language it is written in
    load_indexes()
    load_detector()


def extract_file(path: str | Path, *, published: dt.date | None = None, lang: str | None = None,
                 max_bytes: int = DEFAULT_MAX_BYTES) -> dict:
    """Read a report file (raising IngestError if unreadable) and extract its facts; doc = file stem."""
    text = read_document(path, max_bytes=max_bytes)
    return extract_text(text, doc=Path(path).stem, published=published, lang=lang)
