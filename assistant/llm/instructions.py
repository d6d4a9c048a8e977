"""The agent's instructions, generated from the semantic layer catalog and the verified queries.

This is the one place `prompts.yml` is read. Every metric, dimension, synonym and example the model
sees comes from the governed YAML, so adding a metric or a synonym there updates the prompt too.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from string import Template
from typing import Any

import yaml

from guards.principal import Principal
from semantic_layer.catalog import Catalog

PROMPTS = Path(__file__).with_name("prompts.yml")
MAX_LISTED_VALUES = 12


@cache
def prompts() -> dict[str, Any]:
    with PROMPTS.open(encoding="utf-8") as handle:
        loaded: dict[str, Any] = yaml.safe_load(handle)
    return loaded


def fill(template: str, **values: str) -> str:
    """Templates use $name so JSON braces in the prompt need no escaping."""
    return Template(template).substitute(**values)


def tool_description(name: str) -> str:
    return str(prompts()["tools"][name])


def notice_text(code: str, **values: str) -> str:
    return fill(str(prompts()["notices"][code]), **values)


def _also(synonyms: Sequence[str]) -> str:
    return f"; also called: {', '.join(synonyms)}" if synonyms else ""


def metric_lines(catalog: Catalog) -> str:
    lines = []
    for metric in catalog.metrics.values():
        time = "" if metric.has_time else "; no time dimension (no time_range, no metric_time grouping)"
        draft = " [draft]" if metric.status != "certified" else ""
        lines.append(
            f"- {metric.name}: {metric.label}, {metric.format}{draft}; {metric.description}{time}"
            f"{_also(metric.synonyms)}"
        )
    return "\n".join(lines)


def _values(values: Sequence[str]) -> str:
    if not values or len(values) > MAX_LISTED_VALUES:
        return ""
    return f"; values: {', '.join(values)}"


def dimension_lines(catalog: Catalog, values: Mapping[str, Sequence[str]]) -> str:
    lines = [
        f"- {d.name}: {d.label}; {d.description}{_also(d.synonyms)}{_values(values.get(d.name, ()))}"
        for d in catalog.dimensions.values()
        if d.kind != "time"
    ]
    lines.append("- metric_time__<grain>: each metric's own time dimension at day, week, month, quarter or year")
    return "\n".join(lines)


def verified_lines(catalog: Catalog) -> str:
    lines = [f"- {q.question}\n  {q.query.to_json()}" for q in catalog.verified_queries]
    return "\n".join(lines) or str(prompts()["no_verified_queries"])


def build_instructions(
    catalog: Catalog, values: Mapping[str, Sequence[str]], as_of: str, principal: Principal, *, feedback: bool
) -> str:
    """The system prompt for one request: the catalog, the as-of date and who is asking."""
    return fill(
        str(prompts()["instructions"]),
        as_of=as_of,
        user=principal.user or "(anonymous)",
        role=principal.role,
        metrics=metric_lines(catalog),
        dimensions=dimension_lines(catalog, values),
        verified_queries=verified_lines(catalog),
        feedback=str(prompts()["feedback_instructions"]) if feedback else "",
    )


def data_block(tool: str, payload: Mapping[str, Any]) -> str:
    """Tool output for the model: JSON inside a delimited block marked as untrusted data.

    JSON-encoding keeps every retrieved string quoted (a review cannot close the block with a
    literal "</data>" because `<` and `>` are escaped), so it reads as data, not as instructions.
    """
    encoded = json.dumps(payload, ensure_ascii=False, default=str)
    encoded = encoded.replace("<", "\\u003c").replace(">", "\\u003e")
    return fill(str(prompts()["data_block"]), tool=tool, payload=encoded)
