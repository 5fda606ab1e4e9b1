"""Sentence splitting with offsets."""

from __future__ import annotations

from surgeops.ingest.text import split_sentences


def test_sentences_keep_offsets_and_abbreviations():
    text = "В г. Алматы прибыли врачи. Dr. Smith led them.\nHeadline"
    sents = split_sentences(text)
    assert [s.text for s in sents] == ["В г. Алматы прибыли врачи.", "Dr. Smith led them.", "Headline"]
    assert all(text[s.start:s.end] == s.text for s in sents)
