"""Small factories of node and link records for the network tests."""

from __future__ import annotations

from datetime import date

from crm.graph.records import LinkRecord, NodeRecord

TODAY = date(2025, 6, 1)


def person(key: str, label: str | None = None, **attrs: object) -> NodeRecord:
    return NodeRecord(key, "Person", label or key, {"name": label or key, **attrs})


def org(key: str, label: str | None = None, **attrs: object) -> NodeRecord:
    return NodeRecord(key, "Organization", label or key, {"name": label or key, **attrs})


def event(key: str, label: str | None = None, **attrs: object) -> NodeRecord:
    return NodeRecord(key, "Event", label or key, {"name": label or key, **attrs})


def project(key: str, label: str | None = None, **attrs: object) -> NodeRecord:
    return NodeRecord(key, "Project", label or key, {"name": label or key, **attrs})


def relationship(a: str, b: str, strength: float = 0.5, **facts: object) -> LinkRecord:
    facts = {"kind": "friend", "strength": strength, **facts}
    return LinkRecord(a, b, "relationship", facts, key=f"relationship:{a}:{b}:{facts['kind']}")


def affiliation(p: str, o: str, role: str = "member", **facts: object) -> LinkRecord:
    return LinkRecord(
        p, o, "affiliation", {"role": role, **facts}, key=f"affiliation:{p}:{o}:{role}"
    )


def attendance(p: str, e: str, role: str = "guest") -> LinkRecord:
    return LinkRecord(p, e, "attendance", {"role": role}, key=f"attendance:{p}:{e}")


def link(kind: str, a: str, b: str, key: str = "", **facts: object) -> LinkRecord:
    return LinkRecord(a, b, kind, facts, key=key)


def people(*keys: str) -> list[NodeRecord]:
    return [person(k) for k in keys]
