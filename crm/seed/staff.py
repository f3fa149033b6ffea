"""The demo's staff accounts: an administrator, two liaison officers and an analyst."""

from __future__ import annotations

from dataclasses import dataclass

from crm.db.enums import UserRole
from crm.db.models import User
from crm.seed.plan import Plan, Ref

__all__ = ["Staff", "build_staff"]


@dataclass(frozen=True)
class Staff:
    admin: Ref
    liaison_fuzhou: Ref
    liaison_beijing: Ref
    analyst: Ref

    @property
    def liaisons(self) -> tuple[Ref, Ref]:
        return self.liaison_fuzhou, self.liaison_beijing


def build_staff(plan: Plan) -> Staff:
    """Add the staff accounts (no passwords: set one with the `crm user` command)."""

    def user(username: str, display_name: str, role: UserRole) -> Ref:
        return plan.add(
            User,
            username=username,
            display_name=display_name,
            role=role,
            email=f"{username}@example.org",
            password_hash=None,
            is_active=True,
        )

    return Staff(
        admin=user("admin", "Administrator", UserRole.ADMIN),
        liaison_fuzhou=user(
            "liaison.fuzhou", "林晓雯 Lin Xiaowen (Fuzhou liaison)", UserRole.LIAISON
        ),
        liaison_beijing=user(
            "liaison.beijing", "王立群 Wang Liqun (Beijing liaison)", UserRole.LIAISON
        ),
        analyst=user("analyst", "陈思远 Chen Siyuan (analyst)", UserRole.ANALYST),
    )
