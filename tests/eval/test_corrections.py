"""The corrections loop: submit -> pending -> approve -> a verified query the planner and the eval use."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from assistant.conversation import Conversation
from data.errors import CdmError
from eval.corrections import APPROVED_FILE, approve, list_corrections, list_pending, reject, submit
from eval.engine import AskEngine
from eval.suite import load_suite
from guards.principal_resolution import resolve_principal
from semantic_layer.catalog import DEFINITIONS, load_catalog

QUESTION = "how many units did each category move"
# the owner's checked answer ranks categories, which the planner alone does not do for this wording
CORRECTED = {
    "metrics": ["units_sold"],
    "group_by": ["category"],
    "order_by": [{"field": "units_sold", "desc": True}],
    "limit": 3,
}


@pytest.fixture()
def definitions(tmp_path: Path) -> Path:
    folder = tmp_path / "definitions"
    shutil.copytree(DEFINITIONS, folder)
    return folder


def test_submit_validates_and_deduplicates(tmp_path: Path) -> None:
    store = tmp_path / "corrections.json"
    first = submit(QUESTION, json.dumps(CORRECTED), user="alice", role="analyst", store=store)
    again = submit(QUESTION, CORRECTED, user="alice", role="analyst", store=store)
    assert first.id == again.id and first.status == "pending"
    assert [c.id for c in list_pending(store)] == [first.id]
    with pytest.raises(CdmError, match="not valid JSON"):
        submit(QUESTION, "{metrics: units", user=None, role="analyst", store=store)
    with pytest.raises(CdmError, match="does not compile"):
        submit(QUESTION, {"metrics": ["units_sold"], "group_by": ["weather"]}, user=None, role="analyst", store=store)
    with pytest.raises(CdmError, match="not a semantic query"):
        submit(QUESTION, {"group_by": ["category"]}, user=None, role="analyst", store=store)


def test_approval_feeds_the_planner_and_the_eval_suite(tmp_path: Path, definitions: Path, tiny_warehouse: Path) -> None:
    store = tmp_path / "corrections.json"
    admin = resolve_principal(role="admin")
    wrong = AskEngine(tiny_warehouse, definitions=definitions).ask(QUESTION, admin, Conversation())
    assert wrong.semantic_query is None or wrong.semantic_query.limit != 3
    correction = submit(QUESTION, CORRECTED, user="alice", role="analyst", store=store)
    approved = approve(correction.id[:6], "merchandising", definitions=definitions, store=store)
    assert approved.status == "approved" and approved.decided_by == "merchandising"
    assert list_pending(store) == []
    catalog = load_catalog(definitions)
    assert QUESTION in [v.question for v in catalog.verified_queries]
    assert (definitions / APPROVED_FILE).read_text(encoding="utf-8").startswith("# Verified queries approved")
    right = AskEngine(tiny_warehouse, definitions=definitions).ask(QUESTION, admin, Conversation())
    assert right.semantic_query is not None and right.semantic_query.group_by == ("category",)
    assert right.semantic_query.limit == 3 and len(right.rows) == 3
    assert any(n.code == "verified_query" for n in right.notices)
    cases = load_suite(catalog=catalog, tags=["verified"])
    assert QUESTION in [c.question for c in cases]
    with pytest.raises(CdmError, match="already approved"):
        approve(correction.id, "merchandising", definitions=definitions, store=store)


def test_reject_and_rollback_on_a_broken_catalog(tmp_path: Path, definitions: Path) -> None:
    store = tmp_path / "corrections.json"
    kept = submit("revenue by brand please", {"metrics": ["item_revenue"], "group_by": ["brand"]}, user=None,
                  role="analyst", store=store)  # fmt: skip
    dropped = submit("orders by city please", {"metrics": ["order_count"], "group_by": ["city"]}, user=None,
                     role="analyst", store=store)  # fmt: skip
    assert reject(dropped.id, "owner", store=store).status == "rejected"
    (definitions / "metrics.yml").write_text("metrics: [{name: broken}]\n", encoding="utf-8")
    with pytest.raises(CdmError, match="would break the catalog"):
        approve(kept.id, "owner", definitions=definitions, store=store)
    assert not (definitions / APPROVED_FILE).exists()
    assert [c.status for c in list_corrections(store)] == ["pending", "rejected"]
    with pytest.raises(CdmError, match="no single correction"):
        approve("zzzz", "owner", definitions=definitions, store=store)
