"""The links in residents' messages: "is it fixed?" (yes closes, no reopens) and unsubscribe.

Anyone holding a link may use it, and no one else: a forged or altered token is "not found";
opening a link (GET, as mail scanners do) changes nothing.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from civicdesk.crm.models import Contact
from civicdesk.notifications import links
from civicdesk.service_requests.enums import Status
from civicdesk.service_requests.models import ServiceRequest, ServiceRequestEvent
from civicdesk.service_requests.services.lifecycle import service_request_change_status
from tests.fieldwork.conftest import Streets, file_pothole

pytestmark = pytest.mark.django_db


def _resolved(streets: Streets) -> tuple[ServiceRequest, str]:
    service_request = file_pothole(latitude=42.4, longitude=-92.8, email="ben@mail.example")
    now = timezone.now()
    for status in (Status.IN_PROGRESS, Status.RESOLVED):
        service_request_change_status(
            service_request=service_request,
            to_status=status,
            actor=streets.supervisor,
            now=now,
            note="Patched.",
        )
    event = service_request.events.get(to_status=Status.RESOLVED)
    token = links.resolution_token(service_request_id=service_request.pk, event_id=event.pk)
    return service_request, token


def _status(service_request: ServiceRequest) -> str:
    service_request.refresh_from_db()
    return service_request.status


def test_fixed__opening_the_link_only_asks(streets: Streets, client: Client) -> None:
    service_request, token = _resolved(streets)
    events = ServiceRequestEvent.objects.count()
    response = client.get(f"/notifications/fixed/{token}/")
    assert response.status_code == 200
    assert "Is it fixed?" in response.content.decode()
    assert _status(service_request) == Status.RESOLVED
    assert ServiceRequestEvent.objects.count() == events


def test_fixed__yes_closes_the_request(streets: Streets, client: Client) -> None:
    service_request, token = _resolved(streets)
    response = client.post(f"/notifications/fixed/{token}/", {"answer": "fixed"})
    assert response.status_code == 302
    assert _status(service_request) == Status.CLOSED
    closing = service_request.events.get(to_status=Status.CLOSED)
    assert closing.data == {"resident_answer": "fixed"}


def test_fixed__no_reopens_with_the_comment_kept_internal(
    streets: Streets, client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    service_request, token = _resolved(streets)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/notifications/fixed/{token}/",
            {"answer": "not_fixed", "comment": "Still a hole by my driveway"},
        )
    assert response.status_code == 302
    assert _status(service_request) == Status.IN_PROGRESS
    reopened = service_request.events.get(from_status=Status.RESOLVED)
    assert reopened.is_public
    assert reopened.to_status == Status.IN_PROGRESS
    comment = service_request.events.get(note="Still a hole by my driveway")
    assert not comment.is_public
    # The link is spent: the request changed since.
    again = client.post(f"/notifications/fixed/{token}/", {"answer": "fixed"})
    assert again.status_code == 200
    assert "no longer applies" in again.content.decode()
    assert _status(service_request) == Status.IN_PROGRESS
    # Reopening is not news the resident needs by e-mail: they asked for it.
    assert mail.outbox == []


def test_fixed__a_forged_or_altered_link_is_not_found(streets: Streets, client: Client) -> None:
    service_request, token = _resolved(streets)
    other = file_pothole(latitude=42.4, longitude=-92.8)
    event = service_request.events.get(to_status=Status.RESOLVED)
    wrong_request = links.resolution_token(service_request_id=other.pk, event_id=event.pk)
    for bad in (token[:-2] + "xx", "nonsense", wrong_request):
        assert client.post(f"/notifications/fixed/{bad}/", {"answer": "fixed"}).status_code == 404
    assert _status(service_request) == Status.RESOLVED


def test_fixed__an_answer_must_be_chosen(streets: Streets, client: Client) -> None:
    service_request, token = _resolved(streets)
    response = client.post(f"/notifications/fixed/{token}/", {"answer": "maybe"})
    assert response.status_code == 400
    assert _status(service_request) == Status.RESOLVED


def test_unsubscribe__asks_then_stops_updates(streets: Streets, client: Client) -> None:
    service_request = file_pothole(latitude=42.4, longitude=-92.8, email="ben@mail.example")
    contact = service_request.requester
    assert contact is not None
    url = f"/notifications/unsubscribe/{links.unsubscribe_token(contact_id=contact.pk)}/"
    assert client.get(url).status_code == 200
    assert Contact.objects.get(pk=contact.pk).wants_status_updates
    assert client.post(url).status_code == 200
    assert not Contact.objects.get(pk=contact.pk).wants_status_updates
    assert client.post(url[:-3] + "x/").status_code == 404


def test_unsubscribe__spanish_page(streets: Streets, client: Client) -> None:
    service_request = file_pothole(latitude=42.4, longitude=-92.8, email="ana@mail.example")
    assert service_request.requester is not None
    token = links.unsubscribe_token(contact_id=service_request.requester.pk)
    response = client.get(f"/notifications/unsubscribe/{token}/", headers={"accept-language": "es"})
    assert "Dejar de recibir mensajes" in response.content.decode()
