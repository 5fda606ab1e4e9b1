"""Throughput of report extraction on one core, against the bare read + sentence split.

Builds >= 500 documents of 2-5 KB by combining paragraphs of the project's test reports
(and the public fixtures when present) in varied order, then times:
  baseline: normalise + split sentences (the cost every approach pays)
  pipeline: extract_text (language, numbers, dates, places, lexicons, facts)
and prints documents per second for both and their ratio. HTML test reports are left out
of the mix (shuffled markup is no page) and timed whole, on their own.

    .venv/bin/python bench/extract.py [--docs 600] [--seed 7]

With --large (issue 18 item 8) it times instead one report of --mb megabytes (9 by
default) made of the seed and development reports, repeated with their figures varied,
and prints MB/s of extract_text against the bare read + sentence split of the same text;
then it starts `surgeops serve` on 127.0.0.1 (a temporary SQLite database), submits four
such reports at once (each answered 202 with a job, extracted by the job queue in a
process of its own) and prints the p99 of GET /api/health while they are extracted.

    .venv/bin/python bench/extract.py --large [--mb 9] [--reports 4]
"""

from __future__ import annotations

import argparse
import random
import re
import time
from pathlib import Path

from surgeops.ingest import extract_text
from surgeops.ingest.htmltext import looks_like_html
from surgeops.ingest.text import normalize_text, split_sentences

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "fixtures"
SOURCES = [REPO / "tests" / "data" / "ingest" / "reports", SHARED / "reports" / "docs"]
LARGE_SOURCES = [*SOURCES, SHARED / "reports-dev" / "docs"]


def _paragraphs_by_language() -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for folder in SOURCES:
        for path in sorted(folder.glob("*.txt")) if folder.is_dir() else []:
            key = path.stem.split("_")[0] if not path.stem[0].isdigit() else path.stem
            text = path.read_text(encoding="utf-8")
            if looks_like_html(text):
                continue  # shuffled lines of markup are no page; HTML is timed on whole pages below
            paras = [p.strip() for p in text.split("\n") if p.strip()]
            groups.setdefault(key, []).extend(paras)
    return groups


def build_documents(n: int, seed: int) -> list[str]:
    """n documents of 2-5 KB, each from paragraphs of one source group, shuffled."""
    rng = random.Random(seed)
    groups = [g for g in _paragraphs_by_language().values() if g]
    docs = []
    while len(docs) < n:
        paras = rng.choice(groups)
        target = rng.randint(2048, 5120)
        out: list[str] = []
        size = 0
        while size < target:
            p = rng.choice(paras)
            if size + len(p.encode()) + 1 > 5120:
                if size >= 2048:
                    break
                p = p[: max(1, 5120 - size - 1) // 2]
            out.append(p)
            size += len(p.encode()) + 1
        docs.append("\n".join(out))
    return docs


def html_pages() -> list[str]:
    """The HTML reports among the test reports, whole (navigation, comments and all)."""
    pages = []
    for folder in SOURCES:
        for path in sorted(folder.glob("*.txt")) if folder.is_dir() else []:
            text = path.read_text(encoding="utf-8")
            if looks_like_html(text):
                pages.append(text)
    return pages


def _rate(fn, docs: list[str]) -> float:
    start = time.perf_counter()
    for i, d in enumerate(docs):
        fn(d, i)
    return len(docs) / (time.perf_counter() - start)


def large_report(megabytes: float, seed: int) -> str:
    """A report of about `megabytes` MB: the plain-text test, seed and development reports
    one after another in random order, each with its figures changed (so its facts are
    not the same facts again), until the size is reached."""
    rng = random.Random(seed)
    texts = [p.read_text(encoding="utf-8") for folder in LARGE_SOURCES if folder.is_dir() for p in sorted(folder.glob("*.txt"))]
    texts = [t for t in texts if not looks_like_html(t)]
    chunks, size, target = [], 0, int(megabytes * 1_000_000)
    while size < target:
        text = re.sub(r"\d+", lambda m: str(rng.randint(2, 999)), rng.choice(texts))
        chunks.append(text)
        size += len(text.encode()) + 2
    return "\n\n".join(chunks)


def bench_large(args: argparse.Namespace) -> None:
    report = large_report(args.mb, args.seed)
    mb = len(report.encode()) / 1e6
    extract_text(report[:5000], doc="warmup")
    start = time.perf_counter()
    split_sentences(normalize_text(report))
    base = mb / (time.perf_counter() - start)
    start = time.perf_counter()
    facts = len(extract_text(report, doc="large")["facts"])
    pipe = mb / (time.perf_counter() - start)
    print(f"large report: {mb:.1f} MB, {facts} facts")
    print(f"baseline (read + sentence split): {base:,.1f} MB/s")
    print(f"pipeline (extract_text):          {pipe:,.2f} MB/s  (target >= 1 MB/s on one core)")
    print(f"ratio pipeline/baseline: {pipe / base:.4f}")
    if args.reports:
        from extract_server import health_while_extracting  # bench/ is on sys.path when run as a script

        health_while_extracting([large_report(args.mb, args.seed + 1 + i) for i in range(args.reports)])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=600)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--large", action="store_true", help="Time one large report, then /health while --reports are extracted.")
    ap.add_argument("--mb", type=float, default=9.0, help="Size of the large reports in MB (with --large).")
    ap.add_argument("--reports", type=int, default=4, help="Large reports submitted at once to a live server (0: none).")
    args = ap.parse_args()
    if args.large:
        bench_large(args)
        return
    docs = build_documents(max(args.docs, 500), args.seed)
    extract_text(docs[0], doc="warmup")  # loads lexicons, gazetteer, morphology once
    base = _rate(lambda d, i: split_sentences(normalize_text(d)), docs)
    pipe = _rate(lambda d, i: extract_text(d, doc=f"d{i}"), docs)
    sizes = [len(d.encode()) for d in docs]
    print(f"documents: {len(docs)}  size: {min(sizes)}-{max(sizes)} bytes")
    print(f"baseline (read + sentence split): {base:,.0f} docs/s")
    print(f"pipeline (extract_text):          {pipe:,.1f} docs/s")
    print(f"ratio pipeline/baseline: {pipe / base:.4f}  (baseline is {base / pipe:,.0f}x faster)")
    pages = html_pages() * 20
    if pages:
        print(f"HTML pages (extract_text, {len(pages)} pages): {_rate(lambda d, i: extract_text(d, doc=f'h{i}'), pages):,.1f} docs/s")


if __name__ == "__main__":
    main()
