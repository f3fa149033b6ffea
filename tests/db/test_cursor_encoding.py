"""Cursors keep their spelling: the standard library's compact JSON of the tagged sort
key, whichever encoder wrote it (crm.db.paging.encode_cursor)."""

from __future__ import annotations

import base64
import json
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest

from crm.db.enums import UserRole
from crm.db.paging import _tag, decode_cursor, encode_cursor

KEYS: list[tuple[Any, ...]] = [
    (1,),
    (12, 345678),
    ("Tan Lark Sye", 7),
    ("陈六使", 7),
    ('quote " and \\ back', 1),
    ("tab\tnew\nline\x01", 2),
    (datetime(2026, 12, 6, 9, 30, 1, 123456, tzinfo=UTC), 3),
    (date(1908, 2, 29), 4),
    (Decimal("12.50"), 5),
    (0.1, 6),
    (1e16, 7),
    (None, 8),
    (True, False, 9),
    (UserRole.ANALYST, 10),
    (2**70, 11),
    (-(2**63), 12),
]


def _as_before(key: tuple[Any, ...]) -> str:
    payload = json.dumps([_tag(v) for v in key], separators=(",", ":"))
    return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


@pytest.mark.parametrize("key", KEYS, ids=repr)
def test_a_cursor_is_spelled_as_before_and_reads_back(key: tuple[Any, ...]) -> None:
    cursor = encode_cursor(key)
    assert cursor == _as_before(key)
    values = decode_cursor(cursor, argument="after")
    assert values == [v.value if isinstance(v, UserRole) else v for v in key]
