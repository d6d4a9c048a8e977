"""`cdm privacy erase`: a customer's personal data removed from every store the product keeps.

    report = erase_customer(1234, "PIPL art. 47 request #88", principal, chat=history)

The run walks `erasure_steps.STEPS` in order, recording each finished store in the journal
(`erasure_journal.py`), so an interrupted run resumes at the first unfinished store and the report
always says which stores are done. A completed erasure is a no-op when asked again. Order facts
stay (revenue totals do not move) under a fresh surrogate key that nothing else refers to. The
erasure is audited with who, when, the reason (scrubbed of the erased values) and the stores, never
the values themselves.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, replace
from pathlib import Path

from data.errors import CdmError
from guards.audit import AuditLog
from guards.decision import Notice
from guards.principal import Principal
from stewardship.erasure_journal import ErasureJournal, open_journal
from stewardship.erasure_steps import STEPS, ChatHistory, ErasureContext
from stewardship.erasure_target import ErasureTarget, load_target, scrub
from stewardship.policy import load_stewardship_policy

NEW_KEY_BASE = 8_000_000_000  # erased customers' facts move to keys above every issued customer id


@dataclass(frozen=True)
class ErasureReport:
    customer_id: int
    status: str  # erased | already_erased | incomplete
    stores: dict[str, dict[str, object]]
    audit_id: str | None

    def as_json(self) -> dict[str, object]:
        return dict(self.__dict__)


def _new_key() -> int:
    return NEW_KEY_BASE + secrets.randbelow(1_000_000_000)


def _run_steps(journal: ErasureJournal, target: ErasureTarget, context: ErasureContext) -> ErasureJournal:
    for name, step in STEPS:
        if journal.done(name):
            continue
        status, count = step(target, context)
        journal = journal.with_step(name, status, count).save()
        if status not in ("done", "absent"):
            raise CdmError(
                f"erasure of customer {target.customer_id} stopped at {name}: {status}; fix it and run again"
            )
    return journal.completed().save()


def _audit(principal: Principal, journal: ErasureJournal, reason: str, status: str) -> str:
    stores = ", ".join(f"{name}={step['status']}" for name, step in journal.steps.items())
    return AuditLog().record(
        principal=principal,
        origin="privacy_erase",
        original_sql="",
        rewritten_sql=None,
        decision=status,
        notices=[Notice("erasure", f"customer {journal.customer_id}: {stores}")],
        question=f"erase customer {journal.customer_id}; reason: {reason}",
    )


def erase_customer(
    customer_id: int, reason: str, principal: Principal, warehouse: Path, chat: ChatHistory | None
) -> ErasureReport:
    try:
        load_stewardship_policy().require_steward(principal, "privacy erase")
    except CdmError:
        AuditLog().record(principal=principal, origin="privacy_erase", original_sql="", rewritten_sql=None,
                          decision="refused", question=f"erase customer {customer_id}")  # fmt: skip
        raise
    if not reason.strip():
        raise CdmError("give --reason: why this customer's data is erased (it is audited)")
    journal = open_journal(customer_id, principal.user or principal.role)
    if journal.completed_at:
        audit_id = _audit(principal, journal, reason, "already_erased")
        return ErasureReport(customer_id, "already_erased", journal.steps, audit_id)
    if journal.new_key is None:
        journal = replace(journal, new_key=_new_key()).save()
    assert journal.new_key is not None
    target = load_target(warehouse, customer_id, journal.new_key)
    safe_reason = scrub(reason, target.values)
    context = ErasureContext(warehouse, journal.new_key, chat)
    try:
        journal = _run_steps(journal, target, context)
    except BaseException:
        _audit(principal, open_journal(customer_id, ""), safe_reason, "incomplete")
        raise
    return ErasureReport(customer_id, "erased", journal.steps, _audit(principal, journal, safe_reason, "erased"))
