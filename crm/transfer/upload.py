"""importRecords: the command line's import for small files sent by GraphQL clients (base64)."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence

from crm.errors import UserError, UserErrorCode, UserErrors
from crm.resolvers.context import Context
from crm.transfer.importer import (
    CannotImportError,
    ImportFailedError,
    ImportReport,
    Policy,
    import_table,
)
from crm.transfer.mapping import ENTITY_NAMES, MappingError
from crm.transfer.reading import UnreadableFileError, read_table

#: the most file a client may send at once (decoded); larger files: `crm import`
MAX_IMPORT_BYTES = 1024 * 1024


def _content(encoded: str, limit: int) -> bytes:
    # base64 grows a file by a third: refuse before decoding what cannot fit
    if len(encoded) > (limit * 4) // 3 + 4:
        raise UserErrors.one(
            UserErrorCode.VALIDATION,
            f"the file is larger than {limit:,} bytes: use `crm import` for large files",
            ("content",),
        )
    try:
        data = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise UserErrors.one(
            UserErrorCode.VALIDATION, "content must be the file in base64", ("content",)
        ) from None
    if len(data) > limit:
        raise UserErrors.one(
            UserErrorCode.VALIDATION,
            f"the file is larger than {limit:,} bytes: use `crm import` for large files",
            ("content",),
        )
    return data


async def import_records(
    context: Context,
    *,
    entity: str,
    filename: str,
    content: str,
    dry_run: bool,
    on_duplicate: Policy,
    mapping: Sequence[tuple[str, str | None]] = (),
) -> ImportReport:
    # Bulk writes skip the per-row checks of crm.security.writes (a file may update or
    # link records of anyone's): importing is for administrators.
    if not context.signed_in.is_admin:
        raise UserErrors.one(
            UserErrorCode.FORBIDDEN,
            "importing is for administrators: ask one, or create the records one by one",
        )
    limit = min(MAX_IMPORT_BYTES, context.settings.max_request_bytes)
    data = _content(content, limit)
    name = ENTITY_NAMES.get(entity, entity)
    try:
        table = read_table(data, filename)
        return await import_table(
            context.db,
            table,
            name,
            mapping=dict(mapping) or None,
            on_duplicate=on_duplicate,
            dry_run=dry_run,
        )
    except UnreadableFileError as exc:
        raise UserErrors([UserError(UserErrorCode.VALIDATION, str(exc), ("content",))]) from None
    except (CannotImportError, MappingError) as exc:
        raise UserErrors([UserError(UserErrorCode.VALIDATION, str(exc), ("mapping",))]) from None
    except ImportFailedError as exc:
        raise UserErrors(
            [UserError(UserErrorCode.CONFLICT, f"nothing was imported: {exc.report.failure}")]
        ) from None
