"""What the API says about each object, field by field, in the spec's order.

Each record is declared once as a list of `Field`s: the name, its JSON Schema (OpenAPI 3.0) and
how to read it. The views build responses from these lists and `schema.py` builds the OpenAPI
components from the same lists, so the published schema cannot drift from what is served.
Nothing here reads a requester, an assignee or an internal note: no personal data leaves the API.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils import timezone

from civicdesk.catalog.models import Service, ServiceAttribute
from civicdesk.open311.selectors import PublicEvent, PublicMedia, PublicRequest
from civicdesk.service_requests.enums import EventType, Status
from civicdesk.service_requests.workflow import CLOSED_STATUSES

STRING: dict[str, Any] = {"type": "string"}
NULLABLE_STRING: dict[str, Any] = {"type": "string", "nullable": True}
DATETIME: dict[str, Any] = {"type": "string", "format": "date-time"}
NULLABLE_DATETIME: dict[str, Any] = {"type": "string", "format": "date-time", "nullable": True}
NULLABLE_NUMBER: dict[str, Any] = {"type": "number", "nullable": True}
BOOLEAN: dict[str, Any] = {"type": "boolean"}


@dataclass(frozen=True)
class Field:
    name: str
    schema: dict[str, Any]
    description: str
    read: Callable[[Any, Any], Any]


def w3c(moment: datetime | None) -> str | None:
    """`2024-05-01T08:15:30-05:00`: the city's offset, whole seconds, as validators demand."""
    if moment is None:
        return None
    return moment.astimezone(timezone.get_default_timezone()).isoformat(timespec="seconds")


def _or_none(value: str) -> str | None:
    return value if value else None


def record(fields: Sequence[Field], obj: Any, context: Any = None) -> dict[str, Any]:
    return {field.name: field.read(obj, context) for field in fields}


def object_schema(fields: Sequence[Field], *, required: Sequence[str] = ()) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": "object",
        "properties": {
            field.name: {**field.schema, "description": field.description} for field in fields
        },
    }
    if required:
        schema["required"] = list(required)
    return schema


# --- Services ------------------------------------------------------------------------------------


def _service_has_metadata(service: Service, _context: Any) -> bool:
    attributes = getattr(service, "active_attributes", None)
    if attributes is None:
        return service.attributes.filter(is_active=True).exists()
    return bool(attributes)


def _localized(service: Service, name: str) -> str:
    """`name` of the service in the requested locale (see `locale_translations`), else as is."""
    for translation in getattr(service, "locale_translations", ()):
        text = getattr(translation, name)
        if text:
            return str(text)
    return str(getattr(service, name))


SERVICE_FIELDS: list[Field] = [
    Field("service_code", STRING, "Unique id of the service.", lambda s, _c: s.code),
    Field("service_name", STRING, "Human-readable name.", lambda s, _c: _localized(s, "name")),
    Field(
        "description",
        NULLABLE_STRING,
        "What to report here.",
        lambda s, _c: _localized(s, "description"),
    ),
    Field(
        "metadata",
        BOOLEAN,
        "true when the service has a definition (questions) to fetch first.",
        _service_has_metadata,
    ),
    Field(
        "type",
        {"type": "string", "enum": ["realtime", "batch", "blackbox"]},
        "realtime answers a POST with the request id, batch with a token.",
        lambda s, _c: s.type,
    ),
    Field(
        "keywords",
        NULLABLE_STRING,
        "Comma-separated tags and synonyms.",
        lambda s, _c: _localized(s, "keywords"),
    ),
    Field(
        "group",
        NULLABLE_STRING,
        "The category it is listed under.",
        lambda s, _c: _localized(s, "group"),
    ),
]
SERVICE_REQUIRED = ["service_code", "service_name", "metadata", "type"]


def _texts(attribute: ServiceAttribute, context: Any) -> dict[str, Any]:
    """The translated texts of `attribute` (`context` is a translation's `attribute_texts`)."""
    if not context:
        return {}
    texts = context.get(attribute.code)
    return texts if isinstance(texts, dict) else {}


def _values(attribute: ServiceAttribute, context: Any) -> list[dict[str, str]]:
    names = _texts(attribute, context).get("values") or {}
    return [
        {"key": value.key, "name": str(names.get(value.key) or value.name)}
        for value in attribute.values.all()
    ]


VALUE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["key", "name"],
    "properties": {
        "key": {"type": "string", "description": "What a client submits."},
        "name": {"type": "string", "description": "What a person reads."},
    },
}

