"""The graph revision and the log of changes to the network since each revision."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint
from sqlmodel import Field, SQLModel

from crm.db.enums import ChangeOp
from crm.db.types import UTCDateTime, enum_column, utcnow


class DataState(SQLModel, table=True):
    """A single row holding the data revision: it moves with every committed transaction
    that wrote anything (crm/db/data_revision.py), so a response cached at one revision
    is still the answer while the revision has not moved, on every worker."""

    __tablename__ = "data_state"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: int = Field(default=1, primary_key=True)
    revision: int = Field(default=0)


class GraphState(SQLModel, table=True):
    """A single row holding the current graph revision.

    Writers bump it with UPDATE … RETURNING inside their transaction; the row lock
    orders concurrent writers, so revisions commit in increasing order.
    """

    __tablename__ = "graph_state"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: int = Field(default=1, primary_key=True)
    revision: int = Field(default=0)


class GraphChange(SQLModel, table=True):
    """One changed node or link, so a cached graph can catch up instead of rebuilding."""

    __tablename__ = "graph_change"

    id: int | None = Field(default=None, primary_key=True)
    revision: int = Field(index=True)
    #: table name of the changed row ("relationship", "person", …)
    entity: str = Field(max_length=50)
    entity_id: int
    op: ChangeOp = Field(sa_column=enum_column(ChangeOp))
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
