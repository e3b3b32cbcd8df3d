"""Shared set-up of the survey tests: the default surveys, a street department, and a
resident's pothole taken through to resolved."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone

from civicdesk.notifications import sms
from civicdesk.service_requests.enums import Status
from civicdesk.service_requests.models import ServiceRequest
from civicdesk.service_requests.services.lifecycle import service_request_change_status
from civicdesk.surveys.seed import seed_surveys
from tests.fieldwork.conftest import Streets, file_pothole, streets

__all__ = ["streets"]

LOCMEM_SMS = "civicdesk.notifications.sms.LocmemSmsProvider"


@pytest.fixture
def surveys() -> None:
    seed_surveys()


@pytest.fixture
def sms_outbox(settings: Any) -> Iterator[list[sms.SmsMessage]]:
    """Text messages kept in memory (`notifications.sms.outbox`), emptied for each test."""
    settings.CIVICDESK = {**settings.CIVICDESK, "SMS_PROVIDER": LOCMEM_SMS}
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()


def resident_pothole(
    *,
    email: str = "",
    phone: str = "",
    language: str = "en",
    has_survey_consent: bool = True,
    **contact_fields: Any,
) -> ServiceRequest:
    """A pothole on Alder Street from a resident who agreed to surveys (unless told)."""
    service_request = file_pothole(
        latitude=42.4,
        longitude=-92.8,
        email=email,
        phone=phone,
        language=language,
        address="120 Alder Street",
    )
    contact = service_request.requester
    assert contact is not None
    contact.has_survey_consent = has_survey_consent
    for name, value in contact_fields.items():
        setattr(contact, name, value)
    contact.save()
    return service_request


def move(
    streets: Streets, service_request: ServiceRequest, capture: Any, *statuses: Status
) -> ServiceRequest:
    """Take the request through `statuses`, running what is queued after each commit."""
    for status in statuses:
        with capture(execute=True):
            service_request = service_request_change_status(
                service_request=service_request,
                to_status=status,
                actor=streets.supervisor,
                now=timezone.now(),
                note="Done." if status == Status.CANCELLED else "",
            )
    return service_request
