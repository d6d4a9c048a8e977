"""The markdown of an answer message, per status: narrative, table page, notes, hints.

Pure text (no Chainlit), so each status's wording can be tested without a browser. The wording
follows the answer's language (cdm/ui/messages*.yml).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from assistant.answer import Answer
from cdm.ui.cells import escape_markdown
from cdm.ui.feedback_view import is_feedback, quotes_markdown
from cdm.ui.messages import text
from cdm.ui.tables import TablePage, first_page_size, table_page
from engines.status import Status


@dataclass(frozen=True)
class Presentation:
    """Labels and number formats from the semantic layer, for headers and cells."""

    labels: Mapping[str, str] = field(default_factory=dict)
    formats: Mapping[str, str] = field(default_factory=dict)


def partial_markers(answer: Answer) -> dict[str, str]:
    """Time-key value -> "to_date" / "partial", for the periods the data covers only in part."""
    return {p.value: p.marker for p in answer.partial_periods}


def first_page(answer: Answer, presentation: Presentation) -> TablePage | None:
    if answer.status != Status.ANSWERED or not answer.columns or not answer.rows:
        return None
    return table_page(
        answer.columns,
        answer.rows,
        labels=presentation.labels,
        formats=presentation.formats,
        size=first_page_size(len(answer.rows)),
        language=answer.language,
        partial=partial_markers(answer),
    )


def page_caption(page: TablePage, language: str = "en") -> str:
    if not page.has_more and page.start == 0:
        return ""
    return text("more_rows", language, start=page.start + 1, end=page.end, total=page.total)


def answer_markdown(answer: Answer, page: TablePage | None) -> str:
    """Narrative first (what a business user reads), then the table (when given), notes and quotes."""
    language = answer.language
    parts = [_headline(answer)]
    if page is not None:
        parts += [page_caption(page, language), page.markdown]
    if answer.status == Status.ANSWERED and not answer.rows and not is_feedback(answer):
        parts.append(text("empty_result", language))
    notes = [f"- {escape_markdown(n.message)}" for n in answer.notices if answer.status == Status.ANSWERED]
    if notes:
        parts += [f"**{text('notes', language)}**", "\n".join(notes)]
    if is_feedback(answer) and (quotes := quotes_markdown(answer)):
        parts += [f"**{text('what_customers_say', language)}**", quotes]
    return "\n\n".join(p for p in parts if p)


def _headline(answer: Answer) -> str:
    language = answer.language
    summary = escape_markdown(answer.summary or answer.status.value)
    if answer.status == Status.CLARIFY:
        return f"{summary}\n\n{text('clarify_prompt', language)}"
    if answer.status == Status.BLOCKED:
        return f"**{text('not_allowed', language)}** {summary}\n\n{text('blocked_hint', language)}"
    if answer.status == Status.UNSUPPORTED:
        suggestions = ", ".join(answer.suggested_metrics) or "Revenue, Orders, Average order value"
        return f"{summary}\n\n{text('unsupported_hint', language, suggestions=suggestions)}"
    if answer.status == Status.ERROR:
        return f"**{text('sorry', language)}** {summary}\n\n{text('error_hint', language)}"
    return summary
