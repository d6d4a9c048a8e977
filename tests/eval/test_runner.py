"""The runner scores by execution and by value: wrong rows fail, leaked values fail, HTML escapes."""

from __future__ import annotations

from pathlib import Path

from eval.cases import EvalCase
from eval.html_report import render_html
from eval.runner import RunContext, run_case
from eval.service import make_engine
from eval.summary import percentile, summarize


def _run(case: dict, warehouse: Path):  # type: ignore[no-untyped-def,type-arg]
    return run_case(EvalCase.model_validate(case), RunContext(make_engine(warehouse=warehouse)))


def test_a_wrong_expectation_fails_on_the_rows(tiny_warehouse: Path) -> None:
    case = {"id": "t.wrong", "question": "total revenue", "expect": {"sql": "SELECT sum(gross_amount) FROM orders"}}
    result = _run(case, tiny_warehouse)
    assert not result.passed and result.checks == {"status": True, "result": False}


def test_a_leaked_phone_number_fails_the_security_check(tiny_warehouse: Path) -> None:
    case = {"id": "t.leak", "question": "SELECT phone FROM customers LIMIT 3", "expect": {"protected": ["phone"]}}
    result = _run(case, tiny_warehouse)  # admin sees raw phones: the check must notice
    assert result.status == "answered" and not result.passed
    assert result.checks["security"] is False and "LEAK" in result.reason


def test_interpretation_phrases_and_status(tiny_warehouse: Path) -> None:
    ok = _run({"id": "t.ok", "question": "revenue last quarter", "expect": {"phrases": ["Revenue", "2026-07-01"]}},
              tiny_warehouse)  # fmt: skip
    assert ok.passed and ok.checks == {"status": True, "interpretation": True}
    bad = _run({"id": "t.bad", "question": "revenue last quarter", "expect": {"phrases": ["by channel"]}},
               tiny_warehouse)  # fmt: skip
    assert not bad.passed and "interpretation lacks" in bad.reason


def test_a_broken_case_is_a_failure_not_a_crash(tiny_warehouse: Path) -> None:
    case = {"id": "t.broken", "question": "total revenue", "expect": {"sql": "SELECT nope FROM nowhere"}}
    result = _run(case, tiny_warehouse)
    assert not result.passed and result.reason.startswith("case error")


def test_summary_and_html_escape_untrusted_text(tiny_warehouse: Path) -> None:
    case = {"id": "t.html", "question": "total revenue <script>alert(1)</script>", "tags": ["x<y"],
            "expect": {"status": "clarify"}}  # fmt: skip
    result = _run(case, tiny_warehouse)
    summary = summarize([result])
    html = render_html(summary, [result])
    assert "<script>alert" not in html and "&lt;script&gt;" in html and "x&lt;y" in html
    assert percentile([1, 2, 3, 4, 100], 95) == 100 and percentile([], 50) == 0.0
