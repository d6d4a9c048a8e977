"""The text of the collapsible steps under an answer: how the question was read (a sentence, with
the semantic query JSON in a step behind it), the SQL as executed, and privacy (what the guards did
in words, the notices, then a diff of generated vs executed SQL).

Both SQL texts are pretty-printed by sqlglot in the answer's dialect before diffing, so the diff
shows the filters and masks the guards added rather than whitespace or dialect spelling.
"""

from __future__ import annotations

import difflib
import json

import sqlglot

from assistant.answer import Answer
from cdm.ui.messages import text
from cdm.ui.privacy_words import privacy_sentences
from guards.principal import Principal

DIALECT = "duckdb"


def pretty_sql(sql: str, dialect: str = DIALECT, read: str | None = None) -> str:
    """Readable SQL for people, written in `dialect` (read as `read`, by default the same); the text
    as it is when sqlglot cannot re-read it."""
    try:
        trees = sqlglot.parse(sql, read=read or dialect)
        return ";\n".join(tree.sql(dialect=dialect, pretty=True) for tree in trees if tree)
    except sqlglot.errors.SqlglotError:
        return sql


def interpretation_text(answer: Answer) -> str:
    lines = [answer.interpretation or text("no_interpretation", answer.language)]
    provenance = answer.provenance
    if provenance.as_of_date:
        engine = provenance.sql_engine or answer.sql_dialect
        lines += ["", text("data_as_of", answer.language, as_of=provenance.as_of_date,
                           planner=provenance.planner, sql_engine=engine)]  # fmt: skip
    return "\n".join(lines)


def query_json_text(answer: Answer) -> str:
    """The semantic query behind the sentence, for analysts."""
    body = json.dumps(answer.query_json() or {}, indent=2, ensure_ascii=False)
    return f"```json\n{body}\n```"


def sql_text(answer: Answer) -> str:
    if not answer.sql:
        return text("no_sql", answer.language)
    return f"```sql\n{pretty_sql(answer.sql, answer.sql_dialect)}\n```"


def sql_diff(generated: str, executed: str, dialect: str = DIALECT) -> str:
    """A unified diff from the SQL the assistant wrote to the SQL the guards let run. The semantic
    layer writes the canonical (DuckDB) dialect; it is rendered in the engine's dialect first, so the
    diff shows what the guards changed, not how the dialects spell things."""
    before = pretty_sql(generated, dialect, read=DIALECT).splitlines()
    after = pretty_sql(executed, dialect).splitlines()
    diff = difflib.unified_diff(before, after, "generated", "executed", lineterm="", n=2)
    return "\n".join(diff)


def privacy_text(answer: Answer, principal: Principal | None = None) -> str:
    """Words first ("You see region East only. Phone is masked."), then the notices, then the diff."""
    lines = [" ".join(privacy_sentences(answer, principal)), ""]
    lines += [f"- {notice.message}" for notice in answer.notices]
    if answer.generated_sql and answer.sql:
        diff = sql_diff(answer.generated_sql, answer.sql, answer.sql_dialect)
        lines += ["", text("privacy_diff", answer.language)]
        lines += ["```diff", diff, "```"] if diff else [text("privacy_no_diff", answer.language)]
    if answer.audit_id:
        lines += ["", f"{text('audit_id', answer.language)} `{answer.audit_id}`"]
    return "\n".join(lines)
