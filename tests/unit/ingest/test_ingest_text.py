"""Sentence splitting with offsets."""

from __future__ import annotations

from surgeops.ingest.text import split_sentences


def test_sentences_keep_offsets_and_abbreviations():
    text = "В г. Алматы прибыли врачи. Dr. Smith led them.\nHeadline"
    sents = split_sentences(text)
    assert [s.text for s in sents] == ["В г. Алматы прибыли врачи.", "Dr. Smith led them.", "Headline"]
    assert all(text[s.start:s.end] == s.text for s in sents)


def test_an_overlong_run_of_text_is_cut_into_bounded_sentences_at_clause_marks():
    """A report with no full stop or line break is read in bounded pieces (issue 18 item 8):
    the extractors' cost grows with the square of a sentence's length."""
    from surgeops.ingest.text import MAX_SENTENCE_CHARS

    clause = "в Алматы развернуто 300 коек, занято 150; "
    text = clause * 2000
    sentences = split_sentences(text)
    assert len(sentences) > len(text) // MAX_SENTENCE_CHARS
    assert all(len(s.text) <= MAX_SENTENCE_CHARS for s in sentences)
    assert all(text[s.start:s.end] == s.text for s in sentences)
    assert all(s.text.endswith((",", ";")) for s in sentences[:-1])  # cut after a clause mark, not inside a word
