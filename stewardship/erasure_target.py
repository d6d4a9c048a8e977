"""What an erasure must find everywhere: the customer's personal values and their texts' keys.

Read from the warehouse before anything is changed (the warehouse is the last store erased, so
a resumed run can read them again). Held in memory only; never written anywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import duckdb

from data.errors import CdmError

ERASED_NAME = "[erased]"
ERASED_TEXT = "[erased]"


@dataclass(frozen=True)
class ErasureTarget:
    customer_id: int
    values: tuple[str, ...]  # personal values to find and remove in free text (longest first)
    review_ids: tuple[int, ...]
    ticket_ids: tuple[int, ...]
    texts: tuple[str, ...]  # their review and ticket texts as written
    shared_name: str | None = None  # their name when another customer has it too

    @property
    def identifying_values(self) -> tuple[str, ...]:
        """Values that point at this customer alone: a chat thread naming a common name is not theirs."""
        return tuple(v for v in self.values if v != self.shared_name)

    @property
    def already_erased(self) -> bool:
        return not self.values


def _variants(name: str, phone: str, email: str, id_number: str) -> set[str]:
    digits = re.sub(r"\D", "", phone)
    found = {name.strip(), phone.strip(), email.strip(), email.strip().lower(), id_number.strip(), digits[-11:]}
    if len(digits) >= 11:
        d = digits[-11:]
        found |= {f"{d[:3]} {d[3:7]} {d[7:]}", f"{d[:3]}-{d[3:7]}-{d[7:]}"}
    return {v for v in found if len(v) >= 2 and v != ERASED_NAME}


def load_target(warehouse: Path, customer_id: int, current_key: int | None = None) -> ErasureTarget:
    """The customer's values; `current_key` is their new surrogate key when a resumed run re-keyed them."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        found = con.execute(
            "SELECT customer_id, full_name, phone, email, id_number FROM customers WHERE customer_id IN (?, ?)",
            [customer_id, current_key or customer_id],
        ).fetchone()
        if found is None:
            raise CdmError(f"no customer {customer_id} in the warehouse")
        key, row = found[0], found[1:]
        reviews = con.execute("SELECT review_id, review_text FROM reviews WHERE customer_id = ?", [key]).fetchall()
        tickets = con.execute(
            "SELECT ticket_id, description FROM support_tickets WHERE customer_id = ?", [key]
        ).fetchall()
        namesakes = con.execute("SELECT count(*) FROM customers WHERE full_name = ?", [row[0]]).fetchone()
    values = set() if row[0] == ERASED_NAME else _variants(*(str(v or "") for v in row))
    texts = tuple(str(t) for _, t in (*reviews, *tickets) if t and t != ERASED_TEXT)
    return ErasureTarget(
        customer_id,
        tuple(sorted(values, key=len, reverse=True)),
        tuple(int(i) for i, _ in reviews),
        tuple(int(i) for i, _ in tickets),
        texts,
        str(row[0]).strip() if namesakes and namesakes[0] > 1 else None,
    )


def scrub(text: str, values: tuple[str, ...]) -> str:
    """`text` with every value replaced (case-insensitive), for logs and reasons."""
    for value in values:
        text = re.sub(re.escape(value), ERASED_TEXT, text, flags=re.IGNORECASE)
    return text
