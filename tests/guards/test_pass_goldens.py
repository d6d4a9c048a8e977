"""Golden fixtures per guard pass: `golden/passes/<pass>.sql` (format: golden_format.py).

Regenerate on purpose with `CDM_REGENERATE=1 pytest tests/guards/test_pass_goldens.py` and review the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from golden_format import PASS_NAMES, after_pass, read_cases, regenerating, write_cases

FOLDER = Path(__file__).with_name("golden") / "passes"
FILES = sorted(FOLDER.glob("*.sql"))


def test_every_pass_has_a_fixture_file() -> None:
    assert {p.stem for p in FILES} == set(PASS_NAMES)


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_pass_golden(path: Path) -> None:
    cases = read_cases(path)
    assert cases and all(c.title and c.header.get("role") and c.input for c in cases)
    actual = [after_pass(case, path.stem) for case in cases]
    if regenerating():
        for case, text in zip(cases, actual, strict=True):
            case.expected = text.split("\n")
        write_cases(path, cases)
        return
    for case, text in zip(cases, actual, strict=True):
        assert text == "\n".join(case.expected).strip(), case.title
