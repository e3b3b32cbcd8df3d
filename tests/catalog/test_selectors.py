from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from civicdesk.catalog.models import ServiceAttribute
from civicdesk.catalog.selectors import service_get_for_intake
from tests.factories import ServiceFactory


@pytest.mark.django_db
def test_service_for_intake__read_once_then_served_without_queries() -> None:
    ServiceFactory(code="POTHOLE", name="Pothole")
    assert service_get_for_intake(code="POTHOLE") is not None
    with CaptureQueriesContext(connection) as queries:
        service = service_get_for_intake(code="POTHOLE")
    assert service is not None
    assert service.name == "Pothole"
    assert len(queries) == 0


@pytest.mark.django_db
def test_service_for_intake__a_catalog_change_is_seen_at_once() -> None:
    pothole = ServiceFactory(code="POTHOLE", name="Pothole")
    before = service_get_for_intake(code="POTHOLE")
    assert before is not None
    assert [a.code for a in before.active_attributes] == []  # type: ignore[attr-defined]
    ServiceAttribute.objects.create(
        service=pothole, code="depth", variable=True, datatype="number", order=1
    )
    pothole.name = "Pothole in the street"
    pothole.save()
    after = service_get_for_intake(code="POTHOLE")
    assert after is not None
    assert after.name == "Pothole in the street"
    assert [a.code for a in after.active_attributes] == ["depth"]  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_service_for_intake__deactivated_service_is_no_longer_offered() -> None:
    pothole = ServiceFactory(code="POTHOLE")
    assert service_get_for_intake(code="POTHOLE") is not None
    pothole.is_active = False
    pothole.save()
    assert service_get_for_intake(code="POTHOLE") is None
