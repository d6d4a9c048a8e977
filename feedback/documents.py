"""Feedback documents (reviews and support tickets) read from the warehouse, redacted, with metadata.

Metadata carries what search filters and pain-point breakdowns need (region, tier, channel,
category, brand, rating, date) so retrieval can filter without going back to the warehouse.
The text is redacted here, once, so nothing downstream ever sees raw PII.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import duckdb

from data.errors import CdmError
from feedback.redaction import redact

MetadataValue = str | int | float | bool

REVIEWS_SQL = """
SELECT 'review' AS source, r.review_id AS source_id, r.review_text AS text,
       c.region, c.province, c.city, c.member_tier, o.channel, p.category, p.brand, NULL AS ticket_category,
       r.rating, CAST(r.review_ts AS DATE) AS day
FROM reviews AS r
LEFT JOIN customers AS c ON c.customer_id = r.customer_id
LEFT JOIN orders AS o ON o.order_id = r.order_id
LEFT JOIN products AS p ON p.product_id = r.product_id
"""

TICKETS_SQL = """
SELECT 'ticket' AS source, t.ticket_id AS source_id, t.description AS text,
       c.region, c.province, c.city, c.member_tier, o.channel, NULL AS category, NULL AS brand, t.ticket_category,
       NULL AS rating, CAST(t.created_ts AS DATE) AS day
FROM support_tickets AS t
LEFT JOIN customers AS c ON c.customer_id = t.customer_id
LEFT JOIN orders AS o ON o.order_id = t.order_id
"""

_COLUMNS = ("region", "province", "city", "member_tier", "channel", "category", "brand", "ticket_category", "rating")
NEGATIVE_MAX_RATING = 2


@dataclass(frozen=True)
class FeedbackDocument:
    """One redacted text with its metadata; `key` is the stable Chroma id."""

    source: str
    source_id: int
    text: str
    metadata: Mapping[str, MetadataValue]

    @property
    def key(self) -> str:
        return document_key(self.source, self.source_id)

    @property
    def content_hash(self) -> str:
        return str(self.metadata["content_hash"])

    @property
    def negative(self) -> bool:
        return bool(self.metadata["negative"])


def document_key(source: str, source_id: int) -> str:
    return f"{source}:{source_id}"


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def load_documents(warehouse: Path) -> tuple[FeedbackDocument, ...]:
    """All reviews and tickets with text, redacted, in a stable order (source, id)."""
    if not warehouse.exists():
        raise CdmError(f"no warehouse at {warehouse}; run `cdm data build` first")
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute(f"{REVIEWS_SQL} UNION ALL {TICKETS_SQL} ORDER BY source, source_id").fetchall()
    return tuple(_document(row) for row in rows if row[2])


def _document(row: tuple[object, ...]) -> FeedbackDocument:
    source, source_id, text, *values, day = row
    redacted = redact(str(text)).text
    metadata: dict[str, MetadataValue] = {"source": str(source), "source_id": int(str(source_id))}
    metadata.update({name: _plain(v) for name, v in zip(_COLUMNS, values, strict=True) if v is not None})
    if isinstance(day, date | datetime):
        metadata["date"] = day.isoformat()[:10]
        metadata["month"] = day.isoformat()[:7]
    rating = metadata.get("rating")
    metadata["negative"] = source == "ticket" or (isinstance(rating, int) and rating <= NEGATIVE_MAX_RATING)
    metadata["content_hash"] = content_hash(redacted)
    return FeedbackDocument(str(source), int(str(source_id)), redacted, metadata)


def _plain(value: object) -> MetadataValue:
    if isinstance(value, bool | int | float | str):
        return value
    return str(value)
