"""Seeded Laplace noise: the same question by the same principal always gets the same noise.

u = HMAC-SHA256(secret, query key | stage | column | group) mapped to (0, 1), then the Laplace
inverse CDF at the scale from calibrate.py. The secret is 32 random bytes created once per install
under CDM_HOME (0600); without it nobody can predict, and so subtract, the noise.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import math
import os
import secrets
from functools import cache
from pathlib import Path
from typing import Any

from data.settings import cdm_home

SECRET_NAME = "privacy_secret"


@cache
def _secret(path: Path) -> bytes:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_bytes()
    with os.fdopen(fd, "wb") as handle:
        handle.write(secrets.token_bytes(32))
    return path.read_bytes()


def secret() -> bytes:
    return _secret(cdm_home() / SECRET_NAME)


def query_key(principal_id: str, normalized_sql: str) -> str:
    """What seeds an answer's noise and identifies it in the budget ledger."""
    return hmac.new(secret(), f"{principal_id}\n{normalized_sql}".encode(), hashlib.sha256).hexdigest()


def uniform(key: str, *parts: Any, secret_bytes: bytes | None = None) -> float:
    """A number in (0, 1), fixed by the key and the parts, unpredictable without the secret."""
    message = json.dumps([key, *parts], default=str, ensure_ascii=True).encode()
    digest = hmac.new(secret_bytes or secret(), message, hashlib.sha256).digest()
    return (int.from_bytes(digest[:8], "big") + 0.5) / 2.0**64


def laplace(u: float, scale: float) -> float:
    """The Laplace(0, scale) quantile at u."""
    centred = u - 0.5
    return -scale * math.copysign(1.0, centred) * math.log(1.0 - 2.0 * abs(centred))
