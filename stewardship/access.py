"""Access requests: a user asks for a grant, an approver decides, the guards apply it while valid.

    request = request_access(alice, table="customers", columns=["phone"], scope={"region": "East"},
                             days=7, purpose="recall campaign")
    approve(request.request_id, admin)          # an approver role (stewardship/policy.yml), not alice

Only masked columns can be granted (raw values within the scope); scope columns must be columns of
the table. Every request, decision and refusal is audited; each use is audited with the query
(guards/passes/policy_views.py adds a notice naming the grant).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import replace

from data.errors import CdmError
from guards.audit import AuditLog
from guards.decision import Notice
from guards.grants import AccessRequest, load_requests, locked_store, utc_now
from guards.policy import column_action, table_spec
from guards.principal import Principal
from stewardship.policy import load_stewardship_policy

ORIGIN = "access_request"


def _audit(principal: Principal, decision: str, request: AccessRequest, note: str = "") -> None:
    scope = " AND ".join(f"{k} = {v}" for k, v in sorted(request.scope.items())) or "all rows"
    what = f"{request.request_id}: {request.table}.{','.join(request.columns)} where {scope}, {request.days} days"
    AuditLog().record(
        principal=principal, origin=ORIGIN, original_sql="", rewritten_sql=None, decision=decision,
        notices=[Notice("access_request", f"{what}; purpose: {request.purpose}{'; ' + note if note else ''}")],
        question=f"access {decision}: {request.request_id} for {request.requester}",
    )  # fmt: skip


def _check_request(principal: Principal, table: str, columns: list[str], scope: dict[str, str], days: int) -> None:
    if not principal.user:
        raise CdmError("an access request needs a signed-in user (--user), not only a role")
    spec = table_spec(table)
    if spec is None:
        raise CdmError(f"unknown table {table}")
    names = {c.name for c in spec.columns}
    for column in [*columns, *scope]:
        if column not in names:
            raise CdmError(f"{table} has no column {column}")
    for column in columns:
        if column_action(principal, table, column).function is None:
            raise CdmError(
                f"{table}.{column} is not masked for role {principal.role}; only masked columns can be granted"
            )
    limit = load_stewardship_policy().max_grant_days
    if not 1 <= days <= limit:
        raise CdmError(f"a grant lasts 1 to {limit} days")


def request_access(
    principal: Principal, *, table: str, columns: list[str], scope: dict[str, str], days: int, purpose: str
) -> AccessRequest:
    if not purpose.strip():
        raise CdmError("give --purpose: what the wider access is for (it is audited)")
    table = table.strip().lower()
    _check_request(principal, table, columns, scope, days)
    request = AccessRequest(
        uuid.uuid4().hex[:12], str(principal.user), principal.role, table, tuple(columns), dict(scope), days,
        purpose.strip(), utc_now().isoformat(),
    )  # fmt: skip
    with locked_store() as requests:
        requests.append(request)
    _audit(principal, "requested", request)
    return request


def _decide(request_id: str, approver: Principal, status: str, note: str, days: int | None) -> AccessRequest:
    policy = load_stewardship_policy()
    with locked_store() as requests:
        index = next((i for i, r in enumerate(requests) if r.request_id == request_id), None)
        if index is None:
            raise CdmError(f"no access request {request_id}")
        request = requests[index]
        refusal = _refusal(request, approver, policy.approver_roles, days, policy.max_grant_days)
        if refusal:
            _audit(approver, "refused", request, refusal)
            raise CdmError(refusal)
        now = utc_now()
        granted = days or request.days
        expires = (now + dt.timedelta(days=granted)).isoformat() if status == "approved" else None
        decided = replace(request, status=status, decided_by=approver.user, decided_at=now.isoformat(),
                          decision_note=note or None, expires_at=expires, days=granted)  # fmt: skip
        requests[index] = decided
    _audit(approver, status, decided, note)
    return decided


def _refusal(request: AccessRequest, approver: Principal, roles: tuple[str, ...], days: int | None, limit: int) -> str:
    if approver.role not in roles:
        return f"deciding access requests needs an approver role ({', '.join(roles)})"
    if not approver.user:
        return "deciding an access request needs a signed-in user (--user)"
    if approver.user == request.requester:
        return "no one can approve or reject their own request"
    if request.status != "pending":
        return f"request {request.request_id} is already {request.status}"
    if days is not None and not 1 <= days <= limit:
        return f"a grant lasts 1 to {limit} days"
    return ""


def approve(request_id: str, approver: Principal, note: str = "", days: int | None = None) -> AccessRequest:
    return _decide(request_id, approver, "approved", note, days)


def reject(request_id: str, approver: Principal, note: str = "") -> AccessRequest:
    return _decide(request_id, approver, "rejected", note, None)


def visible_requests(principal: Principal) -> tuple[AccessRequest, ...]:
    """Approvers see every request; others their own."""
    if principal.role in load_stewardship_policy().approver_roles:
        return load_requests()
    return tuple(r for r in load_requests() if r.requester == principal.user)
