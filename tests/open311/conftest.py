"""A small city for the Open311 tests: three services, an API key, and a way to file requests
through intake at a chosen time."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import caches
from django.test import Client

from civicdesk.accounts.services import api_key_create
from civicdesk.catalog.enums import AttributeDatatype, ServiceType
from civicdesk.catalog.models import Service
from civicdesk.crm.enums import Channel
from civicdesk.crm.services import ContactDetails
from civicdesk.service_requests.models import ServiceRequest
from civicdesk.service_requests.services.intake import Location, service_request_submit
from tests.factories import (
    DepartmentFactory,
    ServiceAttributeFactory,
    ServiceAttributeValueFactory,
    ServiceFactory,
)

CHICAGO = ZoneInfo("America/Chicago")
BASE = "/open311/v2"
FIXTURES = Path(
    os.environ.get(
        "OPEN311_FIXTURES_DIR",
        str(Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "open311"),
    )
)
SCHEMA_DIR = FIXTURES / "schema"


@dataclass(frozen=True)
class City:
    pothole: Service
    bulky: Service
    graffiti: Service
    api_key: str


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> Iterator[None]:
    caches["default"].clear()
    yield
    caches["default"].clear()


@pytest.fixture
def city(db: None) -> City:
    streets = DepartmentFactory(code="streets", name="Streets and Sanitation")
    pothole = ServiceFactory(
        code="POT",
        name="Pothole",
        description="A hole in the street.",
        group="Streets",
        keywords="pothole,hole,road",
        department=streets,
    )
    where = ServiceAttributeFactory(
        service=pothole,
        code="WHERE",
        datatype=AttributeDatatype.SINGLEVALUELIST,
        description="Where is it?",
        required=True,
        order=1,
    )
    ServiceAttributeValueFactory(attribute=where, key="STREET", name="Street")
    ServiceAttributeValueFactory(attribute=where, key="ALLEY", name="Alley")
    sides = ServiceAttributeFactory(
        service=pothole,
        code="SIDES",
        datatype=AttributeDatatype.MULTIVALUELIST,
        description="Which sides?",
        order=3,
    )
    for key, name in (("N", "North"), ("S", "South"), ("E", "East")):
        ServiceAttributeValueFactory(attribute=sides, key=key, name=name)
    ServiceAttributeFactory(
        service=pothole,
        code="NOTICE",
        datatype=AttributeDatatype.TEXT,
        variable=False,
        description="We fix potholes within 3 business days.",
        order=9,
    )
    bulky = ServiceFactory(
        code="BULKY",
        name="Bulky item pickup",
        group="Sanitation",
        type=ServiceType.BATCH,
        department=DepartmentFactory(code="sanitation", name="Sanitation"),
    )
    graffiti = ServiceFactory(
        code="GRAF", name="Graffiti", group="Sanitation", keywords="", department=streets
    )
    _api_key, raw_key = api_key_create(name="Test app", actor=None, now=datetime.now(CHICAGO))
    return City(pothole=pothole, bulky=bulky, graffiti=graffiti, api_key=raw_key)


Submit = Callable[..., ServiceRequest]


@pytest.fixture
def submit(city: City) -> Submit:
    """File a request through intake as if at `now` (the API's own clock cannot be set)."""

    def file(
        *,
        now: datetime,
        service: Service | None = None,
        description: str = "Deep hole",
        latitude: float = 41.8800,
        longitude: float = -87.6300,
        email: str = "",
        attributes: dict[str, Any] | None = None,
    ) -> ServiceRequest:
        service = service or city.graffiti
        return service_request_submit(
            service_code=service.code,
            description=description,
            attributes=attributes or {},
            location=Location(latitude=latitude, longitude=longitude, address="100 Main St"),
            channel=Channel.PHONE,
            contact=ContactDetails(first_name="Ada", last_name="Lovelace", email=email)
            if email
            else None,
            now=now,
            notify=False,
        ).service_request

    return file


def get(client: Client, path: str, **params: Any) -> Any:
    return client.get(f"{BASE}/{path}", params)


def parse(response: Any) -> Any:
    """The body as Python: JSON as is; XML as an ElementTree element."""
    if response["Content-Type"].startswith("application/json"):
        return json.loads(response.content)
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert response.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    return ET.fromstring(response.content)  # noqa: S314 - our own server's output


def errors_of(response: Any, fmt: str) -> list[tuple[int, str]]:
    """(code, description) of each error in the error document of either format."""
    body = parse(response)
    if fmt == "json":
        return [(item["code"], item["description"]) for item in body]
    assert body.tag == "errors"
    return [
        (int(error.findtext("code") or 0), error.findtext("description") or "")
        for error in body.findall("error")
    ]
