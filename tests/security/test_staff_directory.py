"""The staff directory (`staffDirectory`): every signed-in staff member reads the active
staff accounts (id, username, display name, role) to pick a colleague; APP tokens and
anonymous callers are refused; deactivated and APP accounts are not in it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from strawberry import relay

from crm.db.enums import UserRole
from crm.db.models import User
from tests.accounts import make_user
from tests.api.conftest import GraphQLClient

Sessions = async_sessionmaker[AsyncSession]

DIRECTORY = """
query($text: String, $first: Int) {
  staffDirectory(nameContains: $text, first: $first) { id username displayName role }
}"""


async def _user(
    sessions: Sessions,
    role: UserRole,
    username: str,
    display: str,
    *,
    scopes: list[str] | None = None,
) -> tuple[int, str]:
    key, token = await make_user(sessions, role, username=username, scopes=scopes)
    async with sessions() as session, session.begin():
        await session.execute(update(User).where(User.id == key).values(display_name=display))  # type: ignore[arg-type]
    return key, token


def _names(body: dict[str, Any]) -> list[str]:
    return [m["username"] for m in body["staffDirectory"]]


async def test_every_staff_role_reads_active_staff_only(
    gql: GraphQLClient, session_factory: Sessions
) -> None:
    lin_key, lin = await _user(session_factory, UserRole.LIAISON, "sd-lin", "林晓雯")
    _, wang = await _user(session_factory, UserRole.ANALYST, "sd-wang", "王析")
    gone_key, _ = await _user(session_factory, UserRole.LIAISON, "sd-gone", "Gone Away")
    await _user(session_factory, UserRole.APP, "sd-app", "Events app", scopes=["Person"])
    async with session_factory() as session, session.begin():
        await session.execute(update(User).where(User.id == gone_key).values(is_active=False))  # type: ignore[arg-type]

    for client in (gql, gql.as_user(lin), gql.as_user(wang)):
        members = (await client(DIRECTORY))["staffDirectory"]
        usernames = [m["username"] for m in members]
        assert {"sd-lin", "sd-wang"} <= set(usernames)
        assert "sd-gone" not in usernames  # deactivated
        assert "sd-app" not in usernames  # a program, not staff
        assert {m["role"] for m in members} <= {"ADMIN", "LIAISON", "ANALYST"}
        lin_entry = next(m for m in members if m["username"] == "sd-lin")
        assert lin_entry == {
            "id": str(relay.GlobalID("User", str(lin_key))),
            "username": "sd-lin",
            "displayName": "林晓雯",
            "role": "LIAISON",
        }
        # ordered by display name, then username
        assert [m["displayName"] for m in members] == sorted(m["displayName"] for m in members)


async def test_the_directory_gives_only_what_a_picker_needs(gql: GraphQLClient) -> None:
    for field in ("email", "isActive", "apiTokens { prefix }", "version"):
        body = await gql.execute(f"{{ staffDirectory {{ {field} }} }}")
        assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED", body


async def test_app_tokens_and_anonymous_callers_are_refused(
    gql: GraphQLClient, session_factory: Sessions
) -> None:
    _, people_app = await make_user(session_factory, UserRole.APP, scopes=["Person", "User"])
    # even a scope naming the field itself does not open it
    _, named_app = await make_user(session_factory, UserRole.APP, scopes=["staffDirectory"])
    for token in (people_app, named_app):
        body = await gql.as_user(token).execute(DIRECTORY)
        assert body["data"]["staffDirectory"] is None, body
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    anonymous = await gql.as_user(None).execute(DIRECTORY)
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert anonymous.get("data") is None


async def test_name_filter_matches_display_name_or_username_literally(
    gql: GraphQLClient, session_factory: Sessions
) -> None:
    _, lin = await _user(session_factory, UserRole.LIAISON, "sd-lin2", "林晓雯")
    await _user(session_factory, UserRole.ANALYST, "sd-wang2", "Wang Xi")
    await _user(session_factory, UserRole.ANALYST, "sd_under", "Under Score")
    liaison = gql.as_user(lin)
    assert _names(await liaison(DIRECTORY, text="晓雯")) == ["sd-lin2"]
    assert _names(await liaison(DIRECTORY, text="wang")) == ["sd-wang2"]  # case-insensitive
    assert _names(await liaison(DIRECTORY, text="SD-WANG2")) == ["sd-wang2"]
    # `_` and `%` are literal, not LIKE wildcards
    assert _names(await liaison(DIRECTORY, text="sd_")) == ["sd_under"]
    assert _names(await liaison(DIRECTORY, text="%")) == []
    # blank text is no filter
    assert "sd-lin2" in _names(await liaison(DIRECTORY, text="  "))


async def test_first_caps_the_answer_and_bad_sizes_are_refused(
    gql: GraphQLClient, session_factory: Sessions
) -> None:
    for n in range(3):
        await _user(session_factory, UserRole.LIAISON, f"sd-cap{n}", f"Cap {n}")
    assert _names(await gql(DIRECTORY, text="sd-cap", first=2)) == ["sd-cap0", "sd-cap1"]
    for first in (0, -1, 101):
        body = await gql.execute(DIRECTORY, first=first)
        assert body["data"]["staffDirectory"] is None
        assert "`first` must be between 1 and 100" in body["errors"][0]["message"]
        assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    body = await gql.execute(DIRECTORY, text="x" * 201)
    assert "at most 200 characters" in body["errors"][0]["message"]
