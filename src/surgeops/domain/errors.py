"""Errors the core and services raise; the web and CLI layers translate them."""

from __future__ import annotations


class SurgeopsError(Exception):
    """Base of every error a user can act on."""


class InvalidField(SurgeopsError, ValueError):
    """A value that breaks an invariant; names the field so clients can show it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class NotFound(SurgeopsError, LookupError):
    def __init__(self, kind: str, key: object) -> None:
        super().__init__(f"{kind} {key!r} not found")
        self.kind = kind
        self.key = key


class StaleVersion(SurgeopsError):
    """The record changed since the client read it (optimistic locking)."""

    def __init__(self, kind: str, key: object, expected: int, actual: int) -> None:
        super().__init__(f"{kind} {key!r} is at version {actual}, not {expected}: reload it and apply the change again")
        self.expected = expected
        self.actual = actual


class Conflict(SurgeopsError):
    """The change would clash with a stored record (duplicate key, last bed taken...)."""
