"""Reads behind the portal's pages. Public pages read only what anyone may see: a request's
number, service, status, dates, district and street — never who reported it, their words, their
answers or a house number."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone

from civicdesk.catalog.selectors import LocalizedService, service_list_localized
from civicdesk.geo.enums import BoundaryKind
from civicdesk.geo.geocoding import GeocodeCandidate, GeocoderUnavailableError, get_geocoder
from civicdesk.geo.models import Boundary
from civicdesk.geo.selectors import (
    CLOSED_STATUS_VALUES,
    OPEN_STATUS_VALUES,
    DuplicateCandidate,
    service_request_list_duplicate_candidates,
)
from civicdesk.service_requests.models import (
    ServiceRequest,
    ServiceRequestEvent,
    ServiceRequestMedia,
)

_HOUSE_NUMBER = re.compile(r"^\s*\d+[\w/-]*\s+")
NEAR_DEGREES = 0.01  # about a kilometre around the resident


def street_of(address: str) -> str:
    """The street of an address without its house number, unit or ZIP code: public, not a home."""
    first = address.split(",", maxsplit=1)[0]
    return _HOUSE_NUMBER.sub("", first).strip()


# --- Home --------------------------------------------------------------------------------------


def service_search(*, query: str, language: str, limit: int = 8) -> list[LocalizedService]:
    """Services whose name, group or keywords contain the words typed, best match first."""
    words = [word for word in re.split(r"\W+", query.casefold()) if len(word) > 1]
    if not words:
        return []
    scored: list[tuple[int, LocalizedService]] = []
    for service in service_list_localized(language=language):
        text = service.search_text
        name = service.name.casefold()
        score = sum(2 if word in name else 1 for word in words if word in text)
        if score:
            scored.append((score, service))
    scored.sort(key=lambda item: (-item[0], item[1].name.casefold()))
    return [service for _score, service in scored[:limit]]


def service_list_common(*, language: str, now: datetime, limit: int = 6) -> list[LocalizedService]:
    """The services residents reported most in the last 90 days (the catalog order when none)."""
    counts = dict(
        ServiceRequest.objects.filter(created_at__gte=now - timedelta(days=90))
        .order_by()
        .values("service__code")
        .annotate(count=Count("pk"))
        .values_list("service__code", "count")
    )
    services = service_list_localized(language=language)
    ranked = sorted(services, key=lambda service: -counts.get(service.code, 0))
    return ranked[:limit]


def article_suggestions(*, query: str, language: str, user: Any, limit: int = 5) -> list[Any]:
    """Help-center articles answering `query`, when the knowledge base is installed."""
    try:
        from civicdesk.knowledge.selectors import article_search
    except ImportError:  # pragma: no cover - the knowledge app ships with CivicDesk
        return []
    return article_search(query=query, language=language, user=user, limit=limit).articles


# --- Reporting ---------------------------------------------------------------------------------


_PARTIAL_ADDRESS = re.compile(r"^\s*(\d+[A-Za-z]?)\s+(\S.*)$")


def _address_points_completing(query: str, limit: int) -> list[GeocodeCandidate]:
    """While a resident is still typing ("120 Alde"): the city's address points whose number
    starts with the number typed, on streets whose name starts with the rest."""
    from civicdesk.geo.geocoding import AddressPointGeocoder, gazetteer

    match = _PARTIAL_ADDRESS.match(query)
    if match is None or not isinstance(get_geocoder(), AddressPointGeocoder):
        return []
    number, partial = match.group(1).upper(), " ".join(match.group(2).upper().split())
    known = gazetteer()
    found: list[GeocodeCandidate] = []
    for key in sorted(name for name in known.street_names if name.startswith(partial))[:limit]:
        for position in known.by_street[key]:
            point = known.points[position]
            if point.house_number.upper().startswith(number):
                found.append(
                    GeocodeCandidate(
                        address=point.label,
                        latitude=point.latitude,
                        longitude=point.longitude,
                        score=50.0,
                        address_id=point.address_id,
                        zip_code=point.zip_code,
                        match="prefix",
                    )
                )
            if len(found) >= limit:
                return found
    return found


def address_suggestions(*, query: str, limit: int = 5) -> list[GeocodeCandidate]:
    """Addresses for the autocomplete box: the geocoder's answers, or, while the address is
    still being typed, the city's addresses that complete it. [] when the geocoder is down."""
    if len(query.strip()) < 3:
        return []
    try:
        found = get_geocoder().geocode(query.strip(), limit=limit)
    except GeocoderUnavailableError:
        return []
    return found or _address_points_completing(query, limit)


