"""Failed sign-ins: each one is audited, and a name with too many recent failures is refused
for a while without checking its password (so guessing costs minutes, not milliseconds).

Counted per user name in this process (one chat server); a refused attempt is audited too.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from dataclasses import dataclass, field

from guards.audit import AuditLog
from guards.principal import Principal

MAX_FAILURES = 5
WINDOW_SECONDS = 300.0
LOCKOUT_SECONDS = 300.0
SIGN_IN_ORIGIN = "sign_in"
NAME_LIMIT = 64


@dataclass
class SignInThrottle:
    """Mutable on purpose: the failure times of each name, guarded by a lock."""

    max_failures: int = MAX_FAILURES
    window: float = WINDOW_SECONDS
    lockout: float = LOCKOUT_SECONDS
    _failures: dict[str, deque[float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _recent(self, name: str, now: float) -> deque[float]:
        times = self._failures.setdefault(name, deque())
        while times and now - times[0] > max(self.window, self.lockout):
            times.popleft()
        return times

    def is_locked(self, name: str, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        with self._lock:
            times = self._recent(name, now)
            in_window = [t for t in times if now - t <= self.window]
            return len(in_window) >= self.max_failures and now - times[-1] <= self.lockout

    def failed(self, name: str, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        with self._lock:
            self._recent(name, now).append(now)

    def succeeded(self, name: str) -> None:
        with self._lock:
            self._failures.pop(name, None)


THROTTLE = SignInThrottle()


def audit_failed_sign_in(name: str, how: str, reason: str) -> None:
    """One audit row per refused sign-in: who tried (as typed, cut to 64 characters), how, why."""
    AuditLog().record(
        principal=Principal(user=name[:NAME_LIMIT] or None, role="anonymous"), origin=SIGN_IN_ORIGIN,
        original_sql="", rewritten_sql=None, decision="blocked", question=f"{how} sign-in refused: {reason}",
    )  # fmt: skip
