"""Outcomes: correct, visibly not answered, or wrong; the must_not_guess gate counts only wrong held-out answers."""

from __future__ import annotations

from eval.cases import EvalCase, Expected
from eval.runner import CaseResult, outcome, status_matches
from eval.summary import summarize


def _result(
    passed: bool, status: str, tags: tuple[str, ...] = ("must_not_guess",), split: str = "heldout"
) -> CaseResult:
    case = EvalCase(
        id=f"c.{status}.{str(passed).lower()}.{split}.{len(tags)}",
        turns=("q",),
        tags=tags,
        split=split,
        expect=Expected(),
    )  # type: ignore[arg-type]
    return CaseResult(case, passed, {"status": passed}, status=status)


def test_not_answered_accepts_a_clarification_or_a_refusal_only() -> None:
    assert status_matches("not_answered", "clarify") and status_matches("not_answered", "unsupported")
    assert not status_matches("not_answered", "answered")


def test_outcomes_and_the_gate() -> None:
    results = [_result(True, "answered"), _result(False, "unsupported"), _result(False, "answered")]
    assert [outcome(r) for r in results] == ["correct", "not_answered", "wrong"]
    summary = summarize(results)
    held_out = summary.by_split["heldout"]
    assert (held_out.passed, held_out.not_answered, held_out.wrong) == (1, 1, 1)
    assert summary.guessed == (results[2].case.id,)
    assert summary.to_json_dict()["splits"]["heldout"]["wrong"] == 1


def test_the_gate_ignores_dev_cases_and_untagged_cases() -> None:
    results = [_result(False, "answered", split="dev"), _result(False, "answered", tags=())]
    assert summarize(results).guessed == ()


def test_blank_protected_values_are_not_leaks() -> None:
    from eval.scoring import leaked_substrings

    assert leaked_substrings('{"rows": [["   "], ["13800138000"]]}', {"   ", "13800138000"}) == ["13800138000"]
