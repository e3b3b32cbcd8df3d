"""Requests filed through the one intake service, as any channel would, for pages to show."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from civicdesk.crm.enums import Channel
from civicdesk.crm.services import ContactDetails
from civicdesk.service_requests.models import ServiceRequest
from civicdesk.service_requests.services.intake import Location, service_request_submit
from tests.portal.conftest import ALDER_LATITUDE, ALDER_LONGITUDE


def file_request(
    *,
    service_code: str = "POTHOLE",
    latitude: float = ALDER_LATITUDE,
    longitude: float = ALDER_LONGITUDE,
    attributes: dict[str, object] | None = None,
    contact: ContactDetails | None = None,
    description: str = "",
    now: datetime | None = None,
) -> ServiceRequest:
    answers = (
        attributes
        if attributes is not None
        else ({"pothole_size": "small"} if service_code == "POTHOLE" else {})
    )
    return service_request_submit(
        service_code=service_code,
        description=description,
        attributes=answers,
        location=Location(latitude=latitude, longitude=longitude),
        channel=Channel.PHONE,
        contact=contact,
        now=now or timezone.now() - timedelta(hours=1),
        notify=False,
    ).service_request
