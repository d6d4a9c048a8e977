"""Dimensions that do not apply to every row: online orders have no store.

A breakdown shows those rows under the catalog's label ("online, no store"); a ranking leaves them
out with a notice, because "the store format with the most revenue" is never "no store".
"""

from __future__ import annotations

from dataclasses import replace

from assistant.planner.plan import QueryPlan
from engines.notice_figures import GroupLeftOut
from engines.notices import Notice
from semantic_layer.catalog import Catalog
from semantic_layer.fact_sql import empty_label
from semantic_layer.query import Filter


def leave_out_empty_groups(plan: QueryPlan, catalog: Catalog) -> QueryPlan:
    query = plan.query
    if query.limit is None and not query.order_by:
        return plan
    added, notices = [], []
    for name in query.group_by:
        dimension = catalog.dimensions.get(name)
        if dimension is None:
            continue  # not a catalog dimension (metric_time__month): every row has a value
        label = empty_label(catalog, dimension.model)
        if label is not None:
            added.append(Filter(dimension=name, op="!=", value=label))
            message = f"Rows with no {dimension.label.lower()} ({label}) are left out of this ranking."
            notices.append(Notice(code="empty_group_left_out", message=message, figures=GroupLeftOut(name, label)))
    if not added:
        return plan
    new_query = query.model_copy(update={"filters": (*query.filters, *added)})
    return replace(plan, query=new_query, notices=plan.notices + tuple(notices))
