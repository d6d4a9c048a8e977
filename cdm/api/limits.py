"""Per-token request rates (a sliding one-minute window) and the request body size limit."""

from __future__ import annotations

import threading
import time
from collections import deque
from dataclasses import dataclass

WINDOW_SECONDS = 60.0


@dataclass(frozen=True)
class Limits:
    requests_per_minute: int = 60  # per token, unless the token has its own limit
    max_body_bytes: int = 64 * 1024


class RateLimiter:
    """Remembers each token's request times in the last minute (in this process)."""

    def __init__(self) -> None:
        self._times: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def retry_after(self, key: str, limit: int, now: float | None = None) -> float:
        """0 when this request is within the limit (and counts it), else seconds until it would be."""
        now = time.monotonic() if now is None else now
        with self._lock:
            times = self._times.setdefault(key, deque())
            while times and times[0] <= now - WINDOW_SECONDS:
                times.popleft()
            if len(times) >= limit:
                return max(times[0] + WINDOW_SECONDS - now, 0.001)
            times.append(now)
            return 0.0
