"""What a resolver of the schema receives: strawberry's Info over our typed Context."""

from __future__ import annotations

from strawberry.types import Info as StrawberryInfo

from crm.resolvers.context import Context

Info = StrawberryInfo[Context, None]
