"""What the partial-results field guards (crm/security/gate.py `guard_fields`) cost an
ordinary request, in-process on SQLite.

    .venv/bin/python bench/field_guards.py [--rounds 20] [--people 100]

Seeds a scratch database (people with an affiliation each), then asks an
administrator's page of people with their affiliations, alternating rounds with the
guards in place and with the resolvers they wrap put back, and prints the CPU time per
request (process time, so other processes' load counts less) of each.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx
from graphql import GraphQLObjectType, GraphQLSchema

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests.accounts

from crm.app import create_app
from crm.db import migrate
from crm.db.enums import AffiliationRole, OrganizationKind
from crm.db.models import Affiliation, Organization, Person
from crm.settings import Settings

QUERY = """{ people(first: 100) { totalCount edges { cursor node { id name nameLatin country
  city version gender birthYear affiliations(first: 3) { totalCount edges { node { role
  organization { name } } } } } } } }"""


def swap_guards(schema: GraphQLSchema, saved: dict[tuple[str, str], object]) -> None:
    """Take the guards out (keeping them in `saved`), or put them back."""
    for graphql_type in schema.type_map.values():
        if not isinstance(graphql_type, GraphQLObjectType):
            continue
        for name, field in graphql_type.fields.items():
            key = (graphql_type.name, name)
            if key in saved:
                field.resolve = saved.pop(key)  # type: ignore[assignment]
            elif hasattr(field.resolve, "__wrapped__"):
                saved[key] = field.resolve
                field.resolve = field.resolve.__wrapped__


async def main(rounds: int, people: int, url: str) -> None:
    from crm.schema.schema import schema
    from tests.accounts import admin_headers

    app = create_app(Settings(database_url=url, response_cache_size=0))
    async with app.router.lifespan_context(app):
        factory = app.state.session_factory
        async with factory() as session, session.begin():
            org = Organization(name="牛津大学中国校友会", kind=next(iter(OrganizationKind)))
            session.add(org)
            await session.flush()
            for i in range(people):
                person = Person(name=f"陈{i}", country="GB")
                session.add(person)
                await session.flush()
                role = AffiliationRole.MEMBER
                session.add(Affiliation(person_id=person.id, organization_id=org.id, role=role))
        headers = await admin_headers(factory)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://crm", headers=headers
        ) as client:
            for _ in range(5):
                await client.post("/graphql", json={"query": QUERY})
            times: dict[bool, list[float]] = {True: [], False: []}
            saved: dict[tuple[str, str], object] = {}
            for _ in range(rounds):
                for guarded in (True, False):
                    if not guarded:
                        swap_guards(schema._schema, saved)
                    for _ in range(5):
                        started = time.process_time()
                        response = await client.post("/graphql", json={"query": QUERY})
                        times[guarded].append(time.process_time() - started)
                        assert "errors" not in response.json()
                    if not guarded:
                        swap_guards(schema._schema, saved)
        guarded_fields = sum(
            hasattr(f.resolve, "__wrapped__")
            for t in schema._schema.type_map.values()
            if isinstance(t, GraphQLObjectType)
            for f in t.fields.values()
        )
        print(f"{guarded_fields} guarded fields; {people} people, {rounds * 5} requests each")
        for guarded, label in ((True, "with guards"), (False, "without")):
            runs = times[guarded]
            print(
                f"{label:12} CPU median {statistics.median(runs) * 1000:.2f} ms, "
                f"min {min(runs) * 1000:.2f} ms"
            )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--people", type=int, default=100)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        database = Settings(database_url=f"sqlite:///{Path(folder) / 'bench.sqlite3'}").database_url
        migrate.upgrade(database)
        asyncio.run(main(arguments.rounds, arguments.people, database))
