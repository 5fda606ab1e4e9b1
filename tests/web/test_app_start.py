"""What a server loads when it starts, before it answers anyone."""

from __future__ import annotations

from fastapi.testclient import TestClient

from surgeops.ingest import gazetteer, language, lexicon
from surgeops.web import app as web_app


def test_extraction_data_is_loaded_at_start_up(db, settings) -> None:  # noqa: ANN001 - fixtures
    loaders = (language._detector, lexicon._phrase_index, lexicon._lemma_index, gazetteer._index)
    for loader in loaders:
        loader.cache_clear()
    app = web_app.create_app(settings, db=db)
    assert all(loader.cache_info().currsize == 0 for loader in loaders)  # creating the app loads nothing yet
    with TestClient(app):
        assert all(loader.cache_info().currsize > 0 for loader in loaders)
