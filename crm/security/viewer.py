"""Who is asking: the signed-in staff user (or the command line) and what their role allows.

This is the one place the role matrix lives (docs/security.md shows it as a table):
every list, loader, `node`, search, analysis result and write asks the viewer, never
the role directly.

- ADMIN: reads and writes everything, sees every contact channel.
- LIAISON: reads every record type but the audit log; sees the contact channels of
  the people they own or an administrator shared with them; writes what they own
  (or was shared with them) and the links of those records.
- ANALYST: reads every record type but the audit log, no contact channels; runs the
  analysis; writes nothing.
- APP: reads the types (and fields) its token's scopes name, contact channels only
  when a scope names them (`Person.email`); writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from crm.db.enums import UserRole

#: the fields of Person that hold contact channels (personal data, read access audited)
CONTACT_FIELDS: frozenset[str] = frozenset({"email", "phone", "wechat"})

#: record types only administrators read
ADMIN_ONLY_TYPES: frozenset[str] = frozenset({"AuditEntry"})


@dataclass(frozen=True)
class Viewer:
    """The caller of one request. `user_id` is None for the command line (`crm …`)."""

    user_id: int | None
    username: str
    role: UserRole
    #: for APP tokens: the GraphQL types ("Person") and fields ("Person.email") it may read
    scopes: frozenset[str] = field(default_factory=frozenset)
    #: the API token the request came with (None for the command line)
    token_id: int | None = None

    # -- who ---------------------------------------------------------------------------

    @property
    def label(self) -> str:
        """How the audit log names the caller."""
        return self.username

    @property
    def is_admin(self) -> bool:
        return self.role is UserRole.ADMIN

    @property
    def is_app(self) -> bool:
        return self.role is UserRole.APP

    # -- reads -------------------------------------------------------------------------

    def can_read_type(self, type_name: str) -> bool:
        """May the caller see records of this GraphQL type at all?"""
        if self.is_admin:
            return True
        if type_name in ADMIN_ONLY_TYPES:
            return False
        if self.is_app:
            return type_name in self.scopes or any(
                s.startswith(type_name + ".") for s in self.scopes
            )
        return True

    def can_read_field(self, type_name: str, field_name: str) -> bool:
        """May an APP token select this field? (Other roles: every field of a type they
        read; contact channels are decided per person by `sees_contacts_of`.)"""
        if not self.is_app:
            return True
        if f"{type_name}.{field_name}" in self.scopes:
            return True
        if type_name == "Person" and field_name in CONTACT_FIELDS:
            return False
        narrowed = any(s.startswith(type_name + ".") for s in self.scopes)
        return type_name in self.scopes and not narrowed

    def sees_contacts_of(self, owner_id: int | None, shared: bool) -> bool:
        """May the caller read this person's email, phone and WeChat?"""
        match self.role:
            case UserRole.ADMIN:
                return True
            case UserRole.LIAISON:
                return shared or (owner_id is not None and owner_id == self.user_id)
            case UserRole.APP:
                return bool(CONTACT_FIELDS & {s.removeprefix("Person.") for s in self.scopes})
            case _:
                return False

    @property
    def may_analyse(self) -> bool:
        """Network analysis (paths, connectors, influencers, communities…)."""
        if self.is_app:
            return self.can_read_type("Person")
        return True

    @property
    def may_run_analysis(self) -> bool:
        """Start a background analysis now (`runAnalysis`): administrators and analysts."""
        return self.role in (UserRole.ADMIN, UserRole.ANALYST)

    # -- writes ------------------------------------------------------------------------

    @property
    def may_write(self) -> bool:
        """Does the role write at all? (Which records: crm.security.writes.)"""
        return self.role in (UserRole.ADMIN, UserRole.LIAISON)

    def owns(self, owner_id: int | None) -> bool:
        return owner_id is not None and owner_id == self.user_id


#: the command line (`crm import`, `crm purge`, …): the operator of the machine
COMMAND_LINE = Viewer(user_id=None, username="cli", role=UserRole.ADMIN)
