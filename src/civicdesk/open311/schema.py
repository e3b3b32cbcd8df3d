"""The OpenAPI 3 description of the API, generated from the code that serves it.

Paths come from `ENDPOINTS`, which names each resource with its arguments; response bodies come
from the record field lists in `records.py` that the views render from. Each resource appears
once per format (`.json`, `.xml`), so the document states exactly which content type each URL
returns. Served at /api/schema/ (JSON; `?format=yaml` is not offered, JSON is valid YAML).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

from civicdesk.open311 import records, selectors
from civicdesk.open311.documents import JSON_CONTENT_TYPE, XML_CONTENT_TYPE

BASE = "/open311/v2"


@dataclass(frozen=True)
class Argument:
    name: str
    schema: dict[str, Any]
    description: str
    location: str = "query"
    required: bool = False


@dataclass(frozen=True)
class Endpoint:
    path: str
    method: str
    summary: str
    description: str
    arguments: list[Argument]
    response: str  # a key of `components.schemas`
    statuses: dict[int, str]
    tags: list[str] = field(default_factory=lambda: ["GeoReport v2"])
    body: bool = False


STRING = {"type": "string"}
JURISDICTION = Argument(
    "jurisdiction_id", STRING, "Optional: this deployment serves one jurisdiction."
)
LOCALE = Argument("locale", STRING, "Language of messages, e.g. en or es.")
W3C = "A W3C datetime; `T` or a space, optional fractions, `Z` or an offset (default: city time)."

LIST_ARGUMENTS = [
    JURISDICTION,
    Argument(
        "service_request_id",
        STRING,
        "Comma-separated request ids. Overrides every other argument.",
    ),
    Argument("service_code", STRING, "Comma-separated service codes (default: all)."),
    Argument("start_date", STRING, f"requested_datetime ≥ this. {W3C}"),
    Argument(
        "end_date",
        STRING,
        f"requested_datetime ≤ this; the range may span at most 90 days. {W3C}",
    ),
    Argument("status", STRING, "Comma-separated: open, closed (default: both)."),
    Argument("updated_after", STRING, f"updated_datetime ≥ this. {W3C}"),
    Argument("updated_before", STRING, f"updated_datetime ≤ this (default: now). {W3C}"),
    Argument("lat", {"type": "number"}, "Centre of a radius search (with long)."),
    Argument("long", {"type": "number"}, "Centre of a radius search (with lat)."),
    Argument("radius", {"type": "number"}, "Radius in metres (default 1000)."),
    Argument("agency_responsible", STRING, "Department code or name."),
    Argument("q", STRING, "Words in the description or address."),
    Argument("page", {"type": "integer", "minimum": 1, "maximum": 100_000}, "Page, from 1."),
    Argument(
        "page_size",
        {"type": "integer", "minimum": 1, "maximum": selectors.MAX_PAGE_SIZE},
        f"Records a page (default and maximum {selectors.MAX_PAGE_SIZE}).",
    ),
    Argument(
        "extensions",
        {"type": "string", "enum": ["true", "false"]},
        "Add extended_attributes and notes to each request.",
    ),
]

POST_FIELDS: dict[str, tuple[dict[str, Any], str]] = {
    "api_key": (STRING, "Required. Ask the city for a key."),
    "jurisdiction_id": (STRING, "Optional: one jurisdiction here."),
    "service_code": (STRING, "Required. A code from services."),
    "lat": ({"type": "number"}, "Latitude, WGS 84 (with long)."),
    "long": ({"type": "number"}, "Longitude, WGS 84 (with lat)."),
    "address_string": (STRING, "The address, most specific part first."),
    "address_id": (STRING, "The city's address-point id."),
    "zipcode": (STRING, "Postal code."),
    "description": ({"type": "string", "maxLength": 4000}, "What is wrong."),
    "media_url": (
        {"type": "string", "format": "uri", "maxLength": 2000},
        (
            "A link (http or https, at most 2000 characters) to a photo held elsewhere; may be "
            "repeated. Kept as given and served after any uploaded photos."
        ),
    ),
    "email": (STRING, "Stored in the city's CRM; never published."),
    "phone": (STRING, "Stored in the city's CRM; never published."),
    "first_name": (STRING, "Stored in the city's CRM; never published."),
    "last_name": (STRING, "Stored in the city's CRM; never published."),
    "device_id": (STRING, "Accepted and ignored."),
    "account_id": (STRING, "Accepted and ignored."),
}

ENDPOINTS: list[Endpoint] = [
    Endpoint(
        "/discovery",
        "get",
        "Service discovery",
        "Where the API lives, which formats it speaks, how to get a key.",
        [],
        "Discovery",
        {200: "The discovery document."},
        tags=["Discovery"],
    ),
    Endpoint(
        "/services",
        "get",
        "GET Service List",
        "Every service a resident can report.",
        [JURISDICTION, LOCALE],
        "ServiceList",
        {200: "The services.", 404: "Unknown jurisdiction_id."},
    ),
    Endpoint(
        "/services/{service_code}",
        "get",
        "GET Service Definition",
        "The questions a service asks.",
        [
            Argument("service_code", STRING, "The service.", location="path", required=True),
            JURISDICTION,
            LOCALE,
        ],
        "ServiceDefinition",
        {200: "The definition.", 404: "Unknown service_code or jurisdiction_id."},
    ),
    Endpoint(
        "/requests",
        "get",
        "GET Service Requests",
        "Requests filed in the last 90 days (or the range asked), newest first, at most "
        f"{selectors.MAX_PAGE_SIZE} a page.",
        LIST_ARGUMENTS,
        "ServiceRequestList",
        {
            200: "The requests (possibly none).",
            400: "A malformed argument or a date range over 90 days.",
            404: "Unknown jurisdiction_id.",
        },
    ),
    Endpoint(
        "/requests",
        "post",
        "POST Service Request",
        "File a request: form-encoded, or multipart with photos in `media`. Needs an api_key; "
        "each key may file a limited number a minute (429 with Retry-After beyond it).",
        [],
        "ServiceRequestCreated",
        {
            200: "Filed: the request id, or a token for batch services.",
            400: "A missing or invalid argument, each problem named.",
            403: "Missing or invalid api_key.",
            404: "Unknown service_code or jurisdiction_id.",
            429: "Too many requests for this api_key; see Retry-After.",
        },
        body=True,
    ),
    Endpoint(
        "/requests/{service_request_id}",
        "get",
        "GET Service Request",
        "One request, as a one-element list.",
        [
            Argument("service_request_id", STRING, "The request.", location="path", required=True),
            JURISDICTION,
            Argument("extensions", {"type": "string", "enum": ["true", "false"]}, "Extensions."),
        ],
        "ServiceRequestList",
        {200: "The request.", 404: "Unknown service_request_id or jurisdiction_id."},
    ),
    Endpoint(
        "/tokens/{token}",
        "get",
        "GET request id from a token",
        "The request a batch service's token stands for.",
        [Argument("token", STRING, "The token.", location="path", required=True), JURISDICTION],
        "TokenList",
        {200: "The request id and token.", 404: "Unknown token or jurisdiction_id."},
    ),
    Endpoint(
        "/servicerequestupdates",
        "get",
        "GET Service Request Updates (mySociety)",
        "Public timeline events (new requests, status changes, public notes), oldest first, at "
        "most 1000; default: the last 90 days.",
        [
            JURISDICTION,
            Argument("start_date", STRING, W3C),
            Argument("end_date", STRING, W3C),
        ],
        "ServiceRequestUpdateList",
        {
            200: "The updates.",
            400: "A malformed date or a range over 90 days.",
            404: "Unknown jurisdiction_id.",
        },
        tags=["FixMyStreet extensions"],
    ),
]


def _components() -> dict[str, Any]:
    request = records.object_schema(records.REQUEST_FIELDS, required=records.REQUEST_REQUIRED)
    request["properties"]["extended_attributes"] = {
        **records.EXTENDED_ATTRIBUTES_SCHEMA,
        "description": "With extensions=true.",
    }
    request["properties"]["notes"] = {
        "type": "array",
        "items": records.NOTE_SCHEMA,
        "description": "With extensions=true: the public timeline.",
    }
    attribute = records.object_schema(records.ATTRIBUTE_FIELDS, required=records.ATTRIBUTE_REQUIRED)
    endpoint = {
        "type": "object",
        "required": ["specification", "url", "changeset", "type", "formats"],
        "properties": {
            "specification": STRING,
            "url": STRING,
            "changeset": {"type": "string", "format": "date-time"},
            "type": {"type": "string", "enum": ["production", "test"]},
            "formats": {"type": "array", "items": STRING},
        },
    }
    return {
        "Discovery": {
            "type": "object",
            "required": ["changeset", "contact", "key_service", "endpoints"],
            "properties": {
                "changeset": {"type": "string", "format": "date-time"},
                "contact": STRING,
                "key_service": STRING,
                "endpoints": {"type": "array", "items": endpoint},
            },
        },
        "Service": records.object_schema(records.SERVICE_FIELDS, required=records.SERVICE_REQUIRED),
        "ServiceList": {"type": "array", "items": {"$ref": "#/components/schemas/Service"}},
        "ServiceDefinition": {
            "type": "object",
            "required": ["service_code", "attributes"],
            "properties": {
                "service_code": STRING,
                "attributes": {"type": "array", "items": attribute},
            },
        },
        "ServiceRequest": request,
        "ServiceRequestList": {
            "type": "array",
            "items": {"$ref": "#/components/schemas/ServiceRequest"},
        },
        "ServiceRequestCreated": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "service_request_id": {
                        **STRING,
                        "description": "For realtime services.",
                    },
                    "token": {**STRING, "description": "For batch services."},
                    "service_notice": records.NULLABLE_STRING,
                    "account_id": records.NULLABLE_STRING,
                },
            },
        },
        "TokenList": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["service_request_id", "token"],
                "properties": {"service_request_id": STRING, "token": STRING},
            },
        },
        "ServiceRequestUpdateList": {
            "type": "array",
            "items": records.object_schema(
                records.UPDATE_FIELDS,
                required=["update_id", "service_request_id", "status", "updated_datetime"],
            ),
        },
        "Errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["code", "description"],
                "properties": {"code": {"type": "integer"}, "description": STRING},
            },
        },
    }


def _parameters(endpoint: Endpoint) -> list[dict[str, Any]]:
    return [
        {
            "name": argument.name,
            "in": argument.location,
            "required": argument.required or argument.location == "path",
            "description": argument.description,
            "schema": argument.schema,
        }
        for argument in endpoint.arguments
    ]


def _request_body() -> dict[str, Any]:
    properties = {
        name: {**schema, "description": description}
        for name, (schema, description) in POST_FIELDS.items()
    }
    form = {
        "type": "object",
        "required": ["api_key", "service_code"],
        "properties": properties,
        "additionalProperties": {
            "type": "string",
            "description": "attribute[CODE]=value; attribute[CODE][]=v1&attribute[CODE][]=v2 "
            "for multi-value lists.",
        },
    }
    multipart = {
        **form,
        "properties": {
            **properties,
            "media": {
                "type": "array",
                "items": {"type": "string", "format": "binary"},
                "description": "Photos (JPEG, PNG, WebP, GIF); EXIF is removed.",
            },
        },
    }
    return {
        "required": True,
        "content": {
            "application/x-www-form-urlencoded": {"schema": form},
            "multipart/form-data": {"schema": multipart},
        },
    }


def _responses(endpoint: Endpoint, fmt: str) -> dict[str, Any]:
    media_type = (
        JSON_CONTENT_TYPE.split(";")[0] if fmt == "json" else XML_CONTENT_TYPE.split(";")[0]
    )
    responses: dict[str, Any] = {}
    statuses = {400: "A malformed argument, such as one with a NUL character."}
    statuses.update(endpoint.statuses)
    for status, description in sorted(statuses.items()):
        name = endpoint.response if status < 300 else "Errors"
        content: dict[str, Any] = (
            {media_type: {"schema": {"$ref": f"#/components/schemas/{name}"}}}
            if fmt == "json"
            else {media_type: {"schema": {"type": "string"}}}
        )
        response: dict[str, Any] = {"description": description, "content": content}
        if status == 429:
            response["headers"] = {
                "Retry-After": {
                    "description": "Seconds until the key may post again.",
                    "schema": {"type": "integer"},
                }
            }
        responses[str(status)] = response
    return responses


def _operation_id(endpoint: Endpoint, fmt: str) -> str:
    path = endpoint.path.strip("/").replace("/", "_").replace("{", "").replace("}", "")
    return f"{endpoint.method}_{path}_{fmt}"


def openapi_document(*, server_url: str = "") -> dict[str, Any]:
    paths: dict[str, Any] = {}
    for endpoint in ENDPOINTS:
        for fmt in ("json", "xml"):
            operation: dict[str, Any] = {
                "operationId": _operation_id(endpoint, fmt),
                "summary": f"{endpoint.summary} ({fmt.upper()})",
                "description": endpoint.description,
                "tags": endpoint.tags,
                "parameters": _parameters(endpoint),
                "responses": _responses(endpoint, fmt),
            }
            if endpoint.body:
                operation["requestBody"] = _request_body()
            paths.setdefault(f"{BASE}{endpoint.path}.{fmt}", {})[endpoint.method] = operation
    city = settings.CIVICDESK["CITY_NAME"]
    document: dict[str, Any] = {
        "openapi": "3.0.3",
        "info": {
            "title": f"{city} Open311 GeoReport v2 API",
            "version": "2",
            "description": (
                "GeoReport v2 (http://wiki.open311.org/GeoReport_v2) with the extensions that "
                "real clients use: paging, updated_after/updated_before, radius search, "
                "extensions=true, photo upload, and mySociety's servicerequestupdates. Every "
                "resource answers in XML and JSON, chosen by the suffix; errors are the spec's "
                "error document. Responses never contain personal data."
            ),
        },
        "paths": paths,
        "components": {"schemas": _components()},
    }
    if server_url:
        document["servers"] = [{"url": server_url}]
    return document
