"""'Did you mean' hints for unknown names."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def closest(name: str, candidates: Iterable[str], n: int = 3) -> str:
    """A hint such as "; did you mean 'revenue', 'net_revenue'?" or an empty string."""
    pool = sorted(set(candidates))
    matches = difflib.get_close_matches(name, pool, n=n, cutoff=0.5)
    if not matches:
        lowered = name.lower()
        matches = [c for c in pool if lowered in c or c in lowered][:n]
    return "; did you mean " + ", ".join(f"'{m}'" for m in matches) + "?" if matches else ""
