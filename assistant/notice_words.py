"""Notices in the reply language, worded from the templates (`templates/<language>.yml`).

A notice whose figures are data (`Notice.privacy`, `Notice.figures`: the approximate answer's
margins, a spent privacy budget, a governed substitution, withheld growth, the rows shown, the
smallest group shown) is worded from them, in every language (`ALWAYS_WORDED`); its English
message is that same wording. Masks are worded from the notice's column. The planner's notices
("dimension_substituted", "empty_group_left_out", "ignored_words", "no_time_dimension") are worded
from their figures (DimensionFit, GroupLeftOut, WordsUnused, Timeless) when they carry them, and
until the planner attaches them, re-worded for another language from their English text.
Unknown notices stay as they are (a notice is never dropped).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from assistant.formatting import format_period
from assistant.labels import Labels
from assistant.templates import phrase
from data.errors import CdmError
from engines.notice_figures import (
    BudgetSpent,
    ByteBudget,
    DimensionFit,
    EngineProblem,
    GroupLeftOut,
    MetricSubstitution,
    PeriodsWithheld,
    SqlName,
    Threshold,
    Timeless,
    TimeLimit,
    WordsUnused,
)
from engines.notices import Notice
from semantic_layer.errors import CatalogError

READ_AS = re.compile(r"I read “(.+?)” as (\w+), the one that applies to (.+?)\.$")
LEFT_OUT = re.compile(r"\((.+)\) are left out of this ranking")
IGNORED = re.compile(r"I did not use these words: (.+?)\.?$")
TIMELESS = re.compile(r"^(.+?) is measured as of the dataset date")
NAMES = re.compile(r"[a-z][a-z0-9_]*")

Wording = Callable[[Notice, Labels], str | None]


def _threshold(key: str) -> Wording:
    def word(notice: Notice, labels: Labels) -> str | None:
        found = notice.figures
        return phrase(labels.language, key, n=found.n) if isinstance(found, Threshold) else None

    return word


def _fixed(key: str) -> Wording:
    """A notice whose words need nothing but its code (the English text names the role, which the
    user knows; the other language says "your role")."""
    return lambda notice, labels: phrase(labels.language, key)


def _named(key: str) -> Wording:
    """A guard refusal about one name of the typed SQL (a function, a table, a construct), shown as typed."""

    def word(notice: Notice, labels: Labels) -> str | None:
        found = notice.figures
        return phrase(labels.language, key, name=found.name) if isinstance(found, SqlName) else None

    return word


def _denied_column(notice: Notice, labels: Labels) -> str | None:
    """A column the role may not read, by its label (`column_<name>` for the tables' own columns)."""
    if not notice.column:
        return None
    return phrase(labels.language, "notice_column_denied", column=labels.column(notice.column))


def _engine_problem(notice: Notice, labels: Labels) -> str | None:
    """Why the database could not run the statement (a time limit, an unknown column, ...)."""
    found = notice.figures
    if isinstance(found, TimeLimit):
        return phrase(labels.language, "notice_db_timeout", seconds=f"{found.seconds:g}")
    if isinstance(found, EngineProblem) and found.kind == "missing_name" and found.name:
        return phrase(labels.language, "notice_db_missing_column", name=found.name)
    kind = found.kind if isinstance(found, EngineProblem) else "other"
    return phrase(labels.language, f"notice_db_{kind}")


def _byte_budget(key: str) -> Wording:
    def word(notice: Notice, labels: Labels) -> str | None:
        found = notice.figures
        if not isinstance(found, ByteBudget):
            return None
        return phrase(labels.language, key, count=f"{found.count:,}", limit=f"{found.limit:,}")

    return word


def _privacy_shape(notice: Notice, labels: Labels) -> str | None:
    found = notice.figures
    if isinstance(found, Threshold):
        return phrase(labels.language, "notice_privacy_shape_groups", n=found.n)
    return phrase(labels.language, "notice_privacy_shape")


def _column(notice: Notice, labels: Labels) -> str | None:
    if not notice.column:
        return None
    return phrase(labels.language, f"notice_{notice.code}", column=labels.column(notice.column))


def _substitution(notice: Notice, labels: Labels) -> str | None:
    found = notice.figures
    if not isinstance(found, MetricSubstitution):
        return None
    asked, used = labels.column(found.asked), labels.column(found.used)
    if found.dimension is None or found.reason != "fan_out":  # the counting-twice reason is the fan-out's
        return phrase(labels.language, "notice_substitution_as_asked", asked=asked, used=used)
    by = labels.column(found.dimension)
    by = by.lower() if labels.language == "en" else by  # "split by store format"
    return phrase(labels.language, "notice_substitution", asked=asked, used=used, dimension=by)


def _budget_spent(notice: Notice, labels: Labels) -> str | None:
    found = notice.figures
    if not isinstance(found, BudgetSpent):
        return None
    say = lambda key, **v: phrase(labels.language, key, **v)  # noqa: E731
    return say(
        "notice_budget_spent", period=say(f"budget_period_{found.period}"), next=say(f"budget_next_{found.period}"),
        spent=budget(found.spent), total=budget(found.total),
    )  # fmt: skip


def _withheld(notice: Notice, labels: Labels) -> str | None:
    found = notice.figures
    if not isinstance(found, PeriodsWithheld):
        return None
    english = labels.language == "en"  # English names the periods by their first day (2026-09-28)
    shown = [p if english else format_period(p, found.grain or None, labels.language) for p in found.periods]
    return phrase(labels.language, "notice_partial_period_growth", periods=_listed(shown, labels))


def _dimension_fit(notice: Notice, labels: Labels) -> str | None:
    found = notice.figures
    if not isinstance(found, DimensionFit):
        read = READ_AS.search(notice.message)
        if read is None:
            return None
        found = DimensionFit(read.group(1), read.group(2), tuple(read.group(3).split(", ")))
    metrics = _listed([labels.column(m) for m in found.metrics], labels)
    return phrase(labels.language, "notice_dimension_fit", said=found.said, used=labels.column(found.used),
                  metrics=metrics)  # fmt: skip


def _empty_group(notice: Notice, labels: Labels) -> str | None:
    found = notice.figures
    if isinstance(found, GroupLeftOut):
        value = labels.value(found.dimension, found.value)
    else:
        read = LEFT_OUT.search(notice.message)
        if read is None:
            return None
        value = labels.values.label_of_any(read.group(1), labels.language) or read.group(1)
    return phrase(labels.language, "notice_empty_group_left_out", value=value)


def _ignored(notice: Notice, labels: Labels) -> str | None:
    found = notice.figures
    if isinstance(found, WordsUnused):
        words: str | None = _listed(list(found.words), labels)
    else:
        read = IGNORED.search(notice.message)
        words = read.group(1) if read else None
    return phrase(labels.language, "notice_ignored_words", words=words) if words else None


def _timeless(notice: Notice, labels: Labels) -> str | None:
    found = notice.figures
    if isinstance(found, Timeless):
        return phrase(
            labels.language,
            "notice_no_time_dimension",
            names=_listed([labels.column(m) for m in found.metrics], labels),
        )
    read = TIMELESS.search(notice.message)
    if read is None:
        return None
    names = NAMES.sub(lambda m: labels.column(m.group(0)), read.group(1))
    return phrase(labels.language, "notice_no_time_dimension", names=names)


def _listed(items: list[str], labels: Labels) -> str:
    return phrase(labels.language, "interp_join").join(items)


def about(value: float) -> str:
    """A margin to two significant figures, with thousands separators: 75,000, 3.1, 0.42."""
    if value >= 99.5:
        return f"{round(value, 2 - len(str(int(value)))):,.0f}"
    return f"{value:.2g}"


def budget(value: float) -> str:
    """An epsilon as people read it: 0.5, 2, 999,998 (never 1e+06)."""
    return f"{value:,.4f}".rstrip("0").rstrip(".")


def _approximate(notice: Notice, labels: Labels) -> str | None:
    release = notice.privacy
    if release is None:
        return None
    say = lambda key, **v: phrase(labels.language, key, **v)  # noqa: E731
    parts = [
        say("notice_margin", column=labels.column(m.column), about=about(m.plus_minus))
        if m.plus_minus is not None
        else say("notice_margin_unknown", column=labels.column(m.column))
        for m in release.margins
    ]
    close = say("notice_margins", margins=say("notice_margin_join").join(parts), confidence=f"{release.confidence:.0%}")
    left = say(
        "notice_budget_left", period=say(f"budget_period_{release.budget_period}"),
        left=budget(release.budget_left), total=budget(release.budget_total),
    )  # fmt: skip
    return say("notice_approximate", margins=close if parts else "", budget=left)


ALWAYS_WORDED: dict[str, Wording] = {  # worded from their figures in every language (English included)
    "approximate": _approximate,
    "privacy_budget_spent": _budget_spent,
    "substitution": _substitution,
    "partial_period_growth": _withheld,
}

WORDING: dict[str, Wording] = {
    **ALWAYS_WORDED,
    "small_groups_suppressed": _threshold("notice_small_groups_suppressed"),
    "row_limit": _threshold("notice_row_limit"),
    "masked": _column,
    "generalized": _column,
    "dimension_substituted": _dimension_fit,
    "empty_group_left_out": _empty_group,
    "ignored_words": _ignored,
    "no_time_dimension": _timeless,
    "free_text_denied": _fixed("notice_free_text_denied"),
    "no_free_sql": _fixed("notice_no_free_sql"),
    "aggregate_only": _fixed("notice_aggregate_only"),
    "privacy_shape": _privacy_shape,
    # the guards' and engines' refusals of typed SQL (guards/passes, engines/*_engine.py)
    "column_denied": _denied_column,
    "function_not_allowed": _named("notice_function_not_allowed"),
    "raw_value_aggregate": _named("notice_raw_value_aggregate"),
    "table_not_allowed": _named("notice_table_not_allowed"),
    "table_function": _named("notice_table_function"),
    "unsupported_syntax": _named("notice_unsupported_syntax"),
    "reserved_name": _named("notice_reserved_name"),
    "not_a_query": _named("notice_not_a_query"),
    "parse_error": _named("notice_parse_error"),
    "too_long": _threshold("notice_too_long"),
    "one_statement": _threshold("notice_one_statement"),
    "too_complex": _fixed("notice_too_complex"),
    "rewrite_failed": _fixed("notice_rewrite_failed"),
    "internal": _fixed("notice_rewrite_failed"),
    "grouping_sets": _fixed("notice_grouping_sets"),
    "parser_check": _fixed("notice_parser_check"),
    "engine_unsupported": _fixed("notice_engine_unsupported"),
    "db_error": _engine_problem,
    "cell_budget": _byte_budget("notice_cell_budget"),
    "answer_budget": _byte_budget("notice_answer_budget"),
}


def worded(notice: Notice, labels: Labels) -> Notice:
    """The notice in `labels.language` (English: only the ones worded from their figures)."""
    reword = WORDING.get(notice.code) if labels.language != "en" else ALWAYS_WORDED.get(notice.code)
    text = reword(notice, labels) if reword else None
    return replace(notice, message=text) if text else notice


def in_language(notices: tuple[Notice, ...], labels: Labels) -> tuple[Notice, ...]:
    return tuple(worded(notice, labels) for notice in notices)


def error_summary(error: CdmError, language: str) -> str:
    """A refusal from an error the user (or an administrator) can fix, in the reply language; its
    one-line detail kept as it is (English: the error's own message)."""
    if language == "en":
        return error.message
    key = "cannot_answer_definitions" if isinstance(error, CatalogError) else "cannot_answer"
    return phrase(language, key, detail=error.message)