ATTRIBUTE_FIELDS: list[Field] = [
    Field(
        "variable",
        BOOLEAN,
        "false for information shown to the person, which takes no answer.",
        lambda a, _c: a.variable,
    ),
    Field("code", STRING, "Unique id of the question.", lambda a, _c: a.code),
    Field(
        "datatype",
        {
            "type": "string",
            "enum": ["string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"],
        },
        "The kind of answer.",
        lambda a, _c: a.datatype,
    ),
    Field("required", BOOLEAN, "Whether a POST must answer it.", lambda a, _c: a.required),
    Field(
        "datatype_description",
        NULLABLE_STRING,
        "Help for the answer.",
        lambda a, c: _or_none(
            str(_texts(a, c).get("datatype_description") or a.datatype_description)
        ),
    ),
    Field("order", {"type": "integer"}, "Display order; 1 first.", lambda a, _c: a.order),
    Field(
        "description",
        NULLABLE_STRING,
        "The question.",
        lambda a, c: str(_texts(a, c).get("description") or a.description),
    ),
    Field(
        "values",
        {"type": "array", "items": VALUE_SCHEMA},
        "Choices, for the list datatypes.",
        _values,
    ),
]
ATTRIBUTE_REQUIRED = ["variable", "code", "datatype", "required"]


def service_definition_record(
    service: Service, attribute_texts: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The definition; `attribute_texts` (a `ServiceTranslation`'s) words it in a locale."""
    attributes = getattr(service, "active_attributes", None)
    if attributes is None:
        attributes = list(service.attributes.filter(is_active=True).prefetch_related("values"))
    return {
        "service_code": service.code,
        "attributes": [
            record(ATTRIBUTE_FIELDS, attribute, attribute_texts) for attribute in attributes
        ],
    }


# --- Service requests ----------------------------------------------------------------------------


@dataclass(frozen=True)
class RequestContext:
    """What a request record needs beyond the row: how to turn a stored file into a URL."""

    media_url: Callable[[str], str]
    extensions: bool = False


_CLOSED = frozenset(status.value for status in CLOSED_STATUSES)


def _media_url(media: PublicMedia, context: RequestContext) -> str:
    """A link given by the client as it was given; a stored photo's absolute URL."""
    return media.external_url or context.media_url(media.file)


def media_urls(service_request: PublicRequest, context: RequestContext) -> list[str]:
    return [_media_url(media, context) for media in service_request.media]


def _updated(service_request: PublicRequest) -> datetime:
    if service_request.status in _CLOSED and service_request.closed_at is not None:
        return service_request.closed_at
    return service_request.updated_at


def _first_media(service_request: PublicRequest, context: RequestContext) -> str | None:
    if not service_request.media:
        return None
    return _media_url(service_request.media[0], context)


REQUEST_FIELDS: list[Field] = [
    Field("service_request_id", STRING, "The request number.", lambda r, _c: r.public_id),
    Field(
        "status",
        {"type": "string", "enum": ["open", "closed"]},
        "open or closed; extensions=true gives the detailed status.",
        lambda r, _c: "closed" if r.status in _CLOSED else "open",
    ),
    Field("status_notes", NULLABLE_STRING, "Not published; always null.", lambda _r, _c: None),
    Field("service_name", NULLABLE_STRING, "The service's name.", lambda r, _c: r.service_name),
    Field("service_code", STRING, "The service's code.", lambda r, _c: r.service_code),
    Field(
        "description",
        {"type": "string", "nullable": True, "maxLength": 4000},
        "What the resident reported.",
        lambda r, _c: _or_none(r.description),
    ),
    Field(
        "agency_responsible",
        NULLABLE_STRING,
        "The department that owns it.",
        lambda r, _c: r.department_name,
    ),
    Field("service_notice", NULLABLE_STRING, "Not used; always null.", lambda _r, _c: None),
    Field("requested_datetime", DATETIME, "When it was filed.", lambda r, _c: w3c(r.created_at)),
    Field(
        "updated_datetime",
        NULLABLE_DATETIME,
        "Last change; when closed, the close time.",
        lambda r, _c: w3c(_updated(r)),
    ),
    Field(
        "expected_datetime",
        NULLABLE_DATETIME,
        "When the city expects to be done (its service level target).",
        lambda r, _c: w3c(r.expected_at),
    ),
    Field("address", NULLABLE_STRING, "Where, in words.", lambda r, _c: _or_none(r.address)),
    Field(
        "address_id",
        NULLABLE_STRING,
        "The city's address-point id.",
        lambda r, _c: _or_none(r.address_id),
    ),
    Field("zipcode", NULLABLE_STRING, "Postal code.", lambda r, _c: _or_none(r.zip_code)),
    Field("lat", NULLABLE_NUMBER, "Latitude, WGS 84.", lambda r, _c: r.latitude),
    Field("long", NULLABLE_NUMBER, "Longitude, WGS 84.", lambda r, _c: r.longitude),
    Field(
        "media_url",
        {"type": "string", "format": "uri", "nullable": True},
        "The first public photo: an uploaded one, else the link the client gave.",
        _first_media,
    ),
]
REQUEST_REQUIRED = ["service_request_id", "status", "service_code", "requested_datetime"]

NOTE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "datetime": DATETIME,
        "description": NULLABLE_STRING,
        "type": {"type": "string", "enum": ["submitted", "opened", "closed", "activity"]},
        "summary": STRING,
    },
}

