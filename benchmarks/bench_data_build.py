"""Build the warehouse at each scale and print rows per second per table.

Usage: python benchmarks/bench_data_build.py [--scales tiny,default] [--seed 42]
(`large` works too, but takes minutes and several GB of memory.)
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from data.warehouse import BuildReport, build_warehouse


def bench(scale: str, seed: int) -> BuildReport:
    with tempfile.TemporaryDirectory(prefix=f"cdm-bench-{scale}-") as folder:
        return build_warehouse(Path(folder) / "warehouse.duckdb", scale=scale, seed=seed)


def render(report: BuildReport) -> str:
    lines = [
        f"scale {report.scale}: {report.seconds:.1f} s total",
        f"  {'table':<20} {'rows':>12} {'s':>7} {'rows/s':>12}",
    ]
    for table in report.tables:
        rate = f"{table.rows / table.seconds:,.0f}" if table.rows and table.seconds > 0 else "-"
        lines.append(f"  {table.table:<20} {table.rows:>12,} {table.seconds:>7.2f} {rate:>12}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="tiny,default")
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    for scale in args.scales.split(","):
        print(render(bench(scale, args.seed)), flush=True)


if __name__ == "__main__":
    main()
