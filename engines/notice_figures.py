"""Figures a notice carries as data, so programs read them without parsing its words.

The differential-privacy notice ("approximate") says how close each released value is: clients
(the HTTP API, MCP, eval, the chat) read `Notice.privacy.margins`; the words are rendered from the
assistant's templates in the reply language.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Margin:
    """One released column: within ± `plus_minus` of the exact value in `confidence` of answers
    (None: noisy, but no single figure applies, e.g. a value computed from several noisy parts)."""

    column: str
    plus_minus: float | None


@dataclass(frozen=True)
class PrivacyRelease:
    """What an approximate answer released: the margin per column, and the user's budget after it."""

    margins: tuple[Margin, ...]
    confidence: float
    budget_left: float
    budget_total: float
    budget_period: str

    def margin_of(self, column: str) -> float | None:
        return next((m.plus_minus for m in self.margins if m.column == column), None)

    def as_dict(self) -> dict[str, float | None]:
        """{column: ± figure} for every released column."""
        return {m.column: m.plus_minus for m in self.margins}


@dataclass(frozen=True)
class BudgetSpent:
    """A refusal because the user's privacy budget for the period is spent (`spent` of `total`)."""

    spent: float
    total: float
    period: str  # "day" | "week" | "month"


@dataclass(frozen=True)
class MetricSubstitution:
    """A metric that cannot be split as asked, answered with its governed alternative instead.

    `reason` is the semantic layer's issue code ("fan_out"); `dimension` the breakdown it refused."""

    reason: str
    asked: str
    used: str
    dimension: str | None = None


@dataclass(frozen=True)
class DimensionFit:
    """The planner read a word as the dimension that applies to the metrics ("category" ->
    ticket_category for ticket metrics)."""

    said: str
    used: str
    metrics: tuple[str, ...]


@dataclass(frozen=True)
class PeriodsWithheld:
    """Growth cells left empty: the periods (their start, ISO) the data covers only in part."""

    periods: tuple[str, ...]
    grain: str


@dataclass(frozen=True)
class GroupLeftOut:
    """Rows whose `dimension` is empty (shown as `value`, the catalog's empty label) left out of a ranking."""

    dimension: str
    value: str


@dataclass(frozen=True)
class WordsUnused:
    """Words of the question the planner did not use (`ignored_words`)."""

    words: tuple[str, ...]


@dataclass(frozen=True)
class Timeless:
    """Metrics measured as of the dataset date: the asked period was not applied (`no_time_dimension`)."""

    metrics: tuple[str, ...]


@dataclass(frozen=True)
class Threshold:
    """The one whole number a guard notice is about: the smallest group shown, the rows shown."""

    n: int


@dataclass(frozen=True)
class SqlName:
    """The one name of the typed SQL a guard notice is about: a function, a table, a construct."""

    name: str


@dataclass(frozen=True)
class TimeLimit:
    """A statement stopped after the role's `seconds`."""

    seconds: float


@dataclass(frozen=True)
class ByteBudget:
    """Values cut short (`count` cells) or rows left out (`count` rows shown) at `limit` bytes."""

    count: int
    limit: int


@dataclass(frozen=True)
class EngineProblem:
    """Why the engine could not run a statement, as a kind ("memory", "conversion", "missing_name",
    "parse", "other") and, for an unknown column, its name as the user typed it."""

    kind: str
    name: str = ""


NoticeFigures = (
    BudgetSpent
    | MetricSubstitution
    | DimensionFit
    | PeriodsWithheld
    | GroupLeftOut
    | WordsUnused
    | Timeless
    | Threshold
    | SqlName
    | TimeLimit
    | ByteBudget
    | EngineProblem
)
