"""What the planner knows besides the question: the data's as-of date, the vocabulary, the catalog and
the previous answered query of the conversation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from assistant.planner.lexicon import Lexicon
from assistant.planner.plan import QueryPlan
from semantic_layer.catalog import Catalog


@dataclass(frozen=True)
class PlannerContext:
    as_of: date
    lexicon: Lexicon
    catalog: Catalog
    previous: QueryPlan | None = None
    recall: bool = True  # off while a recalled option's rewritten question is checked
