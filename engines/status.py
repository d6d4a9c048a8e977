"""The one status enum, from a guarded run up to the answer.

A guarded statement (or a feedback read) ends `OK`, `BLOCKED` or `ERROR`; an answer ends
`ANSWERED`, `CLARIFY`, `UNSUPPORTED`, `BLOCKED` or `ERROR`. `OK` and `ANSWERED` stay two members
because both spellings are contracts (`cdm sql --json` and the audit say "ok", answers say
"answered"); `as_answer` and `as_decision` are the one place that relates them.
"""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    OK = "ok"  # the statement ran (guards, feedback, the audit's decision)
    ANSWERED = "answered"  # the answer gives the result
    CLARIFY = "clarify"
    UNSUPPORTED = "unsupported"
    BLOCKED = "blocked"
    ERROR = "error"

    def as_answer(self) -> Status:
        """A run's status as its answer's: a statement that ran answers the question."""
        return Status.ANSWERED if self is Status.OK else self

    def as_decision(self) -> Status:
        """An answer's status as an audit decision: an answered request is "ok"."""
        return Status.OK if self is Status.ANSWERED else self
