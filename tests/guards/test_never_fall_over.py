"""Issue 16: the audit journal survives any text, and inputs too deep or too large get one line."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from cdm.cli import app
from guards.audit import AuditLog
from guards.principal import Principal
from guards.service import run_guarded

ANALYST = Principal("alice", "analyst")
POISON = "a\u2028b\u2029c\u0085d\r\ne\x1c\x1d\x1e\x0b\x0c\x00f"


def test_the_journal_survives_line_separators_and_garbage(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "audit.duckdb")
    poisoned = log.record(principal=ANALYST, origin="sql", original_sql=f"SELECT '{POISON}'", rewritten_sql=None,
                          decision="blocked", question=POISON)  # fmt: skip
    with log.journal.open("ab") as journal:  # a torn write, a foreign line, bytes that are not UTF-8
        journal.write(b'["half a rec\n{"not": "a record"}\n\xff\xfe\x00 junk\n')
    after = log.record(principal=ANALYST, origin="sql", original_sql="SELECT 2", rewritten_sql=None, decision="ok")
    entries = {e.audit_id: e for e in log.tail(10)}
    assert set(entries) == {poisoned, after}
    assert entries[poisoned].question == POISON and entries[poisoned].original_sql == f"SELECT '{POISON}'"
    assert log.quarantine.read_bytes().count(b"\n") == 3
    assert log.journal.stat().st_size == 0


def test_a_poisoned_journal_never_blocks_requests_or_audit_tail(
    monkeypatch: pytest.MonkeyPatch, tiny_warehouse: Path
) -> None:
    import guards.audit as audit

    monkeypatch.setattr(audit, "JOURNAL_BYTES", 200)  # every write ingests
    log = AuditLog()
    with log.journal.open("ab") as journal:
        journal.write(b"\xe2\x80\xa8 not json\n")
    result = run_guarded(f"SELECT '{POISON}' AS x", ANALYST, question=POISON, warehouse=tiny_warehouse)
    assert result.status == "ok"
    tail = CliRunner().invoke(app, ["audit", "tail", "-n", "1"])
    assert tail.exit_code == 0 and tail.output.count("\n") == 1 and "\\u2028" in tail.output  # one line, escaped
    assert any(e.audit_id == result.audit_id and e.question == POISON for e in AuditLog().tail(5))


DEEP = {
    "500 parentheses": "SELECT " + "(" * 500 + "1" + ")" * 500,
    "a sum of 700 terms": "SELECT " + " + ".join(["order_id"] * 700) + " FROM orders",
    "400 nested CASEs": "SELECT " + "CASE WHEN order_id > 1 THEN " * 400 + "1" + " END" * 400 + " FROM orders",
    "400 NOTs": "SELECT " + "NOT " * 400 + "true",
}


@pytest.mark.parametrize("sql", DEEP.values(), ids=DEEP.keys())
def test_too_deep_inputs_get_one_line_and_an_audit_record(sql: str, tiny_warehouse: Path) -> None:
    result = run_guarded(sql, ANALYST, warehouse=tiny_warehouse)
    assert result.status == "blocked" and [n.code for n in result.notices] == ["too_complex"]
    assert "\n" not in result.notices[0].message
    assert any(e.audit_id == result.audit_id and e.decision == "blocked" for e in AuditLog().tail(5))
