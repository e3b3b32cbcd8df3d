"""Public pages: home, a request's track page, the list and map of requests, following."""

from __future__ import annotations

import json
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from civicdesk.catalog.selectors import department_name_in, service_list_localized
from civicdesk.core import clock
from civicdesk.core.errors import ApplicationError
from civicdesk.notifications.following import (
    service_request_count_affected,
    service_request_follow,
    subscription_cancel,
    subscription_confirm,
    subscription_get_by_token,
)
from civicdesk.portal import ratelimit
from civicdesk.portal.forms import FollowForm, ServiceSearchForm, TrackForm
from civicdesk.portal.selectors import (
    PublicFilters,
    address_suggestions,
    article_suggestions,
    district_list,
    service_list_common,
    service_request_get_public,
    service_request_list_public,
    service_search,
    street_of,
)
from civicdesk.service_requests.enums import EventType, Status
from civicdesk.service_requests.models import ServiceRequest, ServiceRequestEvent

PAGE_SIZE = 20


def _language() -> str:
    return translation.get_language() or "en"


def map_settings(service_names: dict[str, str] | None = None) -> str:
    """What the map script needs, as JSON for a data attribute (no inline script)."""
    return json.dumps(
        {
            "tileUrl": settings.MAP_TILE_URL,
            "tileAttribution": settings.MAP_TILE_ATTRIBUTION,
            "boundaries": reverse("geo:boundaries") + "?kind=jurisdiction",
            "requests": reverse("geo:requests"),
            "trackUrl": reverse("portal:track", args=["NUMBER"]),
            "serviceNames": service_names or {},
        }
    )


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    form = ServiceSearchForm(request.GET or None)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    language = _language()
    services = service_list_localized(language=language)
    groups: dict[str, list[Any]] = {}
    for service in services:
        groups.setdefault(service.group or _("Other"), []).append(service)
    return render(
        request,
        "portal/home.html",
        {
            "form": form,
            "query": query,
            "matching_services": service_search(query=query, language=language) if query else [],
            "articles": (
                article_suggestions(query=query, language=language, user=request.user)
                if query
                else []
            ),
            "common_services": service_list_common(language=language, now=clock.now()),
            "groups": groups,
            "track_form": TrackForm(),
        },
    )


def _plain_status(status: str) -> str:
    sentences = {
        Status.NEW: _("We have received the request. Someone will look at it soon."),
        Status.ACKNOWLEDGED: _("The department has seen the request and plans the work."),
        Status.IN_PROGRESS: _("A crew is working on it."),
        Status.ON_HOLD: _("The work is waiting on something, such as weather or parts."),
        Status.RESOLVED: _("The city has fixed the problem."),
        Status.CLOSED: _("The request is closed."),
        Status.CLOSED_DUPLICATE: _("Someone reported the same problem; we track it there."),
        Status.CANCELLED: _("The request was cancelled."),
        Status.REFERRED: _("Another agency handles this; we passed it on to them."),
    }
    return str(sentences.get(Status(status), ""))


def _event_text(event: ServiceRequestEvent, service_request: ServiceRequest) -> str:
    if event.event_type == EventType.CREATED:
        return _("Request received and sent to %(department)s.") % {
            "department": service_request.department.name
        }
    if event.event_type == EventType.STATUS_CHANGED and event.to_status:
        return _("Status changed to “%(status)s”.") % {"status": Status(event.to_status).label}
    if event.event_type == EventType.NOTE_ADDED:
        return _("Note from the city:")
    return str(event.get_event_type_display())


