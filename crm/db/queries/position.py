"""SQL conditions for finding positions (job demands)."""

from __future__ import annotations

from crm.db import models
from crm.db.queries.common import table_of

position = table_of(models.Position)
application = table_of(models.Application)
