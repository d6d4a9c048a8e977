"""Access requests from the chat: `/access request|approve|reject|list`, as `cdm access` does.

The signed-in user's principal makes and decides the requests (stewardship/access.py checks the
approver role and refuses self-approval); the grammar and wording live in access_chat.yml.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from data.errors import CdmError
from guards.grants import AccessRequest
from guards.principal import Principal
from stewardship.access import approve, reject, request_access, visible_requests

SPEC_FILE = Path(__file__).with_name("access_chat.yml")


@cache
def _spec() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(SPEC_FILE.read_text(encoding="utf-8"))
    return loaded


def _line(request: AccessRequest) -> str:
    scope = " AND ".join(f"{k} = {v}" for k, v in sorted(request.scope.items())) or "all rows"
    values = request.as_json() | {"columns": ",".join(request.columns), "scope": scope}
    return str(_spec()["messages"]["request"]).format(expires=request.expires_at or "-", **values)


def _scope(text: str | None) -> dict[str, str]:
    pairs = [p for p in re.split(_spec()["scope_separator"], text or "", flags=re.IGNORECASE) if p.strip()]
    scope: dict[str, str] = {}
    for pair in pairs:
        key, separator, value = pair.partition("=")
        if not separator or not key.strip() or not value.strip():
            raise CdmError(f"a scope is column=value, got {pair!r}")
        scope[key.strip()] = value.strip()
    return scope


def _run(kind: str, found: dict[str, str | None], principal: Principal) -> str:
    if kind == "list":
        lines = [_line(r) for r in visible_requests(principal)]
        return "\n".join(lines) or str(_spec()["messages"]["none"])
    if kind == "request":
        columns = [c for c in str(found["columns"]).split(",") if c]
        made = request_access(principal, table=str(found["table"]), columns=columns, scope=_scope(found["scope"]),
                              days=int(str(found["days"])), purpose=str(found["purpose"]))  # fmt: skip
        return _line(made)
    note = (found.get("note") or "").strip()
    if kind == "approve":
        days = int(str(found["days"])) if found.get("days") else None
        return _line(approve(str(found["request_id"]), principal, note, days))
    return _line(reject(str(found["request_id"]), principal, note))


def access_reply(message: str, principal: Principal) -> str | None:
    """The reply to an `/access ...` message; None when the message is not one (a normal question)."""
    text = message.strip()
    if not text.lower().startswith("/access"):
        return None
    for kind, pattern in _spec()["patterns"].items():
        match = re.fullmatch(pattern, text, flags=re.IGNORECASE | re.DOTALL)
        if match:
            try:
                return _run(kind, match.groupdict(), principal)
            except CdmError as error:
                return str(_spec()["messages"]["refused"]).format(reason=error.message)
    return str(_spec()["messages"]["help"])
