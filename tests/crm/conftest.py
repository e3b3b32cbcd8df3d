"""Shared set-up of the CRM tests: a pothole service and a way to file requests through intake."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from civicdesk.catalog.enums import AttributeDatatype
from civicdesk.catalog.models import Service
from civicdesk.crm.enums import Channel
from civicdesk.crm.models import Contact
from civicdesk.crm.services import ContactDetails
from civicdesk.service_requests.models import ServiceRequest
from civicdesk.service_requests.services import Location, service_request_submit
from tests.factories import ServiceAttributeFactory, ServiceAttributeValueFactory, ServiceFactory

CHICAGO = ZoneInfo("America/Chicago")
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=CHICAGO)


@pytest.fixture
def pothole() -> Service:
    service = ServiceFactory(code="POTHOLE", name="Pothole", group="Streets")
    size = ServiceAttributeFactory(
        service=service,
        code="size",
        datatype=AttributeDatatype.SINGLEVALUELIST,
        description="How big is it?",
        required=True,
    )
    ServiceAttributeValueFactory(attribute=size, key="small", name="Small")
    ServiceAttributeValueFactory(attribute=size, key="large", name="Large")
    return service


def file_request(
    contact: Contact | None, *, service_code: str = "POTHOLE", **overrides: Any
) -> ServiceRequest:
    """A request from `contact` filed on the web, as the portal files them."""
    arguments: dict[str, Any] = {
        "service_code": service_code,
        "description": "Deep hole in the bike lane",
        "attributes": {"size": "large"},
        "location": Location(latitude=41.881, longitude=-87.623, address="100 Main Street"),
        "channel": Channel.WEB,
        "contact": ContactDetails(contact_id=contact.pk) if contact is not None else None,
        "now": NOW,
        "notify": False,
    }
    arguments.update(overrides)
    return service_request_submit(**arguments).service_request
