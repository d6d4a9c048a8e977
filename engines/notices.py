"""The one notice type: something the user can act on, from any layer.

The semantic layer says how numbers were counted, the guards why a statement was blocked or what
they changed in it, the engines what their budgets cut, feedback and the assistant what they chose;
all of them use this frozen value, and the `Answer` carries it as is (no conversion anywhere).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from engines.notice_figures import NoticeFigures, PrivacyRelease


@dataclass(frozen=True)
class Notice:
    """A code for programs, a message for people, and the table or column it is about, if any."""

    code: str
    message: str
    table: str | None = None
    column: str | None = None
    privacy: PrivacyRelease | None = None  # the approximate notice's margins and budget, as data
    figures: NoticeFigures | None = None  # other notices' figures as data (engines/notice_figures.py)

    def as_json(self) -> dict[str, Any]:
        """The guards' and feedback's JSON shape: absent table, column, privacy and figures are left out."""
        data: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.privacy is not None:
            data["privacy"] = asdict(self.privacy)
        if self.figures is not None:
            data["figures"] = asdict(self.figures)
        if self.table:
            data["table"] = self.table
        if self.column:
            data["column"] = self.column
        return data
