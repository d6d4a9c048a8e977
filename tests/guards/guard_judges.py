"""Judging regional managers' output by value: nothing that only rows outside East can carry."""

from __future__ import annotations

import re
from dataclasses import dataclass

MASKED_PHONE = re.compile(r"[0-9]{3}\*{4}[0-9]{4}")


@dataclass(frozen=True)
class Outside:
    """Values that only rows outside a regional manager's region can carry."""

    masked_phones: frozenset[str]
    store_names: frozenset[str]
    regions: frozenset[str]

    def violation(self, rows: tuple[tuple[object, ...], ...]) -> str | None:
        for row in rows:
            for cell in row:
                text = str(cell)
                if text in self.regions or text in self.store_names:
                    return text
                if any(p in self.masked_phones for p in MASKED_PHONE.findall(text)):
                    return text
        return None