def report_duplicate_candidates(
    *,
    service_code: str,
    address: str,
    latitude: float | None,
    longitude: float | None,
    now: datetime,
) -> list[DuplicateCandidate]:
    """Open requests of the service near the place given, to ask "is it one of these?" first.

    A typed address is looked up with the geocoder; one it cannot place has no candidates.
    """
    from civicdesk.catalog.selectors import service_get_for_intake

    service = service_get_for_intake(code=service_code)
    if service is None:
        return []
    if latitude is None or longitude is None:
        candidates = address_suggestions(query=address, limit=1)
        if not candidates:
            return []
        latitude, longitude = candidates[0].latitude, candidates[0].longitude
    return service_request_list_duplicate_candidates(
        service=service, latitude=latitude, longitude=longitude, now=now, limit=5
    )


# --- Tracking and browsing ----------------------------------------------------------------------


def service_request_get_public(*, public_id: str) -> ServiceRequest | None:
    """A request as the public sees it: its public timeline (`timeline`) and public photos."""
    events = ServiceRequestEvent.objects.filter(is_public=True).order_by("occurred_at", "pk")
    return (
        ServiceRequest.objects.select_related("service", "department")
        .prefetch_related(
            Prefetch("events", queryset=events, to_attr="timeline"),
            Prefetch(
                "media",
                queryset=ServiceRequestMedia.objects.filter(is_public=True),
                to_attr="public_media",
            ),
        )
        .filter(public_id=public_id.strip().upper())
        .first()
    )


@dataclass(frozen=True)
class PublicFilters:
    service_code: str = ""
    status: str = ""  # "open", "closed" or "" for both
    district: str = ""
    start_date: date | None = None
    end_date: date | None = None
    near: tuple[float, float] | None = None


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def service_request_list_public(*, filters: PublicFilters) -> QuerySet[ServiceRequest]:
    """Requests matching the filters, newest first, with only public columns loaded."""
    requests = ServiceRequest.objects.select_related("service").only(
        "public_id",
        "status",
        "created_at",
        "closed_at",
        "district",
        "address",
        "latitude",
        "longitude",
        "service__code",
        "service__name",
    )
    if filters.service_code:
        requests = requests.filter(service__code=filters.service_code)
    if filters.status == "open":
        requests = requests.filter(status__in=OPEN_STATUS_VALUES)
    elif filters.status == "closed":
        requests = requests.filter(status__in=CLOSED_STATUS_VALUES)
    if filters.district:
        requests = requests.filter(district=filters.district)
    if filters.start_date is not None:
        requests = requests.filter(created_at__gte=_day_start(filters.start_date))
    if filters.end_date is not None:
        requests = requests.filter(created_at__lt=_day_start(filters.end_date + timedelta(days=1)))
    if filters.near is not None:
        latitude, longitude = filters.near
        requests = requests.filter(
            latitude__range=(latitude - NEAR_DEGREES, latitude + NEAR_DEGREES),
            longitude__range=(longitude - NEAR_DEGREES, longitude + NEAR_DEGREES),
        )
    return requests.order_by("-created_at", "-pk")


def district_list() -> list[tuple[str, str]]:
    """(code, name) of the city's districts, for the list's filter."""
    return list(
        Boundary.objects.filter(kind=BoundaryKind.DISTRICT, is_active=True)
        .order_by("name")
        .values_list("code", "name")
    )
