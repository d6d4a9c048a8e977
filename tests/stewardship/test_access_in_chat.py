"""Access requests typed in the chat (`/access ...`), handled by cdm/ui/access_chat.py with the
signed-in user's principal; the grant then applies to that user's questions."""

from __future__ import annotations

import re

from cdm.ui.access_chat import access_reply
from guards.grants import grant_scopes
from guards.principal import Principal
from guards.service import run_guarded

ALICE = Principal("alice", "analyst")
ADMIN = Principal("admin", "admin")


def test_request_approve_and_use_from_the_chat(steward_home):
    reply = access_reply("/access request customers.email where region=South for 3 days: churn survey", ALICE)
    assert reply is not None and "pending" in reply
    request_id = reply.split()[0]
    assert re.fullmatch(r"[0-9a-f]{12}", request_id)
    assert "approver role" in (access_reply(f"/access approve {request_id}", ALICE) or "")
    approved = access_reply(f"/access approve {request_id} for 2 days: ok for the survey", ADMIN)
    assert approved is not None and "approved" in approved and "2 days" in approved
    assert [g.request_id for g in grant_scopes("alice", "customers")] == [request_id]
    result = run_guarded(
        "SELECT email FROM customers WHERE region = 'South' LIMIT 5",
        ALICE,
        origin="sql",
        warehouse=steward_home / "warehouse.duckdb",
    )
    assert result.rows and all("***@" not in row[0] for row in result.rows)
    assert request_id in (access_reply("/access list", ALICE) or "")


def test_other_messages_are_questions_and_bad_commands_get_help(steward_home):
    assert access_reply("revenue by region", ALICE) is None
    assert "Access requests:" in (access_reply("/access please", ALICE) or "")
    refused = access_reply("/access request customers.region for 3 days: x", ALICE)
    assert refused is not None and refused.startswith("Not done:") and "not masked" in refused
