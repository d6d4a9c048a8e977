"""The one error type users can fix, shared by every layer.

Two channels (see STYLE.md): a `CdmError` carries a one-line message the user can act on and is
shown without a traceback; any other exception is a bug or an outage.
"""

from __future__ import annotations


class CdmError(Exception):
    """A problem the user can fix: bad input, a missing file, an unknown name."""

    exit_code: int = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message.splitlines()[0] if message else "unknown error"
