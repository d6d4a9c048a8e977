"""Access grants: approved, time-limited exceptions to a role's column masks.

A grant lets one user (never a role) see the raw values of masked columns of one table, only in
rows matching its scope (`customers.region = 'East'`), only until it expires. It is applied inside
the policy view (`guards/views.py`): the column becomes `CASE WHEN <scope> THEN value ELSE
<mask> END` over the source row, so no outer SQL can widen the scope, and it is looked up at every
query, so an expired grant stops applying by itself. Requests and decisions are made through
`cdm access` (stewardship/access.py); this module is the store and the validity rules.

Store: CDM_HOME/access/requests.json (0600), replaced atomically under an exclusive lock.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlglot import exp

from data.file_lock import exclusive_lock
from data.settings import cdm_home
from guards.decision import Notice

STATUSES = ("pending", "approved", "rejected")


def store_path() -> Path:
    return cdm_home() / "access" / "requests.json"


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


@dataclass(frozen=True)
class AccessRequest:
    request_id: str
    requester: str
    requester_role: str
    table: str
    columns: tuple[str, ...]
    scope: dict[str, str]  # column -> value the rows must have
    days: int
    purpose: str
    requested_at: str
    status: str = "pending"
    decided_by: str | None = None
    decided_at: str | None = None
    decision_note: str | None = None
    expires_at: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def active(self, now: dt.datetime | None = None) -> bool:
        """Approved and not yet expired (checked at every query, so expiry needs no job)."""
        if self.status != "approved" or self.expires_at is None:
            return False
        return (now or utc_now()) < dt.datetime.fromisoformat(self.expires_at)

    def as_json(self) -> dict[str, Any]:
        return asdict(self) | {"active": self.active()}


def _request(raw: dict[str, Any]) -> AccessRequest:
    return AccessRequest(**(raw | {"columns": tuple(raw["columns"])}))


@dataclass(frozen=True)
class GrantScope:
    """What the policy view needs: one column unmasked where the scope holds (hashable, cache key)."""

    request_id: str
    column: str
    scope: tuple[tuple[str, str], ...]

    def condition(self, qualifier: str) -> exp.Expr:
        parts = [exp.column(c, table=qualifier).eq(exp.Literal.string(v)) for c, v in self.scope]
        return exp.and_(*parts) if parts else exp.true()


_CACHE: dict[str, tuple[int, tuple[AccessRequest, ...]]] = {}


def load_requests(path: Path | None = None) -> tuple[AccessRequest, ...]:
    """Every request, re-read only when the file changed."""
    target = path or store_path()
    try:
        stamp = target.stat().st_mtime_ns
    except FileNotFoundError:
        return ()
    cached = _CACHE.get(str(target))
    if cached and cached[0] == stamp:
        return cached[1]
    requests = tuple(_request(r) for r in json.loads(target.read_text(encoding="utf-8"))["requests"])
    _CACHE[str(target)] = (stamp, requests)
    return requests


def grant_scopes(user: str | None, table: str, now: dt.datetime | None = None) -> tuple[GrantScope, ...]:
    """The active grants of `user` on `table`: none for a principal without a user."""
    if not user:
        return ()
    return tuple(
        GrantScope(r.request_id, column, tuple(sorted(r.scope.items())))
        for r in load_requests()
        if r.requester == user and r.table == table and r.active(now)
        for column in r.columns
    )


@contextmanager
def locked_store() -> Iterator[list[AccessRequest]]:
    """The requests, to change in place; written back atomically when the block ends without error."""
    path = store_path()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with exclusive_lock(path):
        requests = list(load_requests(path))
        yield requests
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"requests": [asdict(r) for r in requests]}, indent=1), encoding="utf-8")
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)


GRANTS_META = "cdm_grants"


def granted_expression(masked: exp.Expr, raw: exp.Column, column: str, grants: tuple[GrantScope, ...]) -> exp.Expr:
    """`masked`, except in the rows an active grant on `column` covers (scope over the source row)."""
    covering = [g.condition(raw.table) for g in grants if g.column == column]
    if not covering or masked == raw:
        return masked
    return exp.Case(ifs=[exp.If(this=exp.or_(*covering), true=raw.copy())], default=masked)


def grant_notice(request_ids: set[str]) -> Notice:
    """Recorded with the query's audit entry: every use of a grant is audited."""
    return Notice("access_grant", f"access grant {', '.join(sorted(request_ids))} applied (cdm access list)")
