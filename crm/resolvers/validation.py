"""Input checks shared by every write: collects every user error, not just the first.

A use case receives its input as a mapping of the fields the client sent (an update
changes only those); a field left out is not in the mapping, a field sent as null is
there with None.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from crm.errors import UserError, UserErrorCode, UserErrors
from crm.reference.country import COUNTRY_HINT, country_code
from crm.resolvers.ids import RecordId, record_key
from crm.wording import with_article

T = TypeVar("T")
#: a write's input as plain values: the fields the client sent
Data = Mapping[str, Any]
#: the records an input names: field (python name) → (key, model)
References = Mapping[str, tuple[int | None, type[Any]]]

_CURRENCY = re.compile(r"^[A-Z]{3}$")


def camel(name: str) -> str:
    """An input field's GraphQL name (birth_year → birthYear)."""
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


class Validator:
    """Cleans input values and records a UserError for each bad one."""

    def __init__(self) -> None:
        self.errors: list[UserError] = []

    def fail(
        self, field: str, message: str, code: UserErrorCode = UserErrorCode.VALIDATION
    ) -> None:
        self.errors.append(UserError(code, message, (field,)))

    def check(self) -> None:
        if self.errors:
            raise UserErrors(list(self.errors))

    def text(
        self, field: str, value: str | None, *, max_length: int, required: bool = False
    ) -> str | None:
        """Trimmed text; blank becomes None (an error when required)."""
        cleaned = value.strip() if isinstance(value, str) else None
        if not cleaned:
            if required:
                self.fail(field, f"{field} is required")
            return None
        if len(cleaned) > max_length:
            self.fail(field, f"{field} is longer than {max_length} characters")
        return cleaned

    def texts(self, field: str, values: list[str] | None, *, max_length: int) -> list[str]:
        """A list of short texts, trimmed, blanks and repeats dropped, order kept."""
        cleaned: list[str] = []
        for value in values or []:
            item = self.text(field, value, max_length=max_length)
            if item and item not in cleaned:
                cleaned.append(item)
        return cleaned

    def email(self, field: str, value: str | None) -> str | None:
        value = self.text(field, value, max_length=254)
        if value is None:
            return None
        try:
            return validate_email(value, check_deliverability=False).normalized
        except EmailNotValidError as exc:
            self.fail(field, f"not a valid email address: {exc}")
            return None

    def phone(self, field: str, value: str | None) -> str | None:
        """A phone number in E.164 (+8613800000000); national numbers need a + prefix."""
        value = self.text(field, value, max_length=40)
        if value is None:
            return None
        try:
            number = phonenumbers.parse(value, None)
        except phonenumbers.NumberParseException:
            self.fail(field, "not a phone number: write it with + and the country code")
            return None
        if not phonenumbers.is_valid_number(number):
            self.fail(field, "not a valid phone number for its country")
            return None
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)

    def country(self, field: str, value: str | None) -> str | None:
        """The ISO 3166-1 alpha-2 code of a country written as a code or a name (英国, UK)."""
        value = self.text(field, value, max_length=100)
        if value is None:
            return None
        code = country_code(value)
        if code is None:
            self.fail(field, f"{value!r} is not a country: write {COUNTRY_HINT}")
        return code

    def currency(self, field: str, value: str | None) -> str:
        code = (value or "CNY").strip().upper()
        if not _CURRENCY.match(code):
            self.fail(field, "use a three-letter ISO currency code such as CNY or USD")
        return code

    def amount(self, field: str, value: Decimal | None) -> Decimal | None:
        if value is None:
            return None
        try:
            if value < 0:
                self.fail(field, "an amount cannot be negative")
            if value >= Decimal("1e16"):
                self.fail(field, "the amount is too large")
            return value.quantize(Decimal("0.01"))
        except InvalidOperation:
            self.fail(field, "not an amount")
            return None

    def between(self, field: str, value: T | None, low: Any, high: Any, message: str) -> T | None:
        if value is not None and not (low <= value <= high):
            self.fail(field, message)
        return value

    def dates_ordered(
        self, start_field: str, start: date | None, end_field: str, end: date | None
    ) -> None:
        if start is not None and end is not None and end < start:
            self.fail(end_field, f"{end_field} is before {start_field}")

    def reference(self, field: str, value: RecordId | None, *types: str) -> int | None:
        """The key behind a global ID, checking it names a record of one of `types`."""
        if value is None:
            return None
        if value.type_name not in types:
            expected = " or ".join(types)
            self.fail(
                field,
                f"{field} must be the ID of {with_article(expected)}, "
                f"not of {with_article(value.type_name)}",
            )
            return None
        try:
            return record_key(value.node_id)
        except ValueError:
            self.fail(field, f"{field} is not a valid ID")
            return None

    # -- many fields at once ------------------------------------------------------------

    def texts_of(self, data: Data, values: dict[str, Any], **lengths: int) -> None:
        """Each text column sent, trimmed and checked against its length."""
        for column, length in lengths.items():
            if column in data:
                values[column] = self.text(camel(column), data[column], max_length=length)

    def required_texts_of(self, data: Data, values: dict[str, Any], **lengths: int) -> None:
        """Each text column sent that may not be blank (a name, a title), as texts_of."""
        for column, length in lengths.items():
            if column in data:
                values[column] = self.text(
                    camel(column), data[column], max_length=length, required=True
                )

    def money_of(self, data: Data, values: dict[str, Any], *amounts: str) -> None:
        """Each amount column sent (not negative) and the `currency` they are in."""
        for column in amounts:
            if column in data:
                values[column] = self.amount(camel(column), data[column])
        if "currency" in data:
            values["currency"] = self.currency("currency", data["currency"])

    def required_of(self, data: Data, values: dict[str, Any], *columns: str) -> None:
        """Columns that may be left out of an update but not cleared (kinds, stages)."""
        for column in columns:
            if column in data:
                if data[column] is None:
                    self.fail(camel(column), f"{camel(column)} is required")
                values[column] = data[column]

    def references_of(self, data: Data, wanted: Mapping[str, type[Any]]) -> References:
        """The records the sent reference fields name (`owner` → its User's key), each
        checked to be the ID of its model's type."""
        return {
            field: (self.reference(camel(field), data[field], model.__name__), model)
            for field, model in wanted.items()
            if field in data
        }


def copy_of(data: Data, values: dict[str, Any], *columns: str) -> None:
    """Columns taken as sent (dates, flags, enums that may be cleared)."""
    for column in columns:
        if column in data:
            values[column] = data[column]


def cleaned(
    data: Data,
    values_of: Callable[[Validator, Data], dict[str, Any]],
    references: Mapping[str, type[Any]] | None = None,
) -> tuple[dict[str, Any], References]:
    """A write's column values (`values_of`, then the keys of the records it names) and
    those records; UserErrors with every error found, if any."""
    v = Validator()
    values, refs = values_of(v, data), v.references_of(data, references or {})
    v.check()
    values.update(reference_columns(refs))
    return values, refs


def reference_columns(references: References) -> dict[str, int | None]:
    """The foreign-key columns of the references (`owner` → `owner_id`)."""
    return {f"{field}_id": key for field, (key, _) in references.items()}
