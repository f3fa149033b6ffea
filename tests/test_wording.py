"""The article before a noun is the one it is spoken with (issue #19)."""

from __future__ import annotations

import pytest

from crm.wording import with_article


@pytest.mark.parametrize(
    ("noun", "expected"),
    [
        ("Organization", "an Organization"),
        ("Event", "an Event"),
        ("Interaction", "an Interaction"),
        ("analyst", "an analyst"),
        ("admin", "an admin"),
        ("app", "an app"),
        ("Person", "a Person"),
        ("User", "a User"),
        ("liaison", "a liaison"),
        ("Agreement or Person", "an Agreement or Person"),
        ("update", "an update"),
        ("hour", "an hour"),
    ],
)
def test_with_article(noun: str, expected: str) -> None:
    assert with_article(noun) == expected
