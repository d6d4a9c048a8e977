"""The planner's reasons for asking or refusing, worded from templates in any language.

Every refusal and clarification the planner gives is built here from a template key and its parts
(`planner_<key>` in assistant/templates/en.yml and zh.yml): the plan keeps the key and parts
(plan.Reason), so a Chinese question gets "我不知道“复购周期”在这里是什么意思" worded from the same
parts as the English message, not recovered from the English text.
"""

from __future__ import annotations

from types import MappingProxyType

from assistant.answer import ClarificationOption
from assistant.planner.plan import ClarifyPlan, Plan, Reason, UnsupportedPlan
from assistant.templates import phrase


def reason(key: str, /, **parts: str) -> Reason:
    return Reason(key, MappingProxyType(dict(parts)))


def worded(given: Reason, language: str) -> str:
    return phrase(language, f"planner_{given.key}", **given.parts)


def refusal(key: str, suggestions: tuple[str, ...] = (), /, **parts: str) -> UnsupportedPlan:
    given = reason(key, **parts)
    return UnsupportedPlan(worded(given, "en"), suggestions, given)


def clarification(key: str, options: tuple[ClarificationOption, ...], /, **parts: str) -> ClarifyPlan:
    given = reason(key, **parts)
    return ClarifyPlan(worded(given, "en"), options, given)


def reason_in(language: str, plan: Plan) -> str | None:
    """The plan's reason worded in `language` (None for English, or a plan that carries no reason:
    the agent's plans are worded in the question's language already)."""
    given = getattr(plan, "reason", None)
    if language == "en" or given is None:
        return None
    return worded(given, language)
