"""Judging guard output by value: the raw protected values (fetched as admin) must never appear.

Whole values (phones, emails, national ids, names, birth dates) and every 8-digit window of a
phone are protected, so `substr(phone, 2, 8)` tricks are caught too (8 rather than 7 digits: a
masked phone legitimately keeps 3 + 4 digits). Windows are looked for in digit runs of 8 to 12
digits inside text; integers and longer runs (hashes, ids) must not equal a phone or id number.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+")
PHONE_IN_TEXT = re.compile(r"1[3-9][0-9]{9}")
DIGIT_RUN = re.compile(r"[0-9]{8,}")
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
CJK_RUN = re.compile(r"[\u3400-\u9fff]{2,}")
PINYIN_NAME = re.compile(r"(?=\b([A-Z][a-z]+ [A-Z][a-z]+)\b)")
WINDOW = 8


@dataclass(frozen=True)
class Protected:
    windows: frozenset[str]
    whole_numbers: frozenset[str]
    emails: frozenset[str]
    local_parts: frozenset[str]
    names: frozenset[str]
    birth_dates: frozenset[str]
    name_lengths: tuple[int, ...]


def _windows(value: str) -> set[str]:
    digits = re.sub(r"[^0-9]", "", value)
    return {digits[i : i + WINDOW] for i in range(len(digits) - WINDOW + 1)}


def load_protected(warehouse: Path) -> Protected:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        people = con.execute(
            "SELECT phone, email, id_number, full_name, CAST(birth_date AS VARCHAR) FROM customers"
        ).fetchall()
        texts = con.execute(
            "SELECT review_text FROM reviews UNION ALL SELECT description FROM support_tickets"
        ).fetchall()
    phones = {p[0] for p in people} | {m for (t,) in texts if t for m in PHONE_IN_TEXT.findall(t)}
    emails = {p[1] for p in people} | {m for (t,) in texts if t for m in EMAIL.findall(t)}
    windows = {w for v in phones for w in _windows(v)}
    whole = {re.sub(r"[^0-9]", "", v) for v in phones} | {p[2][:17] for p in people}
    names = {p[3] for p in people if len(p[3]) >= 2}
    return Protected(
        windows=frozenset(windows),
        whole_numbers=frozenset(whole),
        emails=frozenset(e.lower() for e in emails),
        local_parts=frozenset(e.split("@")[0].lower() for e in emails if len(e.split("@")[0]) >= 6),
        names=frozenset(names),
        birth_dates=frozenset(p[4] for p in people),
        name_lengths=tuple(sorted({len(n) for n in names})),
    )


def _cell_leaks(text: str, protected: Protected) -> str | None:
    for run in DIGIT_RUN.findall(re.sub(r"[ -]", "", text)):
        if run in protected.whole_numbers or run[:17] in protected.whole_numbers:
            return f"number {run}"
        for i in range(len(run) - WINDOW + 1 if len(run) <= 12 else 0):
            if run[i : i + WINDOW] in protected.windows:
                return f"digits {run[i : i + WINDOW]}"
    for email in EMAIL.findall(text):
        local = email.split("@")[0].lower()
        if email.lower() in protected.emails or local in protected.local_parts:
            return f"email {email}"
    for date in ISO_DATE.findall(text):
        if date in protected.birth_dates:
            return f"birth date {date}"
    for run in CJK_RUN.findall(text):
        for size in (2, 3, 4):
            for i in range(len(run) - size + 1):
                if run[i : i + size] in protected.names:
                    return f"name {run[i : i + size]}"
    for name in PINYIN_NAME.findall(text):
        if name in protected.names:
            return f"name {name}"
    return None


def find_leak(rows: Iterable[Iterable[Any]], protected: Protected) -> str | None:
    """The first protected value found in any cell (stringified, nested values included), else None."""
    for row in rows:
        for cell in row:
            if cell is None or isinstance(cell, (bool, float)):
                continue
            if isinstance(cell, int):
                leak = f"number {cell}" if str(cell) in protected.whole_numbers else None
            else:
                leak = _cell_leaks(str(cell), protected)
            if leak:
                return leak
    return None
