"""Reading a report file into text: size limit, encoding detection, binary rejection.

Reports arrive from many sites and exports, so the decoder tries the encodings seen in
practice in order: a BOM (UTF-8 / UTF-16), plain UTF-8, then Windows-1251 (Cyrillic
exports). NUL bytes without a UTF-16 BOM mean a binary file.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from surgeops.ingest.errors import IngestError

DEFAULT_MAX_BYTES = 10 * 1024 * 1024


def decode_bytes(data: bytes, *, name: str = "input") -> str:
    """Decode report bytes to text, or raise IngestError saying why it cannot be done."""
    if not data.strip():
        raise IngestError(f"{name}: empty document")
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8", name)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", name)
    if b"\x00" in data:
        raise IngestError(f"{name}: binary content (NUL bytes), not a text or HTML report")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1251", errors="replace")
    if _looks_like_cyrillic_text(text):
        return text
    raise IngestError(f"{name}: undecodable text (neither UTF-8, UTF-16 nor Windows-1251)")


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise IngestError(f"{name}: undecodable {encoding} text ({exc.reason})") from None
    if not text.strip():
        raise IngestError(f"{name}: empty document")
    return text


def _looks_like_cyrillic_text(text: str) -> bool:
    """True when a cp1251 decoding reads as words rather than noise."""
    if "\ufffd" in text:
        return False
    letters = sum(1 for c in text if c.isalpha())
    cyrillic = sum(1 for c in text if "\u0400" <= c <= "\u04ff")
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\r\n\t\f")
    return letters > 0 and cyrillic / letters > 0.5 and controls == 0


def read_document(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Read a report file as text; raise IngestError if it is missing, empty, binary or too large."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > max_bytes:
            raise IngestError(f"{p}: too large ({size} bytes > limit {max_bytes})")
        data = p.read_bytes()
    except FileNotFoundError:
        raise IngestError(f"{p}: no such file") from None
    except IsADirectoryError:
        raise IngestError(f"{p}: is a directory") from None
    except PermissionError:
        raise IngestError(f"{p}: permission denied") from None
    return decode_bytes(data, name=str(p))


def read_bytes_limited(data: bytes, *, name: str, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Decode bytes from a stream (stdin) with the same size limit as files."""
    if len(data) > max_bytes:
        raise IngestError(f"{name}: too large ({len(data)} bytes > limit {max_bytes})")
    return decode_bytes(data, name=name)
