"""The metric-change report in words: which definitions changed, which answers moved, by how much."""

from __future__ import annotations

from typing import Any

from eval.snapshot import CaseChange, SnapshotDiff


def _value(cell: Any) -> str:
    if isinstance(cell, float) and cell.is_integer() and abs(cell) >= 1:
        return f"{int(cell):,}"
    if isinstance(cell, float):
        return f"{cell:.4f}" if abs(cell) < 10 else f"{cell:,.2f}"
    return str(cell)


def _rows(side: dict[str, Any], limit: int = 4) -> str:
    if side["status"] != "answered":
        return f"({side['status']})"
    rows = side["rows"][:limit]
    text = "; ".join(", ".join(_value(c) for c in row) for row in rows) or "(no rows)"
    more = side["row_count"] - len(rows)
    return text + (f"; … {more} more rows" if more > 0 else "")


def _change_lines(change: CaseChange) -> list[str]:
    metrics = f" [{', '.join(change.metrics)}]" if change.metrics else ""
    return [
        f"  {change.id}{metrics}  ({change.role}) “{change.question}”",
        f"    before: {_rows(change.before)}",
        f"    after:  {_rows(change.after)}",
    ]


def render_diff(diff: SnapshotDiff) -> str:
    lines = ["Definitions: " + ("changed" if diff.definitions_changed else "unchanged since the snapshot")]
    lines.append(f"Changed metric definitions: {', '.join(diff.changed_metrics) or 'none'}")
    if diff.added_metrics or diff.removed_metrics:
        lines.append(f"Added metrics: {', '.join(diff.added_metrics) or 'none'}; "
                     f"removed: {', '.join(diff.removed_metrics) or 'none'}")  # fmt: skip
    lines.append(f"Cases whose answers changed: {len(diff.changed_cases)} (unchanged: {diff.unchanged})")
    for change in diff.changed_cases:
        lines += _change_lines(change)
    if diff.new_cases or diff.missing_cases:
        lines.append(f"New cases: {len(diff.new_cases)}; cases no longer in the suite: {len(diff.missing_cases)}")
    return "\n".join(lines)
