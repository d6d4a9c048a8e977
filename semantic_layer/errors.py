"""Problems a user (or a catalog author) can fix, as data plus one exception type per channel.

An `Issue` names what is wrong and where (`file:line` for definitions, the query field for a
semantic query). The exceptions carry a tuple of issues and a one-line message, so the CLI can
print one line and the assistant can show or repair each issue.
"""

from __future__ import annotations

from dataclasses import dataclass

from data.errors import CdmError


@dataclass(frozen=True)
class Issue:
    code: str
    message: str
    where: str = ""

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


def _one_line(issues: tuple[Issue, ...]) -> str:
    if not issues:
        return "invalid semantic query"
    first = str(issues[0])
    return first if len(issues) == 1 else f"{first} (and {len(issues) - 1} more problem(s))"


class SemanticQueryError(CdmError):
    """A semantic query that cannot be compiled: unknown name, fan-out, bad value type, ..."""

    def __init__(self, issues: tuple[Issue, ...] | list[Issue]) -> None:
        self.issues = tuple(issues)
        super().__init__(_one_line(self.issues))


class CatalogError(CdmError):
    """The metric definitions themselves are broken; `issues` says where (file:line)."""

    def __init__(self, issues: tuple[Issue, ...] | list[Issue]) -> None:
        self.issues = tuple(issues)
        super().__init__("invalid semantic layer definitions: " + _one_line(self.issues))
