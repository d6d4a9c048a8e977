"""The Privacy step in words, derived from what the guards did to this answer: the row filters of
the tables it read, the masked or generalized columns, the hidden small groups (and any other
guard notice, such as an approximate value). The SQL diff stays below for analysts.
"""

from __future__ import annotations

import sqlglot
from sqlglot import exp

from assistant.answer import Answer
from assistant.labels import readable
from cdm.ui.messages import text
from guards.principal import Principal
from guards.service import row_filter_sql

COLUMN_NOTICES = {"masked": "privacy_masked", "generalized": "privacy_generalized"}


def tables_read(sql: str | None) -> list[str]:
    """Base tables named in the SQL as generated (before the guards' rewrite)."""
    if not sql:
        return []
    try:
        trees = sqlglot.parse(sql, read="duckdb")
    except sqlglot.errors.SqlglotError:
        return []
    ctes = {cte.alias_or_name.lower() for tree in trees if tree for cte in tree.find_all(exp.CTE)}
    names = {t.name.lower() for tree in trees if tree for t in tree.find_all(exp.Table)}
    return sorted(names - ctes)


def row_filter_sentence(answer: Answer, principal: Principal) -> str | None:
    conditions = [c for t in tables_read(answer.generated_sql) if (c := row_filter_sql(principal, t))]
    if not conditions:
        return None
    if principal.attributes:
        shown = ", ".join(f"{readable(k).lower()} {v}" for k, v in principal.attributes.items())
        return text("privacy_row_filter", answer.language, attributes=shown)
    condition = " AND ".join(dict.fromkeys(conditions))
    return text("privacy_row_filter_policy", answer.language, role=principal.role, condition=condition)


def column_sentences(answer: Answer) -> list[str]:
    sentences = []
    for code, key in COLUMN_NOTICES.items():
        columns = list(dict.fromkeys(readable(n.column) for n in answer.notices if n.code == code and n.column))
        if columns:
            sentences.append(text(key, answer.language, columns=_join(columns)))
    return sentences


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def privacy_sentences(answer: Answer, principal: Principal | None) -> list[str]:
    """What a business user should know about what they are not seeing, in plain words."""
    sentences = [s for s in [row_filter_sentence(answer, principal) if principal else None] if s]
    sentences += column_sentences(answer)
    others = [n.message for n in answer.notices if n.code not in COLUMN_NOTICES and n.code != "substitution"]
    sentences += [_sentence(m) for m in others]
    return sentences or [text("privacy_nothing", answer.language)]


def _sentence(message: str) -> str:
    message = message.strip()
    if not message:
        return message
    return message[0].upper() + message[1:] + ("" if message.endswith((".", "。")) else ".")
