"""Page arguments (first/after/last/before) checked and decoded into a PageRequest."""

from __future__ import annotations

import base64
import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from graphql import GraphQLError

from crm.db.queries.paging import PageRequest

DEFAULT_PAGE_SIZE = 20


def encode_cursor(key: tuple[Any, ...]) -> str:
    """An opaque cursor for a row's sort-key values."""
    payload = json.dumps([_tag(v) for v in key], separators=(",", ":"))
    return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, *, argument: str) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
        if not isinstance(values, list):
            raise ValueError("not a list")
        return [_untag(v) for v in values]
    except (ValueError, TypeError, KeyError) as exc:
        raise _bad(f"`{argument}` is not a cursor this API gave out") from exc


def page_request(
    *,
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
    max_page_size: int,
) -> PageRequest:
    if first is not None and last is not None:
        raise _bad("give `first` or `last`, not both")
    for name, value in (("first", first), ("last", last)):
        if value is not None and value < 0:
            raise _bad(f"`{name}` must not be negative")
        if value is not None and value > max_page_size:
            raise _bad(f"`{name}` must be at most {max_page_size}")
    if first is None and last is None:
        first = min(DEFAULT_PAGE_SIZE, max_page_size)
    return PageRequest(
        first=first,
        after=decode_cursor(after, argument="after") if after else None,
        last=last,
        before=decode_cursor(before, argument="before") if before else None,
    )


def _bad(message: str) -> GraphQLError:
    return GraphQLError(message, extensions={"code": "BAD_USER_INPUT"})


def _tag(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"t": value.isoformat()}
    if isinstance(value, date):
        return {"d": value.isoformat()}
    if isinstance(value, Decimal):
        return {"n": str(value)}
    if hasattr(value, "value") and isinstance(value.value, str):  # an enum member
        return value.value
    return value


def _untag(value: Any) -> Any:
    if isinstance(value, dict):
        if "t" in value:
            return datetime.fromisoformat(value["t"])
        if "d" in value:
            return date.fromisoformat(value["d"])
        if "n" in value:
            return Decimal(value["n"])
        raise ValueError("unknown cursor value")
    if isinstance(value, list | dict):
        raise ValueError("nested cursor value")
    return value
