"""Reference data the generator draws from (`geography.yml`, `catalog.yml`, `people.yml`, `themes.yml`).

Loaded in one place so that wording, weights and catalogues are edited as data, not code.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

REFERENCE_FILES = ("geography", "catalog", "people", "themes")
PAIN_THEMES: tuple[str, ...] = (
    "damaged_packaging",
    "late_delivery",
    "wrong_item",
    "shade_size_mismatch",
    "skin_irritation",
    "app_crash_checkout",
    "slow_refund",
    "poor_customer_service",
    "coupon_price_issue",
    "expired_product",
    "missing_gift_sample",
    "live_stream_mismatch",
)


@cache
def load_reference(name: str) -> dict[str, Any]:
    """One of the reference YAML files next to this module, parsed once per process."""
    if name not in REFERENCE_FILES:
        raise KeyError(f"unknown reference file {name!r}")
    path = Path(__file__).with_name(f"{name}.yml")
    with path.open(encoding="utf-8") as handle:
        loaded: dict[str, Any] = yaml.safe_load(handle)
    return loaded
