"""Checking a request's attribute answers against its service definition.

Every channel sends answers in the same shape (a mapping of attribute code to a value or a list of
values); `attribute_values_clean` returns them normalised for storage or raises
`AttributeValidationError` with one message per attribute, written for the resident.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from civicdesk.catalog.enums import AttributeDatatype
from civicdesk.catalog.models import ServiceAttribute
from civicdesk.core.errors import ApplicationError

STRING_MAX_LENGTH = 255
TEXT_MAX_LENGTH = 4000

JsonValue = str | int | float | list[str]


class AttributeValidationError(ApplicationError):
    code = "invalid_attributes"


def _is_blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (list, tuple, set, frozenset)):
        return all(_is_blank(item) for item in value)
    return False


def _as_list(value: object) -> list[str]:
    if isinstance(value, (list, tuple, set, frozenset)):
        items: Iterable[object] = value
    else:
        items = [value]
    cleaned: list[str] = []
    for item in items:
        text = str(item).strip() if item is not None else ""
        if text and text not in cleaned:
            cleaned.append(text)
    return cleaned


def _label(attribute: ServiceAttribute) -> str:
    return attribute.description.strip() or attribute.code


def _choices_text(attribute: ServiceAttribute) -> str:
    return ", ".join(f"{value.key} ({value.name})" for value in attribute.values.all())


def _clean_number(attribute: ServiceAttribute, value: object) -> int | float:
    if isinstance(value, bool):
        raise ValueError  # noqa: TRY004 - callers turn ValueError into the person-readable message
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValueError from None
    if not number.is_finite():
        raise ValueError
    if number == number.to_integral_value():
        return int(number)
    result = float(number)
    if not math.isfinite(result):
        raise ValueError
    return result


def _clean_datetime(value: object) -> str:
    if isinstance(value, datetime):
        moment = value
    else:
        text = str(value).strip().replace(" ", "T", 1)
        parsed = parse_datetime(text)
        if parsed is None:
            raise ValueError
        moment = parsed
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment.isoformat()


def _clean_one(attribute: ServiceAttribute, raw: object) -> JsonValue:
    datatype = AttributeDatatype(attribute.datatype)
    label = _label(attribute)
    if datatype in {AttributeDatatype.STRING, AttributeDatatype.TEXT}:
        if isinstance(raw, (list, tuple, set, dict)):
            raise AttributeValidationError(_("“%(label)s” takes one answer.") % {"label": label})
        text = str(raw).strip()
        limit = STRING_MAX_LENGTH if datatype == AttributeDatatype.STRING else TEXT_MAX_LENGTH
        if len(text) > limit:
            raise AttributeValidationError(
                _("“%(label)s” can be at most %(limit)d characters long (it has %(length)d).")
                % {"label": label, "limit": limit, "length": len(text)}
            )
        return text
    if datatype == AttributeDatatype.NUMBER:
        try:
            return _clean_number(attribute, raw)
        except ValueError:
            raise AttributeValidationError(
                _("“%(label)s” must be a number, such as 3 or 2.5; “%(value)s” is not.")
                % {"label": label, "value": raw}
            ) from None
    if datatype == AttributeDatatype.DATETIME:
        try:
            return _clean_datetime(raw)
        except ValueError:
            raise AttributeValidationError(
                _(
                    "“%(label)s” must be a date and time, such as 2026-03-14T09:30; "
                    "“%(value)s” is not."
                )
                % {"label": label, "value": raw}
            ) from None
    keys = {value.key for value in attribute.values.all()}
    chosen = _as_list(raw)
    if datatype == AttributeDatatype.SINGLEVALUELIST and len(chosen) > 1:
        raise AttributeValidationError(
            _("Choose only one answer for “%(label)s”.") % {"label": label}
        )
    unknown = [key for key in chosen if key not in keys]
    if unknown:
        raise AttributeValidationError(
            _("“%(value)s” is not a choice for “%(label)s”. Choose from: %(choices)s.")
            % {"value": ", ".join(unknown), "label": label, "choices": _choices_text(attribute)}
        )
    if datatype == AttributeDatatype.SINGLEVALUELIST:
        return chosen[0]
    return chosen


def attribute_values_clean(
    *, attributes: Sequence[ServiceAttribute], values: Mapping[str, Any]
) -> dict[str, JsonValue]:
    """Answers checked against `attributes` (active ones, values prefetched), ready to store.

    Raises `AttributeValidationError` listing every problem at once, keyed by attribute code.
    Blank answers to optional questions are dropped.
    """
    by_code = {attribute.code: attribute for attribute in attributes}
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, JsonValue] = {}
    for code in values:
        attribute = by_code.get(code)
        if attribute is None:
            errors[code] = [_("“%(code)s” is not a question of this service.") % {"code": code}]
        elif not attribute.variable and not _is_blank(values[code]):
            errors[code] = [
                _("“%(code)s” is information only and takes no answer.") % {"code": code}
            ]
    for attribute in attributes:
        if not attribute.variable:
            continue
        raw = values.get(attribute.code)
        if _is_blank(raw):
            if attribute.required:
                errors[attribute.code] = [
                    _("“%(label)s” is required.") % {"label": _label(attribute)}
                ]
            continue
        try:
            cleaned[attribute.code] = _clean_one(attribute, raw)
        except AttributeValidationError as error:
            errors[attribute.code] = [error.message]
    if errors:
        raise AttributeValidationError(_("Some answers need another look."), field_errors=errors)
    return cleaned
