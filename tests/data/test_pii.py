"""PII in realistic formats, so redaction and guards are tested against the real thing."""

from __future__ import annotations

import re
from datetime import date

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
PHONE = re.compile(r"1[3-9]\d{9}")
EMAIL = re.compile(r"[a-z0-9][a-z0-9._]*@[a-z0-9-]+(\.[a-z0-9-]+)+")
HANZI = re.compile(r"[\u4e00-\u9fff]{2,4}")
# Customers the generator left clean: the planted quality problems are tested in tests/data/test_quality_defects.py.
CLEAN = "customer_id NOT IN (SELECT record_id FROM truth_quality_defects WHERE record_table = 'customers')"
PINYIN = re.compile(r"[A-Z][a-z]+ [A-Z][a-z]+")


def check_digit(first17: str) -> str:
    """GB 11643-1999: weighted sum mod 11 mapped onto 1 0 X 9 8 7 6 5 4 3 2."""
    return "10X98765432"[sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True)) % 11]


def test_check_digit_reference_example():
    # The worked example of the standard: 11010519491231002X.
    assert check_digit("11010519491231002") == "X"


def test_id_numbers_valid_and_match_birth_date_and_gender(wh):
    rows = wh.rows("SELECT id_number, birth_date, gender FROM customers WHERE " + CLEAN)
    for id_number, birth, gender in rows:
        assert len(id_number) == 18 and id_number[:17].isdigit(), id_number
        assert id_number[17] == check_digit(id_number[:17]), id_number
        assert date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14])) == birth
        if gender in ("M", "F"):
            assert int(id_number[16]) % 2 == (1 if gender == "M" else 0), id_number


def test_phones_are_mainland_mobiles(wh):
    phones = [p for (p,) in wh.rows("SELECT phone FROM customers WHERE " + CLEAN)]
    assert all(PHONE.fullmatch(p) for p in phones)
    assert len({p[:2] for p in phones}) == 7  # 13x .. 19x all occur


def test_emails(wh):
    emails = [e for (e,) in wh.rows("SELECT email FROM customers WHERE " + CLEAN)]
    assert all(EMAIL.fullmatch(e) for e in emails)
    assert len({e.split("@")[1] for e in emails}) >= 5


def test_names_in_characters_and_pinyin(wh):
    names = [n for (n,) in wh.rows("SELECT full_name FROM customers WHERE " + CLEAN)]
    hanzi = sum(bool(HANZI.fullmatch(n)) for n in names)
    pinyin = sum(bool(PINYIN.fullmatch(n)) for n in names)
    assert hanzi + pinyin == len(names)
    assert 0.6 < hanzi / len(names) < 0.95


def test_about_two_percent_of_free_text_carries_the_authors_contact(wh):
    for table, column in (("reviews", "review_text"), ("support_tickets", "description")):
        rows = wh.rows(
            f"SELECT t.{column}, c.phone, c.email FROM {table} t JOIN customers c USING (customer_id) WHERE c.{CLEAN}"
        )
        leaked = [(text, phone, email) for text, phone, email in rows if PHONE.search(text) or "@" in text]
        share = len(leaked) / len(rows)
        assert 0.008 < share < 0.04, (table, share)
        assert all(phone in text or email in text for text, phone, email in leaked)