@require_GET
def track(request: HttpRequest, public_id: str) -> HttpResponse:
    service_request = service_request_get_public(public_id=public_id)
    if service_request is None:
        raise Http404(_("There is no request with that number."))
    if service_request.public_id != public_id:
        return redirect("portal:track", service_request.public_id)
    localized = {service.code: service for service in service_list_localized(language=_language())}
    service = localized.get(service_request.service.code)
    timeline = [
        {"at": event.occurred_at, "text": _event_text(event, service_request), "note": event.note}
        for event in service_request.timeline  # type: ignore[attr-defined]
    ]
    point = (
        {"lat": round(service_request.latitude, 5), "lng": round(service_request.longitude, 5)}
        if service_request.latitude is not None and service_request.longitude is not None
        else None
    )
    return render(
        request,
        "portal/track.html",
        {
            "service_request": service_request,
            "service_name": service.name if service else service_request.service.name,
            "department_name": department_name_in(
                department=service_request.department, language=_language()
            ),
            "status_text": _plain_status(service_request.status),
            "street": street_of(service_request.address),
            "timeline": timeline,
            "photos": service_request.public_media,  # type: ignore[attr-defined]
            "affected_count": service_request_count_affected(service_request=service_request),
            "follow_form": FollowForm(),
            "map_settings": map_settings(),
            "point": json.dumps(point) if point else "",
        },
    )


@require_GET
def track_find(request: HttpRequest) -> HttpResponse:
    """Go to a request by its number, or say that there is none."""
    form = TrackForm(request.GET)
    if form.is_valid():
        number = form.cleaned_data["number"].strip().upper()
        service_request = service_request_get_public(public_id=number)
        if service_request is not None:
            return redirect("portal:track", service_request.public_id)
        form.add_errors(
            {"number": [_("We found no request numbered %(number)s.") % {"number": number}]}
        )
    return render(request, "portal/track_find.html", {"form": form})


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _near(text: str) -> tuple[float, float] | None:
    try:
        latitude, longitude = (float(part) for part in text.split(","))
    except ValueError:
        return None
    if -90 <= latitude <= 90 and -180 <= longitude <= 180:
        return latitude, longitude
    return None


@require_GET
def request_list(request: HttpRequest) -> HttpResponse:
    """Recent requests with filters in the URL (so a view can be shared), a page at a time."""
    params = request.GET
    status = params.get("status", "")
    filters = PublicFilters(
        service_code=params.get("service", "").strip(),
        status=status if status in {"open", "closed"} else "",
        district=params.get("district", "").strip(),
        start_date=_date(params.get("start_date", "")),
        end_date=_date(params.get("end_date", "")),
        near=_near(params.get("near", "")),
    )
    page = Paginator(service_request_list_public(filters=filters), PAGE_SIZE).get_page(
        params.get("page")
    )
    services = service_list_localized(language=_language())
    names = {service.code: service.name for service in services}
    rows = [
        {
            "public_id": row.public_id,
            "service": names.get(row.service.code, row.service.name),
            "status": row.get_status_display(),
            "is_closed": row.is_closed,
            "created_at": row.created_at,
            "street": street_of(row.address),
            "district": row.district,
        }
        for row in page.object_list
    ]
    kept = {
        key: value
        for key, value in {
            "service": filters.service_code,
            "status": filters.status,
            "district": filters.district,
            "start_date": filters.start_date.isoformat() if filters.start_date else "",
            "end_date": filters.end_date.isoformat() if filters.end_date else "",
            "near": params.get("near", "") if filters.near else "",
        }.items()
        if value
    }
    layer_query = urlencode(
        {
            key: value
            for key, value in {
                "service": filters.service_code,
                "status": filters.status,
                "start_date": kept.get("start_date", ""),
                "end_date": kept.get("end_date", ""),
            }.items()
            if value
        }
    )
    return render(
        request,
        "portal/request_list.html",
        {
            "page": page,
            "rows": rows,
            "filters": filters,
            "kept": kept,
            "kept_query": urlencode(kept),
            "services": services,
            "districts": district_list(),
            "map_settings": map_settings(names),
            "layer_query": layer_query,
            "near": filters.near,
        },
    )


