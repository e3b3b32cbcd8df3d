"""The GeoReport v2 endpoints: parse the arguments, call one service or selector, render.

The format comes from the suffix (`.json`, `.xml`); every error is the spec's error document in
that format (for an unknown suffix, in the format the Accept header prefers). See docs/api.md.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Max, Prefetch
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt

from civicdesk.accounts.models import ApiKey
from civicdesk.accounts.ratelimit import api_key_rate_limit_hit
from civicdesk.accounts.services import api_key_authenticate, api_key_record_use
from civicdesk.catalog.enums import AttributeDatatype, ServiceType
from civicdesk.catalog.models import Service, ServiceAttribute, ServiceTranslation
from civicdesk.catalog.selectors import service_get_for_intake, service_list_active
from civicdesk.core import clock
from civicdesk.crm.enums import Channel
from civicdesk.crm.services import ContactDetails
from civicdesk.open311 import pages, params, records, selectors
from civicdesk.open311.documents import FORMATS, render, render_errors
from civicdesk.open311.params import Open311Error
from civicdesk.open311.tokens import public_id_from_token, token_for
from civicdesk.service_requests.models import ServiceRequest
from civicdesk.service_requests.services.intake import (
    IntakeValidationError,
    Location,
    service_request_submit,
)
from civicdesk.service_requests.services.media import (
    MediaItem,
    MediaValidationError,
    media_links_prepare,
    media_prepare,
)

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
STATUSES = ("open", "closed")
View = Callable[..., HttpResponse]


def _format_for_unknown_suffix(request: HttpRequest) -> str:
    accept = request.headers.get("Accept", "")
    return "xml" if "xml" in accept and "json" not in accept else "json"


def open311_endpoint(*methods: str) -> Callable[[View], View]:
    """Checks the suffix and the method, applies `locale`, turns `Open311Error` into the error
    document, and leaves CSRF out (API clients post without cookies)."""

    allowed = {*methods, "HEAD"} if "GET" in methods else set(methods)

    def decorate(view: View) -> View:
        @csrf_exempt
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, fmt: str, **kwargs: Any) -> HttpResponse:
            if fmt not in FORMATS:
                return render_errors(
                    _format_for_unknown_suffix(request),
                    404,
                    [f"Unknown format “.{fmt}”: this API answers .xml and .json."],
                )
            if request.method not in allowed:
                response = render_errors(
                    fmt, 405, [f"{request.method} is not allowed here; use {', '.join(methods)}."]
                )
                response["Allow"] = ", ".join(sorted(allowed))
                return response
            if _has_nul(request.GET) or (request.method == "POST" and _has_nul(request.POST)):
                return render_errors(fmt, 400, ["Arguments may not contain NUL characters."])
            language = _language(request)
            try:
                with translation.override(language):
                    return view(request, *args, fmt=fmt, **kwargs)
            except Open311Error as error:
                response = render_errors(fmt, error.status, error.descriptions)
                if error.retry_after is not None:
                    response["Retry-After"] = str(error.retry_after)
                return response

        return wrapper

    return decorate


def _has_nul(arguments: QueryDict) -> bool:
    return any(
        "\x00" in key or any("\x00" in value for value in arguments.getlist(key))
        for key in arguments
    )


def _language(request: HttpRequest) -> str:
    """The `locale` argument (`es`, `es_MX`, `en-GB`…) if we speak it, else the default."""
    raw = (request.GET.get("locale") or "").strip().replace("_", "-").lower()
    languages = {code for code, _name in settings.LANGUAGES}
    for candidate in (raw, raw.split("-")[0]):
        if candidate in languages:
            return candidate
    return translation.get_language() or settings.LANGUAGE_CODE


def _check_jurisdiction(arguments: QueryDict) -> None:
    """One jurisdiction per deployment: absent is fine, another one is unknown here (404)."""
    jurisdiction = params.text(arguments, "jurisdiction_id")
    ours = settings.CIVICDESK["JURISDICTION_ID"]
    if jurisdiction and jurisdiction.lower() != ours.lower():
        raise Open311Error(404, f"Unknown jurisdiction_id “{jurisdiction}”; this is “{ours}”.")


def _request_context(request: HttpRequest, *, extensions: bool) -> records.RequestContext:
    def media_url(name: str) -> str:
        return request.build_absolute_uri(default_storage.url(name))

    return records.RequestContext(media_url=media_url, extensions=extensions)


# --- Discovery and services ----------------------------------------------------------------------


@open311_endpoint("GET")
def discovery(request: HttpRequest, *, fmt: str) -> HttpResponse:
    latest = Service.objects.aggregate(latest=Max("updated_at"))["latest"]
    changeset = records.w3c(latest) or "2024-01-01T00:00:00+00:00"
    base = request.build_absolute_uri("/open311/v2")
    endpoint = {
        "specification": SPECIFICATION,
        "url": base,
        "changeset": changeset,
        "formats": ["text/xml", "application/json"],
    }
    document = {
        "changeset": changeset,
        "contact": settings.CIVICDESK["OPEN311_CONTACT"],
        "key_service": settings.CIVICDESK["OPEN311_KEY_SERVICE"],
        "endpoints": [
            {**endpoint, "type": "production"},
            {**endpoint, "type": "test"},
        ],
    }
    return render(fmt, "discovery", document)


def _requested_locale(request: HttpRequest) -> str:
    """The language asked for with `locale`, if we have it; "" when none was asked for."""
    return _language(request) if params.text(request.GET, "locale") else ""


@open311_endpoint("GET")
def service_list(request: HttpRequest, *, fmt: str) -> HttpResponse:
    _check_jurisdiction(request.GET)
    services = service_list_active().prefetch_related(
        _active_attributes_prefetch(with_values=False)
    )
    locale = _requested_locale(request)
    if locale:
        services = services.prefetch_related(
            Prefetch(
                "translations",
                queryset=ServiceTranslation.objects.filter(language=locale),
                to_attr="locale_translations",
            )
        )
    return render(
        fmt, "services", [records.record(records.SERVICE_FIELDS, service) for service in services]
    )


def _active_attributes_prefetch(*, with_values: bool) -> Prefetch:
    attributes = ServiceAttribute.objects.filter(is_active=True)
    if with_values:
        attributes = attributes.prefetch_related("values")
    return Prefetch("attributes", queryset=attributes, to_attr="active_attributes")


@open311_endpoint("GET")
def service_definition(request: HttpRequest, service_code: str, *, fmt: str) -> HttpResponse:
    _check_jurisdiction(request.GET)
    service = service_get_for_intake(code=service_code)
    if service is None:
        raise Open311Error(404, f"Unknown service_code “{service_code}”.")
    locale = _requested_locale(request)
    translation = (
        ServiceTranslation.objects.filter(service=service, language=locale).first()
        if locale
        else None
    )
    return render(
        fmt,
        "service_definition",
        records.service_definition_record(
            service, translation.attribute_texts if translation is not None else None
        ),
    )


# --- Service requests ----------------------------------------------------------------------------


@open311_endpoint("GET", "POST")
def service_requests(request: HttpRequest, *, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return _service_request_create(request, fmt)
    return _service_request_list(request, fmt)


def _filters(arguments: QueryDict) -> selectors.RequestFilters:
    statuses = [status.lower() for status in params.csv_list(arguments, "status")]
    unknown = [status for status in statuses if status not in STATUSES]
    if unknown:
        raise Open311Error(400, f"status must be open, closed or both; “{unknown[0]}” is not.")
    latitude = params.optional_float(arguments, "lat")
    longitude = params.optional_float(arguments, "long")
    radius = params.optional_float(arguments, "radius")
    if (latitude is None) != (longitude is None):
        raise Open311Error(400, "Give lat and long together.")
    if radius is not None and (latitude is None or radius <= 0):
        raise Open311Error(400, "radius (metres, above 0) needs lat and long.")
    if latitude is not None and radius is None:
        radius = 1000.0
    page_size_name = "page_size" if params.text(arguments, "page_size") else "per_page"
    return selectors.RequestFilters(
        service_request_ids=params.csv_list(arguments, "service_request_id"),
        service_codes=params.csv_list(arguments, "service_code"),
        statuses=statuses,
        start_at=params.optional_moment(arguments, "start_date"),
        end_at=params.optional_moment(arguments, "end_date", end_of_day=True),
        updated_after=params.optional_moment(arguments, "updated_after"),
        updated_before=params.optional_moment(arguments, "updated_before", end_of_day=True),
        latitude=latitude,
        longitude=longitude,
        radius_metres=radius,
        agency=params.text(arguments, "agency_responsible"),
        search=params.text(arguments, "q") or params.text(arguments, "search"),
        page=params.optional_int(arguments, "page", minimum=1, maximum=100_000) or 1,
        page_size=params.optional_int(
            arguments, page_size_name, minimum=1, maximum=selectors.MAX_PAGE_SIZE
        )
        or selectors.DEFAULT_PAGE_SIZE,
        extensions=params.flag(arguments, "extensions"),
    )


def _service_request_list(request: HttpRequest, fmt: str) -> HttpResponse:
    key = pages.page_key(request, fmt=fmt, language=translation.get_language() or "")
    kept = pages.page_get(key)
    if kept is not None:
        return kept
    _check_jurisdiction(request.GET)
    filters = _filters(request.GET)
    try:
        page = selectors.service_request_list_public(filters=filters, now=clock.now())
    except selectors.WindowError as error:
        raise Open311Error(400, str(error)) from None
    context = _request_context(request, extensions=filters.extensions)
    response = render(
        fmt,
        "service_requests",
        [records.request_record(service_request, context) for service_request in page],
    )
    pages.page_keep(key, response)
    return response


@open311_endpoint("GET")
def service_request_detail(
    request: HttpRequest, service_request_id: str, *, fmt: str
) -> HttpResponse:
    _check_jurisdiction(request.GET)
    extensions = params.flag(request.GET, "extensions")
    service_request = selectors.service_request_get_public(
        public_id=service_request_id, extensions=extensions
    )
    if service_request is None:
        raise Open311Error(404, f"Unknown service_request_id “{service_request_id}”.")
    context = _request_context(request, extensions=extensions)
    return render(fmt, "service_requests", [records.request_record(service_request, context)])


@open311_endpoint("GET")
def token_detail(request: HttpRequest, token: str, *, fmt: str) -> HttpResponse:
    _check_jurisdiction(request.GET)
    public_id = public_id_from_token(token)
    if public_id is None:
        raise Open311Error(404, f"Unknown token “{token}”.")
    return render(fmt, "service_requests", [{"service_request_id": public_id, "token": token}])


@open311_endpoint("GET")
def service_request_updates(request: HttpRequest, *, fmt: str) -> HttpResponse:
    _check_jurisdiction(request.GET)
    try:
        events = selectors.service_request_update_list_public(
            start_at=params.optional_moment(request.GET, "start_date"),
            end_at=params.optional_moment(request.GET, "end_date", end_of_day=True),
            now=clock.now(),
            limit=selectors.MAX_PAGE_SIZE,
        )
    except selectors.WindowError as error:
        raise Open311Error(400, str(error)) from None
    return render(
        fmt,
        "service_request_updates",
        [records.record(records.UPDATE_FIELDS, event) for event in events],
    )


# --- POST requests -------------------------------------------------------------------------------


def _authenticate(arguments: QueryDict) -> ApiKey:
    raw_key = params.text(arguments, "api_key")
    api_key = api_key_authenticate(raw_key=raw_key) if raw_key else None
    if api_key is None:
        raise Open311Error(
            403,
            "Missing api_key: ask the city for one." if not raw_key else "Invalid api_key.",
        )
    return api_key


def _uploads(request: HttpRequest) -> list[UploadedFile]:
    """Files named `media`, `media[]`, FixMyStreet's `photo1`…`photoN`, or `file_<key>`."""
    uploads: list[UploadedFile] = []
    for name in request.FILES:
        if name in {"media", "media[]"} or name.startswith(("photo", "file_")):
            uploads.extend(request.FILES.getlist(name))
    return uploads


