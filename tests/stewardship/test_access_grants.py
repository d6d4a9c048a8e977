"""Access requests end to end, and red-team cases for grants judged by value against raw data.

A grant must apply only to its grantee, only inside its scope, only until it expires; using
another user's grant or widening the scope through SQL must never show a raw value.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from dataclasses import replace
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

import stewardship.access as access
from cdm.cli import app
from data.errors import CdmError
from guards.audit import AuditLog
from guards.grants import grant_scopes, locked_store, utc_now
from guards.principal import Principal
from guards.service import run_guarded

RUNNER = CliRunner()
ALICE = Principal("alice", "analyst")
ERIN = Principal("erin", "regional_manager", {"region": "East"})
ADMIN = Principal("admin", "admin")


def _cdm(*args: str) -> tuple[int, str]:
    result = RUNNER.invoke(app, list(args))
    if isinstance(result.exception, CdmError):
        return result.exception.exit_code, result.exception.message
    return result.exit_code, result.output


def _phones(warehouse: Path, east: bool) -> set[str]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute("SELECT phone FROM customers WHERE (region = 'East') = ? AND length(phone) >= 8", [east])
        return {p for (p,) in rows.fetchall()}


def _seen(sql: str, principal: Principal, warehouse: Path) -> set[str]:
    result = run_guarded(sql, principal, origin="sql", warehouse=warehouse)
    return {str(v) for row in result.rows for v in row}


@pytest.fixture(scope="module")
def grant(steward_home: Path) -> str:
    code, output = _cdm("access", "request", "--user", "alice", "--table", "customers", "--columns", "phone",
                        "--where", "region=East", "--days", "7", "--purpose", "recall campaign", "--json")  # fmt: skip
    assert code == 0, output
    request_id = json.loads(output)["request_id"]
    assert not grant_scopes("alice", "customers")  # pending: nothing applies yet
    code, output = _cdm("access", "approve", request_id, "--user", "admin", "--note", "ok", "--json")
    assert code == 0 and json.loads(output)["status"] == "approved"
    return request_id


def test_the_grantee_sees_raw_values_only_in_scope(grant, steward_home):
    warehouse = steward_home / "warehouse.duckdb"
    seen = _seen("SELECT phone FROM customers", ALICE, warehouse)
    assert _phones(warehouse, east=True) <= seen
    assert not seen & _phones(warehouse, east=False)


WIDENING = [
    "SELECT phone FROM customers WHERE region <> 'East'",
    "SELECT phone, region FROM customers WHERE region = 'East' OR region = 'South'",
    "WITH x AS (SELECT 'East' AS region, phone FROM customers) SELECT phone FROM x WHERE region = 'East'",
    "SELECT c.phone FROM customers c JOIN customers e ON e.region = 'East' AND e.customer_id = c.customer_id + 1",
    "SELECT phone FROM (SELECT * REPLACE ('East' AS region) FROM customers) t WHERE region = 'East'",
    "SELECT max(phone) FROM customers GROUP BY region",
    "SELECT string_agg(phone, ',') FROM customers WHERE region = 'South'",
    "SELECT phone FROM main.customers UNION ALL SELECT phone FROM customers",
]


@pytest.mark.parametrize("sql", WIDENING)
def test_sql_cannot_widen_the_scope(grant, steward_home, sql):
    warehouse = steward_home / "warehouse.duckdb"
    outside = _phones(warehouse, east=False)
    seen = _seen(sql, ALICE, warehouse)
    assert not {v for v in seen for p in outside if p in v}


@pytest.mark.parametrize(
    "principal", [ERIN, Principal(None, "analyst"), Principal("sam", "regional_manager", {"region": "South"})]
)
def test_another_users_grant_does_not_apply(grant, steward_home, principal):
    warehouse = steward_home / "warehouse.duckdb"
    seen = _seen("SELECT phone FROM customers", principal, warehouse)
    assert not seen & (_phones(warehouse, east=True) | _phones(warehouse, east=False))


def test_every_request_decision_and_use_is_audited(grant, steward_home):
    _seen("SELECT phone FROM customers LIMIT 3", ALICE, steward_home / "warehouse.duckdb")
    entries = AuditLog(steward_home / "audit.duckdb").tail(50)
    decisions = [(e.user, e.decision) for e in entries if e.origin == "access_request" and grant in (e.question or "")]
    assert decisions == [("alice", "requested"), ("admin", "approved")]
    uses = [e for e in entries if e.user == "alice" and any(grant in n["message"] for n in e.notices)]
    assert uses and uses[-1].origin == "sql"


def test_a_grant_expires_by_itself(grant, steward_home):
    with locked_store() as requests:
        index = next(i for i, r in enumerate(requests) if r.request_id == grant)
        requests[index] = replace(requests[index], expires_at=(utc_now() + dt.timedelta(seconds=1)).isoformat())
    assert grant_scopes("alice", "customers")
    time.sleep(1.2)
    warehouse = steward_home / "warehouse.duckdb"
    assert not grant_scopes("alice", "customers")
    assert not _seen("SELECT phone FROM customers", ALICE, warehouse) & _phones(warehouse, east=True)
    _, output = _cdm("access", "list", "--user", "alice", "--json")
    assert [r["active"] for r in json.loads(output) if r["request_id"] == grant] == [False]


def test_no_one_approves_their_own_request(steward_home, monkeypatch):
    policy = access.load_stewardship_policy()
    monkeypatch.setattr(
        access, "load_stewardship_policy", lambda: replace(policy, approver_roles=("admin", "regional_manager"))
    )
    made = access.request_access(ERIN, table="customers", columns=["email"], scope={}, days=3, purpose="audit")
    with pytest.raises(CdmError, match="their own request"):
        access.approve(made.request_id, ERIN)
    assert (
        access.reject(made.request_id, Principal("sam", "regional_manager", {"region": "South"})).status == "rejected"
    )
    last = AuditLog(steward_home / "audit.duckdb").tail(3)
    assert [e.decision for e in last if e.origin == "access_request"][-2:] == ["refused", "rejected"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--user", "alice", "--table", "customers", "--columns", "region"], "not masked"),
        (["--user", "alice", "--table", "customers", "--columns", "phone", "--where", "nope=1"], "no column nope"),
        (["--role", "analyst", "--table", "customers", "--columns", "phone"], "signed-in user"),
        (["--user", "alice", "--table", "customers", "--columns", "phone", "--days", "365"], "1 to 30 days"),
    ],
)
def test_bad_requests_are_refused_with_a_reason(steward_home, args, message):
    extra = [] if "--days" in args else ["--days", "7"]
    code, output = _cdm("access", "request", *args, *extra, "--purpose", "x")
    assert code == 2 and message in output


def test_only_an_approver_decides(steward_home):
    made = access.request_access(ALICE, table="customers", columns=["email"], scope={}, days=2, purpose="check")
    code, output = _cdm("access", "approve", made.request_id, "--user", "erin")
    assert code == 2 and "approver role" in output
