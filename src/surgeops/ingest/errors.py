"""The one error the ingest package raises for input it cannot read."""

from __future__ import annotations


class IngestError(ValueError):
    """A document that cannot be ingested (empty, binary, undecodable or too large)."""
