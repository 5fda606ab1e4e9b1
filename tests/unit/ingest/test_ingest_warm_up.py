"""`warm_up()` loads, for every language, what extraction otherwise loads on first use."""

from __future__ import annotations

from functools import _lru_cache_wrapper
from pathlib import Path

from surgeops.ingest import dates, extract_text, gazetteer, language, lexicon, numbers, warm_up
from surgeops.ingest.language import LANGS
from surgeops.ingest.pipeline import WARM_UP_TEXTS

REPORTS = Path(__file__).resolve().parents[2] / "data" / "ingest" / "reports"

# The loaders: each reads a data file or builds an index from one, once per argument.
# (The other caches in ingest are keyed by the text being read, and miss on any new text.)
LOADERS: tuple[_lru_cache_wrapper, ...] = (
    dates._data, dates._patterns, gazetteer.places, gazetteer._index, gazetteer._adjective_index,
    language._detector, lexicon.lexicon_data, lexicon._morph, lexicon._phrase_index, lexicon._lemma_index,
    numbers._words,
)


def _misses() -> dict[str, int]:
    return {f"{loader.__module__}.{loader.__name__}": loader.cache_info().misses for loader in LOADERS}


def test_every_language_has_a_warm_up_text() -> None:
    assert set(WARM_UP_TEXTS) == set(LANGS)


def _clear_every_cache() -> None:
    """As in a new process: the caches keyed by text too, or a loader behind one of them
    (the analyser behind `lemmas`) would not be called for a text read before."""
    for module in (dates, gazetteer, language, lexicon, numbers):
        for value in vars(module).values():
            if isinstance(value, _lru_cache_wrapper):
                value.cache_clear()


def test_after_warm_up_extraction_loads_nothing_more() -> None:
    _clear_every_cache()
    warm_up()
    loaded = _misses()
    assert all(loaded.values()), f"warm_up left loaders unused: {[k for k, v in loaded.items() if not v]}"

    texts = sorted(REPORTS.glob("*.txt"))
    assert len(texts) >= 10
    seen = set()
    for path in texts:
        seen.add(extract_text(path.read_text(encoding="utf-8"), doc=path.stem)["lang"])
    assert seen == set(LANGS)  # the reports cover every language
    assert _misses() == loaded
