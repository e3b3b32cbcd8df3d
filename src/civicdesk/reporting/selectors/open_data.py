"""The open-data rows: every request's public fields."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from civicdesk.reporting.selectors._base import (
    CLOSED_STATUS_VALUES,
    MetricFilters,
    service_request_list_matching,
)

# --- Open data ----------------------------------------------------------------------------------

OPEN_DATA_COLUMNS = (
    "service_request_id",
    "requested_datetime",
    "updated_datetime",
    "closed_datetime",
    "status",
    "open311_status",
    "service_code",
    "service_name",
    "department_code",
    "department_name",
    "channel",
    "district",
    "zip_code",
    "latitude",
    "longitude",
    "sla_due_datetime",
    "duplicate_of",
)
OPEN_DATA_COORDINATE_DECIMALS = 4
_OPEN_DATA_FIELDS = (
    "public_id",
    "created_at",
    "updated_at",
    "closed_at",
    "status",
    "service__code",
    "service__name",
    "department__code",
    "department__name",
    "channel",
    "district",
    "zip_code",
    "latitude",
    "longitude",
    "sla_due_at",
    "duplicate_of__public_id",
)
OPEN_DATA_CHUNK_SIZE = 2000


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def open_data_rows(*, filters: MetricFilters) -> Iterator[dict[str, Any]]:
    """Every matching request's public fields, oldest first, in one streamed query.

    No requester, contact details, description, answers or street address: free text and
    addresses can identify a resident. Coordinates are rounded to about ten metres.
    """
    rows = (
        service_request_list_matching(filters=filters)
        .order_by("created_at", "pk")
        .values_list(*_OPEN_DATA_FIELDS)
        .iterator(chunk_size=OPEN_DATA_CHUNK_SIZE)
    )
    closed = set(CLOSED_STATUS_VALUES)
    for (
        public_id,
        created_at,
        updated_at,
        closed_at,
        status,
        service_code,
        service_name,
        department_code,
        department_name,
        channel,
        district,
        zip_code,
        latitude,
        longitude,
        sla_due_at,
        duplicate_of,
    ) in rows:
        yield {
            "service_request_id": public_id,
            "requested_datetime": _iso(created_at),
            "updated_datetime": _iso(updated_at),
            "closed_datetime": _iso(closed_at),
            "status": status,
            "open311_status": "closed" if status in closed else "open",
            "service_code": service_code,
            "service_name": service_name,
            "department_code": department_code,
            "department_name": department_name,
            "channel": channel,
            "district": district,
            "zip_code": zip_code,
            "latitude": (
                round(latitude, OPEN_DATA_COORDINATE_DECIMALS) if latitude is not None else None
            ),
            "longitude": (
                round(longitude, OPEN_DATA_COORDINATE_DECIMALS) if longitude is not None else None
            ),
            "sla_due_datetime": _iso(sla_due_at),
            "duplicate_of": duplicate_of,
        }