def _multi_value_codes(service_code: str, arguments: QueryDict) -> list[str]:
    if not params.attribute_codes_with_commas(arguments):
        return []
    return list(
        ServiceAttribute.objects.filter(
            service__code=service_code, datatype=AttributeDatatype.MULTIVALUELIST
        ).values_list("code", flat=True)
    )


def _intake_errors(error: IntakeValidationError, service_code: str) -> Open311Error:
    if "service_code" in error.field_errors and service_code:
        return Open311Error(404, f"Unknown service_code “{service_code}”.")
    descriptions = [
        f"{field}: {message}"
        for field, messages in error.field_errors.items()
        for message in messages
    ]
    return Open311Error(400, *(descriptions or [error.message]))


def _service_request_create(request: HttpRequest, fmt: str) -> HttpResponse:
    arguments = params.merged(request.GET, request.POST)
    api_key = _authenticate(arguments)
    now = clock.now()
    decision = api_key_rate_limit_hit(api_key=api_key, now=now)
    if not decision.is_allowed:
        api_key_record_use(api_key=api_key, now=now, is_throttled=True)
        raise Open311Error(
            429,
            f"This api_key may file {decision.limit} requests a minute; try again in "
            f"{decision.retry_after_seconds} seconds.",
            retry_after=decision.retry_after_seconds,
        )
    try:
        submission = _submission(request, arguments)  # parsing and photos: before any write
        # The key's counts are written in the request's own transaction (one commit, not two).
        service_request = _file(
            submission,
            now,
            on_stored=lambda _stored: api_key_record_use(
                api_key=api_key, now=now, is_submission=True
            ),
        )
    except Open311Error:
        api_key_record_use(api_key=api_key, now=now)
        raise
    answer: dict[str, Any] = {}
    if service_request.service.type == ServiceType.REALTIME:
        answer["service_request_id"] = service_request.public_id
    elif service_request.service.type == ServiceType.BATCH:
        answer["token"] = token_for(service_request.public_id)
    answer["service_notice"] = None
    answer["account_id"] = None
    return render(fmt, "service_requests", [answer])


