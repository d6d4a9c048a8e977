"""Redaction: every PII kind becomes its placeholder; near-misses survive untouched."""

from __future__ import annotations

import pytest

from feedback.redaction import gb11643_valid, luhn_valid, redact


@pytest.mark.parametrize(
    ("text", "expected", "kind"),
    [
        ("call 13812345678 now", "call [PHONE] now", "phone"),
        ("call +86 138-1234-5678 now", "call [PHONE] now", "phone"),
        ("call 8615912345678", "call [PHONE]", "phone"),
        ("tel 199 1234 5678.", "tel [PHONE].", "phone"),
        ("mail zhang.wei@163.com please", "mail [EMAIL] please", "email"),
        ("id 11010519491231002X ok", "id [ID_NUMBER] ok", "id_number"),
        ("card 6222021234567890128 ok", "card [BANK_CARD] ok", "bank_card"),
        ("card 4111 1111 1111 1111 ok", "card [BANK_CARD] ok", "bank_card"),
    ],
)
def test_pii_is_replaced_by_its_placeholder(text: str, expected: str, kind: str) -> None:
    result = redact(text)
    assert result.text == expected
    assert result.counts == {kind: 1}


@pytest.mark.parametrize(
    "text",
    [
        "order 202409301234 arrived",
        "paid 1380.00 yuan",
        "a ¥13800000 villa",
        "on 2024-09-30 at 13:45",
        "ref 12345678901 is not a phone",
        "id 110105194912310021 has a wrong check digit",
        "digits 6222021234567890123 fail luhn",
        "order 13812345678902 is 14 digits",
    ],
)
def test_near_misses_survive(text: str) -> None:
    assert redact(text).text == text
    assert dict(redact(text).counts) == {}


def test_validators() -> None:
    assert gb11643_valid("11010519491231002X")
    assert not gb11643_valid("110105194912310021")
    assert luhn_valid("4111111111111111")
    assert not luhn_valid("4111111111111112")
