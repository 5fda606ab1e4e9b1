"""The one error every exchange format raises for a file it cannot take."""

from __future__ import annotations

from surgeops.domain.errors import SurgeopsError


class InteropError(SurgeopsError, ValueError):
    """An import file is malformed or names unknown records; nothing of it was stored.

    `where` locates the problem in the file (an entry, an element path, a row)."""

    def __init__(self, fmt: str, where: str, message: str, *, action: str = "import") -> None:
        super().__init__(f"{fmt} {action}, {where}: {message}")
        self.fmt, self.where, self.message = fmt, where, message
