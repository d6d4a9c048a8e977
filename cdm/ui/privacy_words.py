"""The Privacy step in words, derived from what the guards did to this answer: the row filters of
the tables it read, the masked or generalized columns, the hidden small groups (and any other
guard notice, such as an approximate value). The SQL diff stays below for analysts.
"""

from __future__ import annotations

from collections.abc import Mapping

import sqlglot
from sqlglot import exp

from assistant.answer import Answer
from assistant.labels import Labels, labels_for
from assistant.role_names import role_label
from cdm.ui.messages import text
from data.errors import CdmError
from guards.principal import Principal
from guards.service import row_filter_sql
from semantic_layer.catalog import load_catalog

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


def reply_labels(language: str) -> Labels:
    """Column and value labels in the reply language, from the catalog alone (no warehouse needed)."""
    try:
        catalog = load_catalog()
    except CdmError:  # broken definitions are reported by the answer itself
        return Labels(language=language)
    english = {m.name: m.label for m in catalog.metrics.values()} | {
        d.name: d.label for d in catalog.dimensions.values()
    }
    return labels_for(catalog, english, language)


def attribute_words(attributes: Mapping[str, str], labels: Labels) -> str:
    """The user's attributes as the reply language says them: "region East" / "华东地区"."""
    language = labels.language
    said = [
        text("privacy_attribute", language, name=_lower(labels.column(k), language), value=labels.value(k, v))
        for k, v in attributes.items()
    ]
    return _join(said, language)


def row_filter_sentence(answer: Answer, principal: Principal, labels: Labels) -> str | None:
    conditions = [c for t in tables_read(answer.generated_sql) if (c := row_filter_sql(principal, t))]
    if not conditions:
        return None
    if principal.attributes:
        shown = attribute_words(principal.attributes, labels)
        return text("privacy_row_filter", answer.language, attributes=shown)
    try:  # the role's rows in words ("Only customers who agreed to marketing are counted.")
        return text(f"privacy_row_filter_{principal.role}", answer.language)
    except KeyError:
        condition = " AND ".join(dict.fromkeys(conditions))
        role = role_label(principal.role, answer.language)
        return text("privacy_row_filter_policy", answer.language, role=role, condition=condition)


def column_sentences(answer: Answer, labels: Labels) -> list[str]:
    sentences = []
    for code, key in COLUMN_NOTICES.items():
        named = (labels.column(n.column) for n in answer.notices if n.code == code and n.column)
        columns = list(dict.fromkeys(named))
        if columns:
            sentences.append(text(key, answer.language, columns=_join(columns, answer.language)))
    return sentences


def _lower(label: str, language: str) -> str:
    return label.lower() if language == "en" else label  # "region East" mid-sentence


def _join(items: list[str], language: str) -> str:
    if len(items) == 1:
        return items[0]
    return text("privacy_join", language).join(items[:-1]) + text("privacy_and", language) + items[-1]


def privacy_sentences(answer: Answer, principal: Principal | None, labels: Labels | None = None) -> list[str]:
    """What a business user should know about what they are not seeing, in plain words."""
    labels = labels if labels is not None else reply_labels(answer.language)
    sentences = [s for s in [row_filter_sentence(answer, principal, labels) if principal else None] if s]
    sentences += column_sentences(answer, labels)
    others = [n.message for n in answer.notices if n.code not in COLUMN_NOTICES and n.code != "substitution"]
    sentences += [_sentence(m, answer.language) for m in others]
    return sentences or [text("privacy_nothing", answer.language)]


def _sentence(message: str, language: str) -> str:
    message = message.strip()
    if not message:
        return message
    stop = "" if message.endswith((".", "。")) else text("privacy_stop", language)
    return message[0].upper() + message[1:] + stop
