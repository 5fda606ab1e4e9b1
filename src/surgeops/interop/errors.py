"""The one error every exchange format raises for a file it cannot take."""

from __future__ import annotations

from surgeops.domain.errors import InvalidField, SurgeopsError


class InteropError(SurgeopsError, ValueError):
    """An import file is malformed or names unknown records; nothing of it was stored.

    `where` locates the problem in the file (an entry, an element path, a row)."""

    def __init__(self, fmt: str, where: str, message: str, *, action: str = "import") -> None:
        super().__init__(f"{fmt} {action}, {where}: {message}")
        self.fmt, self.where, self.message = fmt, where, message


class InvalidFigure(InteropError, InvalidField):
    """A well-formed file holding a value that breaks a record's rules (a count past its
    bound, more occupied beds than beds, a date in the future): a bad value, answered as
    one (422 naming `field`), not a bad file. Nothing of the file was stored."""

    def __init__(self, fmt: str, where: str, message: str, *, field: str) -> None:
        SurgeopsError.__init__(self, f"{fmt} import, {where}: {message}")  # not InvalidField's (field, message)
        self.fmt, self.where, self.message, self.field = fmt, where, message, field
