"""What the assistant tests share: the loaded `Resources` of the tiny warehouse, and the offline
planner's plan (or semantic query) for one question.

Test files import the helpers (`from tests.assistant.conftest import plan_of, query_of`); pytest
finds the fixture by itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from assistant.conversation import Conversation
from assistant.planner.plan import ClarifyPlan, Plan, QueryPlan, UnsupportedPlan
from assistant.resources import Resources, load_resources
from assistant.service import plan_turn


@pytest.fixture(scope="module")
def resources(tiny_warehouse: Path) -> Resources:
    """Catalog, lexicon and values of the session's tiny warehouse (load_resources caches them)."""
    return load_resources(tiny_warehouse)


def plan_of(question: str, resources: Resources, conversation: Conversation | None = None) -> Plan:
    """The plan for one question, in a new conversation unless one is given."""
    return plan_turn(question, conversation or Conversation(), resources)[1]


def query_of(question: str, resources: Resources, conversation: Conversation | None = None) -> dict[str, Any]:
    """The semantic query (JSON form, no None fields) of a question the planner must answer."""
    plan = plan_of(question, resources, conversation)
    assert isinstance(plan, QueryPlan), f"{question!r} -> {plan}"
    return plan.query.model_dump(mode="json", exclude_none=True)


def follow_up_of(first: str, second: str, resources: Resources) -> Plan:
    """The plan of `second` asked after `first` was answered (the conversation remembers its query)."""
    conversation = Conversation()
    question, plan = plan_turn(first, conversation, resources)
    assert isinstance(plan, QueryPlan), f"{first!r} -> {plan}"
    conversation.remember(question, plan, True)
    return plan_of(second, resources, conversation)


def refusal_of(question: str, resources: Resources, conversation: Conversation | None = None) -> str:
    """The message of a question the planner must refuse (an UnsupportedPlan)."""
    plan = plan_of(question, resources, conversation)
    assert isinstance(plan, UnsupportedPlan), f"{question!r} -> {plan}"
    return plan.message


def clarification_of(question: str, resources: Resources, conversation: Conversation | None = None) -> ClarifyPlan:
    """The clarification of a question the planner must ask about (a ClarifyPlan)."""
    plan = plan_of(question, resources, conversation)
    assert isinstance(plan, ClarifyPlan), f"{question!r} -> {plan}"
    return plan
