"""Report ingestion: text or HTML reports in ru/kk/vi/en turned into typed facts (see facts.md).

Pure: no web, database or CLI imports. Lexicons, gazetteer and number/date words are data
files under `data/`, loaded lazily on first use.
"""

from surgeops.ingest.errors import IngestError
from surgeops.ingest.pipeline import extract_file, extract_text, plain_text, warm_up
from surgeops.ingest.reader import DEFAULT_MAX_BYTES, decode_bytes, read_document

__all__ = ["IngestError", "extract_text", "extract_file", "plain_text", "read_document", "decode_bytes",
           "DEFAULT_MAX_BYTES", "warm_up"]
