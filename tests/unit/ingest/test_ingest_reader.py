"""Reading and decoding report files, and refusing what cannot be read."""

from __future__ import annotations

import pytest

from surgeops.ingest import IngestError, decode_bytes, read_document


def test_decoding_encodings():
    text = "Бригада из 15 врачей"
    assert decode_bytes(text.encode("cp1251")) == text
    assert decode_bytes(b"\xef\xbb\xbf" + text.encode()) == text
    assert decode_bytes(text.encode("utf-16")) == text


@pytest.mark.parametrize("data,why", [(b"", "empty"), (b"  \n", "empty"), (b"\x00\x01PK\x03", "binary"),
                                      (bytes(range(128, 256)) * 4, "undecodable")])
def test_unreadable_input_raises_ingest_error(data, why):
    with pytest.raises(IngestError, match=why):
        decode_bytes(data)


def test_read_document_limits(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * 2048)
    with pytest.raises(IngestError, match="too large"):
        read_document(big, max_bytes=1024)
    with pytest.raises(IngestError, match="no such file"):
        read_document(tmp_path / "missing.txt")
