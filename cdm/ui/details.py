"""The text of the three collapsible steps under an answer: how the question was read, the SQL as
executed, and what the privacy guards changed (notices plus a diff of generated vs executed SQL).

Both SQL texts are pretty-printed by sqlglot before diffing, so the diff shows the filters and
masks the guards added rather than whitespace.
"""

from __future__ import annotations

import difflib
import json

import sqlglot

from assistant.answer import Answer

DIALECT = "duckdb"


def pretty_sql(sql: str) -> str:
    """Readable SQL for people; the text as executed when sqlglot cannot re-read it."""
    try:
        return ";\n".join(tree.sql(dialect=DIALECT, pretty=True) for tree in sqlglot.parse(sql, read=DIALECT) if tree)
    except sqlglot.errors.SqlglotError:
        return sql


def interpretation_text(answer: Answer) -> str:
    lines = [answer.interpretation or "I could not map this question to a governed metric."]
    if answer.semantic_query:
        lines += [
            "",
            "Semantic query:",
            "```json",
            json.dumps(answer.semantic_query, indent=2, ensure_ascii=False),
            "```",
        ]
    provenance = answer.provenance
    if provenance.as_of_date:
        lines += ["", f"Data as of {provenance.as_of_date} · engine: {provenance.engine}"]
    return "\n".join(lines)


def sql_text(answer: Answer) -> str:
    return f"```sql\n{pretty_sql(answer.sql)}\n```" if answer.sql else "No SQL was run for this answer."


def sql_diff(generated: str, executed: str) -> str:
    """A unified diff from the SQL the assistant wrote to the SQL the guards let run."""
    before, after = pretty_sql(generated).splitlines(), pretty_sql(executed).splitlines()
    diff = difflib.unified_diff(before, after, "generated", "executed", lineterm="", n=2)
    return "\n".join(diff)


def privacy_text(answer: Answer) -> str:
    lines = [f"- {notice.message}" for notice in answer.notices] or ["- The guards added no notices to this answer."]
    if answer.generated_sql and answer.sql:
        diff = sql_diff(answer.generated_sql, answer.sql)
        lines += ["", "What the guards changed (generated → executed; every mask and row filter shows here):"]
        lines += ["```diff", diff, "```"] if diff else ["The SQL ran exactly as generated."]
    if answer.audit_id:
        lines += ["", f"Audit id: `{answer.audit_id}`"]
    return "\n".join(lines)