EXTENDED_ATTRIBUTES_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "channel": {**STRING, "description": "How it reached the city (web, app, phone…)."},
        "detailed_status": {**STRING, "description": "The internal workflow status."},
        "district": {**NULLABLE_STRING, "description": "The district (ward) it lies in."},
        "ward": {**NULLABLE_STRING, "description": "The same as district, Chicago's word."},
        "duplicate": {**BOOLEAN, "description": "true when closed as a duplicate."},
        "parent_service_request_id": {
            **NULLABLE_STRING,
            "description": "The request it duplicates.",
        },
        "media_urls": {"type": "array", "items": {"type": "string", "format": "uri"}},
    },
}


def _note_type(event: PublicEvent) -> str:
    if event.event_type == EventType.CREATED:
        return "submitted"
    if event.event_type == EventType.STATUS_CHANGED and event.to_status:
        return "closed" if Status(event.to_status) in CLOSED_STATUSES else "opened"
    return "activity"


def _note(event: PublicEvent) -> dict[str, Any]:
    return {
        "datetime": w3c(event.occurred_at),
        "description": _or_none(event.note),
        "type": _note_type(event),
        "summary": str(EventType(event.event_type).label)
        if event.event_type in EventType.values
        else event.event_type,
    }


def request_record(service_request: PublicRequest, context: RequestContext) -> dict[str, Any]:
    data = record(REQUEST_FIELDS, service_request, context)
    if context.extensions:
        data["extended_attributes"] = {
            "channel": service_request.channel,
            "detailed_status": service_request.status,
            "district": _or_none(service_request.district),
            "ward": _or_none(service_request.district),
            "duplicate": service_request.status == Status.CLOSED_DUPLICATE,
            "parent_service_request_id": service_request.parent_public_id,
            "media_urls": media_urls(service_request, context),
        }
        data["notes"] = [_note(event) for event in service_request.events]
    return data


# --- mySociety's service request updates ---------------------------------------------------------

FMS_STATUS: dict[str, str] = {
    Status.NEW: "open",
    Status.ACKNOWLEDGED: "investigating",
    Status.IN_PROGRESS: "in_progress",
    Status.ON_HOLD: "action_scheduled",
    Status.RESOLVED: "fixed",
    Status.CLOSED: "closed",
    Status.CLOSED_DUPLICATE: "duplicate",
    Status.CANCELLED: "cancelled",
    Status.REFERRED: "not_councils_responsibility",
}

UPDATE_FIELDS: list[Field] = [
    Field("update_id", STRING, "Unique id of this update.", lambda e, _c: str(e.pk)),
    Field(
        "service_request_id",
        STRING,
        "The request it concerns.",
        lambda e, _c: e.service_request.public_id,
    ),
    Field(
        "status",
        {"type": "string", "enum": sorted(set(FMS_STATUS.values()))},
        "FixMyStreet's lower-case extended status after this update.",
        lambda e, _c: FMS_STATUS.get(e.to_status or e.service_request.status, "open"),
    ),
    Field("updated_datetime", DATETIME, "When it happened.", lambda e, _c: w3c(e.occurred_at)),
    Field(
        "description",
        NULLABLE_STRING,
        "The public note, if any.",
        lambda e, _c: _or_none(e.note) or str(EventType(e.event_type).label),
    ),
    Field("media_url", NULLABLE_STRING, "Not used; always null.", lambda _e, _c: None),
    Field(
        "external_status_code",
        NULLABLE_STRING,
        "The internal workflow status.",
        lambda e, _c: e.to_status or None,
    ),
]
