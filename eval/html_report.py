"""A self-contained HTML report: headline numbers, accuracy by tag (inline SVG), every failure.

No scripts and no CDN: the file opens offline, can be attached to a review, and nothing in it
executes. Every value from an answer is HTML-escaped (answers can quote untrusted review text).
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

from eval.runner import CaseResult
from eval.summary import EvalSummary, TagScore

STYLE = """
body{font-family:system-ui,sans-serif;margin:2rem;color:#222;max-width:1200px}
table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ddd;padding:4px 8px;text-align:left;
vertical-align:top}th{background:#f4f4f4}.ok{color:#1a7f37}.bad{color:#c0392b}pre{white-space:pre-wrap;
background:#f8f8f8;padding:6px;margin:0;font-size:12px}details{margin:.6rem 0;border:1px solid #eee;padding:.4rem}
.kpi{display:inline-block;margin-right:2rem}.kpi b{font-size:1.6rem;display:block}
"""
BAR_HEIGHT = 18


def _pct(value: float) -> str:
    return f"{value * 100:.1f}%"


def accuracy_chart(scores: Sequence[TagScore]) -> str:
    """Horizontal bars, one per tag, as inline SVG."""
    label_width, bar_width = 190, 420
    height = BAR_HEIGHT * len(scores) + 10
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{label_width + bar_width + 110}" height="{height}">']
    for row, score in enumerate(scores):
        y = 5 + row * BAR_HEIGHT
        width = round(bar_width * score.accuracy)
        colour = "#1a7f37" if score.accuracy >= 0.9 else "#d4a017" if score.accuracy >= 0.6 else "#c0392b"
        parts += [
            f'<text x="{label_width - 6}" y="{y + 13}" text-anchor="end" font-size="12">{escape(score.tag)}</text>',
            f'<rect x="{label_width}" y="{y + 2}" width="{bar_width}" height="{BAR_HEIGHT - 4}" fill="#eee"/>',
            f'<rect x="{label_width}" y="{y + 2}" width="{width}" height="{BAR_HEIGHT - 4}" fill="{colour}"/>',
            f'<text x="{label_width + bar_width + 6}" y="{y + 13}" font-size="12">'
            f"{_pct(score.accuracy)} ({score.passed}/{score.cases})</text>",
        ]
    return "".join(parts) + "</svg>"


def _rows_table(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    if not rows:
        return "<i>no rows</i>"
    head = "".join(f"<th>{escape(str(c))}</th>" for c in columns) if columns else ""
    body = "".join("<tr>" + "".join(f"<td>{escape(str(v))}</td>" for v in row) + "</tr>" for row in rows[:20])
    more = f"<tr><td colspan=99>… {len(rows) - 20} more rows</td></tr>" if len(rows) > 20 else ""
    return f"<table><tr>{head}</tr>{body}{more}</table>"


def _failure(result: CaseResult) -> str:
    case = result.case
    turns = " → ".join(escape(t) for t in case.turns)
    return (
        f"<details><summary><b>{escape(case.id)}</b> ({escape(case.role)}, {escape(case.split)}): {turns}"
        f' — <span class="bad">{escape(result.reason or result.skipped)}</span></summary>'
        f"<p>Tags: {escape(', '.join(case.tags))}. Status {escape(result.status)} (expected "
        f"{escape(case.expect.status)}). Interpretation: {escape(result.interpretation)}</p>"
        f"<table><tr><th>expected</th><th>actual</th></tr><tr>"
        f"<td>{_rows_table(result.expected_columns, result.expected_rows)}<pre>{escape(result.expected_sql or '')}</pre></td>"
        f"<td>{_rows_table(result.columns, result.rows)}<pre>{escape(result.sql or '')}</pre></td></tr></table></details>"
    )


def _tag_table(summary: EvalSummary) -> str:
    rows = "".join(
        f"<tr><td>{escape(s.tag)}</td><td>{s.cases}</td><td>{s.passed}</td>"
        f'<td class="{"ok" if s.accuracy >= 0.9 else "bad"}">{_pct(s.accuracy)}</td></tr>'
        for s in summary.by_tag
    )
    return f"<table><tr><th>tag</th><th>cases</th><th>passed</th><th>accuracy</th></tr>{rows}</table>"


def _kpis(summary: EvalSummary) -> str:
    items = [
        ("accuracy", f"{_pct(summary.accuracy)} ({summary.passed}/{summary.ran})"),
        *((f"{name} split", f"{_pct(s.accuracy)} ({s.passed}/{s.cases})") for name, s in summary.by_split.items()),
        ("security", f"{_pct(summary.security.accuracy)} ({summary.security.passed}/{summary.security.cases})"),
        ("latency p50 / p95", f"{summary.latency_p50_ms:.0f} / {summary.latency_p95_ms:.0f} ms"),
        ("not run", str(summary.skipped)),
    ]
    return "".join(f'<div class="kpi">{escape(label)}<b>{escape(value)}</b></div>' for label, value in items)


def render_html(summary: EvalSummary, results: Sequence[CaseResult]) -> str:
    failures = [r for r in results if not r.passed and not r.skipped]
    skipped = [r for r in results if r.skipped]
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>cdm eval ({escape(summary.engine)})</title>"
        f"<style>{STYLE}</style></head><body><h1>cdm-assistant eval — engine {escape(summary.engine)}</h1>"
        f"{_kpis(summary)}<h2>Accuracy by tag</h2>{accuracy_chart(summary.by_tag)}{_tag_table(summary)}"
        f"<h2>Failures ({len(failures)})</h2>{''.join(_failure(r) for r in failures) or '<p>None.</p>'}"
        f"<h2>Not run ({len(skipped)})</h2>{''.join(_failure(r) for r in skipped) or '<p>None.</p>'}"
        "</body></html>"
    )
