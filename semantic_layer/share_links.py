"""`share_of:` on a ratio metric: which count it is a share of, and under which filter.

    - name: consent_rate
      share_of: {metric: customer_count, filter: {marketing_consent: true}}

"what share of customers opted in" asks for customer_count with marketing_consent = true as a share
of all customers: the catalog's own rate answers it. The link lives in the YAML, so the planner
needs no list of rates; `check_share_links` (validation) keeps it true to the definitions.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from semantic_layer.fields import Node
from semantic_layer.model import Metric, ShareOf

SHARE_KEYS = {"metric", "filter"}


def _values(value: Any) -> tuple[str, ...]:
    items = value if isinstance(value, list) else [value]
    return tuple(str(v).lower() if isinstance(v, bool) else str(v) for v in items)


def share_link(node: Node) -> ShareOf | None:
    raw = node.data.get("share_of")
    if raw is None:
        return None
    if not isinstance(raw, dict) or not isinstance(raw.get("metric"), str) or set(raw) - SHARE_KEYS:
        node.log.add("bad_field", "field 'share_of' must be {metric: NAME, filter: {dimension: value}}", node.where)
        return None
    filters = raw.get("filter") or {}
    if not isinstance(filters, dict):
        node.log.add("bad_field", "field 'share_of.filter' must map dimensions to values", node.where)
        return None
    return ShareOf(str(raw["metric"]), tuple((str(d), _values(v)) for d, v in sorted(filters.items())))


def share_link_problems(metric: Metric, metrics: Mapping[str, Metric], dimensions: Mapping[str, Any]) -> list[str]:
    """What is wrong with a metric's `share_of` (empty when it is sound)."""
    link = metric.share_of
    if link is None:
        return []
    problems = []
    if metric.type != "ratio":
        problems.append(f"metric '{metric.name}': share_of is only for ratio metrics")
    base = metrics.get(link.metric)
    if base is None:
        problems.append(f"metric '{metric.name}': share_of names unknown metric '{link.metric}'")
    elif metric.denominator not in base.measures:
        problems.append(f"metric '{metric.name}': share_of metric '{link.metric}' is not its denominator")
    problems += [
        f"metric '{metric.name}': share_of filter names unknown dimension '{d}'"
        for d, _ in link.filters
        if d not in dimensions
    ]
    return problems
