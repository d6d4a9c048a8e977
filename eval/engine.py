"""How the eval asks: the product's own `ask`, or the same path over another definitions folder.

`cdm eval diff --definitions PATH` (and the metric-change tests) answer every case with a proposed
copy of the semantic-layer YAML without touching the installed one: the planner, compiler and
narrative then all read that catalog, exactly as they would after the change ships.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from assistant.answer import Answer
from assistant.conversation import Conversation
from assistant.llm.settings import llm_enabled
from assistant.planner.lexicon import build_lexicon
from assistant.resources import Resources, read_as_of
from assistant.router import ask
from assistant.service import answer_plan, plan_turn
from data.errors import CdmError
from engines.status import Status
from guards.principal import Principal
from semantic_layer.catalog import Catalog, load_catalog
from semantic_layer.values import distinct_values

ENGINES = ("offline", "llm")


@dataclass(frozen=True)
class AskEngine:
    warehouse: Path
    name: str = "offline"
    definitions: Path | None = None

    def __post_init__(self) -> None:
        if self.name not in ENGINES:
            raise CdmError(f"unknown engine {self.name!r}; one of: {', '.join(ENGINES)}")
        if self.name == "llm" and self.definitions is not None:
            raise CdmError("--definitions works with the offline engine only")
        if self.name == "llm" and not llm_enabled():
            raise CdmError("the llm engine needs CDM_LLM_MODEL and OPENAI_API_KEY or CDM_LLM_BASE_URL")

    @cached_property
    def catalog(self) -> Catalog:
        return load_catalog(self.definitions)

    @cached_property
    def resources(self) -> Resources:
        """Only for a definitions folder other than the installed one."""
        catalog = self.catalog
        lexicon = build_lexicon(catalog, distinct_values(catalog, self.warehouse))
        return Resources(self.warehouse, catalog, lexicon, read_as_of(self.warehouse))

    def ask(self, question: str, principal: Principal, conversation: Conversation) -> Answer:
        if self.definitions is None:
            return ask(question, principal, conversation, warehouse=self.warehouse, engine=self.name)
        try:
            question, plan = plan_turn(question, conversation, self.resources)
            answer = answer_plan(plan, question, principal, self.resources)
        except CdmError as error:
            return Answer(status=Status.ERROR, question=question, summary=error.message)
        conversation.remember(question, plan, answer.status == Status.ANSWERED)
        return answer