def _submission(request: HttpRequest, arguments: QueryDict) -> dict[str, Any]:
    """The arguments of `service_request_submit`, read from the POST."""
    _check_jurisdiction(arguments)
    service_code = params.text(arguments, "service_code")
    if not service_code:
        raise Open311Error(400, "service_code required.")
    contact = ContactDetails(
        first_name=params.text(arguments, "first_name"),
        last_name=params.text(arguments, "last_name"),
        email=params.text(arguments, "email"),
        phone=params.text(arguments, "phone"),
        language=translation.get_language() or "",
    )
    has_contact = any((contact.first_name, contact.last_name, contact.email, contact.phone))
    location = Location(
        latitude=params.optional_float(arguments, "lat"),
        longitude=params.optional_float(arguments, "long"),
        address=params.text(arguments, "address_string"),
        address_id=params.text(arguments, "address_id"),
        zip_code=params.text(arguments, "zipcode"),
    )
    try:
        # Uploaded photos first: they are the request's `media_url`; links follow them.
        uploads = _uploads(request)
        links = media_links_prepare(
            urls=params.text_list(arguments, "media_url"), upload_count=len(uploads)
        )
        media: list[MediaItem] = [*media_prepare(uploads=uploads), *links]
    except MediaValidationError as error:
        field = next(iter(error.field_errors), "media")
        raise Open311Error(400, f"{field}: {error.message}") from None
    return {
        "service_code": service_code,
        "description": params.normalize_newlines(arguments.get("description") or ""),
        "attributes": params.attributes(arguments, _multi_value_codes(service_code, arguments)),
        "location": location,
        "contact": contact if has_contact else None,
        "language": translation.get_language() or "",
        "media": media,
    }


def _file(
    submission: dict[str, Any], now: datetime, on_stored: Callable[[ServiceRequest], None]
) -> ServiceRequest:
    try:
        result = service_request_submit(
            **submission, channel=Channel.APP, now=now, on_stored=on_stored
        )
    except IntakeValidationError as error:
        raise _intake_errors(error, submission["service_code"]) from None
    return result.service_request


@csrf_exempt
def not_found(request: HttpRequest, path: str) -> HttpResponse:
    """Anything under the base URL that is not a resource: the 404 document."""
    fmt = path.rsplit(".", 1)[-1] if "." in path.rsplit("/", 1)[-1] else ""
    if fmt not in FORMATS:
        fmt = _format_for_unknown_suffix(request)
    return render_errors(fmt, 404, ["No such resource; see /open311/v2/discovery.json."])
