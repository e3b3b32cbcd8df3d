"""Reading Open311 arguments: lenient datetimes, comma lists, attributes in every form clients send.

Every parser raises `Open311Error` with the HTTP status and a sentence naming the argument, which
the view renders as the spec's error document. An empty argument counts as an absent one.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from datetime import date, datetime, time
from typing import Any

from django.http import QueryDict
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime


class Open311Error(Exception):
    """An answer other than success: the HTTP status and one or more descriptions."""

    def __init__(self, status: int, *descriptions: str, retry_after: int | None = None) -> None:
        super().__init__("; ".join(descriptions))
        self.status = status
        self.descriptions = list(descriptions)
        self.retry_after = retry_after


_ATTRIBUTE_KEY = re.compile(r"^attribute\[(?P<code>[^\]]+)\](?P<index>\[\d*\])?$")
# A "+" in an unencoded query string arrives as a space: "…T08:15:30 05:00".
_SPACE_FOR_PLUS = re.compile(r"^(?P<moment>.+\d)\s(?P<offset>\d{2}:?\d{2})$")


def merged(request_query: QueryDict, request_body: QueryDict) -> QueryDict:
    """Query-string and body arguments together (node-open311 sends some on the query string)."""
    params = request_query.copy()
    for key in request_body:
        params.setlist(key, request_body.getlist(key))
    return params


def text(params: QueryDict, name: str) -> str:
    return (params.get(name) or "").strip()


def text_list(params: QueryDict, name: str) -> list[str]:
    """Every value of a repeatable argument (FixMyStreet repeats `media_url`), blanks dropped."""
    return [value.strip() for value in params.getlist(name) if value.strip()]


def csv_list(params: QueryDict, name: str) -> list[str]:
    """`a,b` or a repeated argument; blanks dropped, order kept, duplicates removed."""
    values: list[str] = []
    for raw in params.getlist(name):
        for piece in raw.split(","):
            item = piece.strip()
            if item and item not in values:
                values.append(item)
    return values


def parse_moment(raw: str, *, name: str, end_of_day: bool = False) -> datetime:
    """A W3C/ISO 8601 datetime, read leniently.

    Accepts `T` or a space between date and time, fractional seconds, `Z` or an offset, and a
    bare date (the start, or with `end_of_day` the last second, of that day). A value without an
    offset is read in the city's time zone (TIME_ZONE), as the API documentation says.
    """
    value = raw.strip()
    plus_fix = _SPACE_FOR_PLUS.match(value)
    if plus_fix and ("T" in value or value.count(" ") > 1):
        value = f"{plus_fix['moment']}+{plus_fix['offset']}"
    moment: datetime | None = None
    try:
        moment = parse_datetime(value.replace(" ", "T", 1))
        if moment is None:
            day: date | None = parse_date(value)
            if day is not None:
                moment = datetime.combine(day, time.max if end_of_day else time.min)
    except ValueError:
        moment = None
    if moment is None:
        raise Open311Error(
            400,
            f"{name} must be a W3C datetime such as 2024-05-01T08:15:30-05:00; “{raw}” is not.",
        )
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def optional_moment(params: QueryDict, name: str, *, end_of_day: bool = False) -> datetime | None:
    value = text(params, name)
    return parse_moment(value, name=name, end_of_day=end_of_day) if value else None


def optional_float(params: QueryDict, name: str) -> float | None:
    value = text(params, name)
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not math.isfinite(number):
        raise Open311Error(400, f"{name} must be a decimal number; “{value}” is not.")
    return number


def optional_int(params: QueryDict, name: str, *, minimum: int, maximum: int) -> int | None:
    value = text(params, name)
    if not value:
        return None
    if not value.isdigit() or not (minimum <= int(value) <= maximum):
        raise Open311Error(
            400, f"{name} must be a whole number from {minimum} to {maximum}; “{value}” is not."
        )
    return int(value)


def flag(params: QueryDict, name: str) -> bool:
    return text(params, name).lower() in {"true", "1", "yes", "on"}


def attributes(params: QueryDict, multi_value_codes: Iterable[str] = ()) -> dict[str, Any]:
    """`attribute[CODE]=v`, `attribute[CODE][]=v1&attribute[CODE][]=v2`, repeated
    `attribute[CODE]`, and a comma list inside one value for the codes in `multi_value_codes`.
    """
    multi = set(multi_value_codes)
    answers: dict[str, list[str]] = {}
    listed: set[str] = set()
    for key in params:
        match = _ATTRIBUTE_KEY.match(key)
        if match is None:
            continue
        answers.setdefault(match["code"], []).extend(params.getlist(key))
        if match["index"]:
            listed.add(match["code"])
    cleaned: dict[str, Any] = {}
    for code, values in answers.items():
        if code in multi:
            cleaned[code] = [item.strip() for value in values for item in value.split(",")]
        elif len(values) == 1 and code not in listed:
            cleaned[code] = values[0]
        else:
            cleaned[code] = values
    return cleaned


def attribute_codes_with_commas(params: QueryDict) -> bool:
    return any(
        _ATTRIBUTE_KEY.match(key) and any("," in value for value in params.getlist(key))
        for key in params
    )


def normalize_newlines(value: str) -> str:
    return value.replace("\r\n", "\n").replace("\r", "\n")
