"""The first/after/last/before arguments every list takes."""

from __future__ import annotations

from dataclasses import dataclass

from crm.db.queries.paging import PageRequest
from crm.resolvers.context import Info
from crm.resolvers.paging import page_request


@dataclass(frozen=True)
class PageArgs:
    first: int | None = None
    after: str | None = None
    last: int | None = None
    before: str | None = None

    def request(self, info: Info) -> PageRequest:
        return page_request(
            first=self.first,
            after=self.after,
            last=self.last,
            before=self.before,
            max_page_size=info.context.settings.max_page_size,
        )