@require_http_methods(["GET", "POST"])
def follow(request: HttpRequest, public_id: str) -> HttpResponse:
    """Follow a request by e-mail; `affected` says "me too" (the problem affects me as well)."""
    service_request = service_request_get_public(public_id=public_id)
    if service_request is None:
        raise Http404(_("There is no request with that number."))
    is_affected = request.POST.get("affected") == "1" or request.GET.get("affected") == "1"
    form = FollowForm(request.POST or None)
    if request.method == "POST":
        now = clock.now()
        address = ratelimit.client_address(request)
        if form.is_spam:
            return render(request, "portal/rate_limited.html", {"is_spam": True}, status=400)
        if ratelimit.is_over(
            scope="follow-ip",
            value=address,
            limit=ratelimit.limit("PORTAL_FOLLOWS_PER_IP_PER_HOUR"),
            now=now,
        ):
            return render(request, "portal/rate_limited.html", status=429)
        if form.is_valid():
            try:
                result = service_request_follow(
                    service_request=service_request,
                    email=form.cleaned_data["email"],
                    language=_language(),
                    is_affected=is_affected,
                    now=now,
                )
            except ApplicationError as error:
                form.add_errors(error.field_errors or {"email": [error.message]})
            else:
                ratelimit.hit(scope="follow-ip", value=address, now=now)
                return render(
                    request,
                    "portal/follow_sent.html",
                    {
                        "service_request": service_request,
                        "is_sent": result.is_confirmation_sent,
                        "is_affected": is_affected,
                    },
                )
    return render(
        request,
        "portal/follow.html",
        {"service_request": service_request, "form": form, "is_affected": is_affected},
    )


@require_http_methods(["GET", "POST"])
def follow_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link from the e-mail. GET asks (mail scanners open links); POST confirms."""
    subscription = subscription_get_by_token(token=token)
    if subscription is None:
        raise Http404(_("This link is not valid any more."))
    if request.method == "POST":
        subscription_confirm(subscription=subscription, now=clock.now())
        messages.success(
            request,
            _("You now follow request %(number)s.")
            % {"number": subscription.service_request.public_id},
        )
        return redirect("portal:track", subscription.service_request.public_id)
    return render(
        request,
        "portal/follow_confirm.html",
        {"subscription": subscription, "action": "confirm"},
    )


@require_http_methods(["GET", "POST"])
def follow_stop(request: HttpRequest, token: str) -> HttpResponse:
    subscription = subscription_get_by_token(token=token)
    if subscription is None:
        raise Http404(_("This link is not valid any more."))
    if request.method == "POST":
        subscription_cancel(subscription=subscription, now=clock.now())
        messages.success(
            request,
            _("You no longer follow request %(number)s.")
            % {"number": subscription.service_request.public_id},
        )
        return redirect("portal:track", subscription.service_request.public_id)
    return render(
        request, "portal/follow_confirm.html", {"subscription": subscription, "action": "stop"}
    )


@require_GET
def address_suggest(request: HttpRequest) -> JsonResponse:
    """Addresses for the autocomplete box, as JSON."""
    query = request.GET.get("q", "")[:200]
    suggestions = [
        {
            "label": candidate.address,
            "latitude": candidate.latitude,
            "longitude": candidate.longitude,
            "address_id": candidate.address_id,
        }
        for candidate in address_suggestions(query=query)
    ]
    response = JsonResponse({"suggestions": suggestions})
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_GET
def manifest(request: HttpRequest) -> JsonResponse:
    """The web-app manifest, so residents can add the portal to their phone's home screen."""
    city = settings.CIVICDESK["CITY_NAME"]
    body = {
        "name": _("%(city)s 311") % {"city": city},
        "short_name": "311",
        "description": _("Report a problem to the city and follow it."),
        "lang": _language(),
        "start_url": reverse("portal:home"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0f2d4a",
        "icons": [
            {"src": static("civicdesk/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
        ],
    }
    return JsonResponse(body, content_type="application/manifest+json")
