"""Outbound webhooks: a local receiver checks each signature; a receiver failure is retried
with back-off and nothing is lost; subscriptions get only their event types and department;
the escalation sweep's bulk-written events are delivered too, once per threshold."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

import pytest
from django.test import Client
from django.utils import timezone

from civicdesk.accounts.enums import Role
from civicdesk.catalog.enums import SlaUnit
from civicdesk.core import clock
from civicdesk.notifications.enums import WebhookDeliveryStatus
from civicdesk.notifications.models import WebhookDelivery, WebhookSubscription
from civicdesk.notifications.webhooks import (
    MAX_ATTEMPTS,
    webhook_deliveries_requeue,
    webhook_deliveries_retry_due,
    webhook_signature_is_valid,
)
from civicdesk.routing.services import sla_escalations_sweep
from civicdesk.service_requests.enums import EventType, Priority, Status
from civicdesk.service_requests.services.lifecycle import (
    service_request_acknowledge,
    service_request_add_note,
)
from tests.factories import DepartmentFactory, SlaPolicyFactory, office_calendar, staff_user
from tests.fieldwork.conftest import Streets, file_pothole

pytestmark = pytest.mark.django_db
SECRET = "s3cret-shared-with-the-work-management-system"


class Receiver(BaseHTTPRequestHandler):
    """A department system: checks the signature, answers 500 while told to fail."""

    accepted: ClassVar[list[dict[str, Any]]] = []
    refused: ClassVar[int] = 0
    fail_next: ClassVar[int] = 0

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        is_valid = webhook_signature_is_valid(
            secret=SECRET,
            timestamp=int(self.headers["X-CivicDesk-Timestamp"]),
            body=body,
            signature=self.headers["X-CivicDesk-Signature"],
        )
        if not is_valid:
            self._answer(401)
            return
        if Receiver.fail_next:
            Receiver.fail_next -= 1
            Receiver.refused += 1
            self._answer(500)
            return
        Receiver.accepted.append(
            {
                "event": self.headers["X-CivicDesk-Event"],
                "delivery": self.headers["X-CivicDesk-Delivery"],
                "payload": json.loads(body),
            }
        )
        self._answer(204)

    def _answer(self, status: int) -> None:
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        return


@pytest.fixture
def receiver_url() -> Iterator[str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = ThreadingHTTPServer(("127.0.0.1", port), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    Receiver.accepted, Receiver.refused, Receiver.fail_next = [], 0, 0
    try:
        yield f"http://127.0.0.1:{port}/hooks/civicdesk"
    finally:
        server.shutdown()
        server.server_close()


def _subscribe(streets: Streets, url: str, *types: EventType, secret: str = SECRET) -> Any:
    return WebhookSubscription.objects.create(
        name="Work-management system",
        department=streets.department,
        url=url,
        secret=secret,
        event_types=[t.value for t in types],
    )


def test_signed_deliveries_are_verified_by_the_receiver(
    streets: Streets, receiver_url: str, django_capture_on_commit_callbacks: Any
) -> None:
    _subscribe(streets, receiver_url, EventType.CREATED, EventType.STATUS_CHANGED)
    with django_capture_on_commit_callbacks(execute=True):
        service_request = file_pothole(latitude=42.4012, longitude=-92.847)
    with django_capture_on_commit_callbacks(execute=True):
        service_request_acknowledge(
            service_request=service_request, actor=streets.supervisor, now=timezone.now()
        )
        # A note is not an event this subscription asked for.
        service_request_add_note(
            service_request=service_request,
            note="Internal",
            is_public=False,
            actor=streets.supervisor,
            now=timezone.now(),
        )
    assert [a["event"] for a in Receiver.accepted] == [
        EventType.CREATED.value,
        EventType.STATUS_CHANGED.value,
    ]
    payload = Receiver.accepted[1]["payload"]
    assert payload["service_request"]["id"] == service_request.public_id
    assert payload["service_request"]["department"] == "streets"
    assert payload["event"]["to_status"] == Status.ACKNOWLEDGED
    assert WebhookDelivery.objects.filter(status=WebhookDeliveryStatus.DELIVERED).count() == 2


def test_a_wrong_secret_is_refused_by_the_receiver(
    streets: Streets, receiver_url: str, django_capture_on_commit_callbacks: Any
) -> None:
    _subscribe(streets, receiver_url, EventType.CREATED, secret="not-the-shared-secret")
    with django_capture_on_commit_callbacks(execute=True):
        file_pothole(latitude=42.4012, longitude=-92.847)
    delivery = WebhookDelivery.objects.get()
    assert Receiver.accepted == []
    assert (delivery.status, delivery.last_status_code) == (WebhookDeliveryStatus.PENDING, 401)


def test_receiver_failure_is_retried_with_back_off_and_nothing_is_lost(
    streets: Streets, receiver_url: str, django_capture_on_commit_callbacks: Any
) -> None:
    _subscribe(streets, receiver_url, EventType.CREATED)
    Receiver.fail_next = 3
    with django_capture_on_commit_callbacks(execute=True):
        requests = [file_pothole(latitude=42.4012, longitude=-92.847) for _ in range(3)]
    assert Receiver.accepted == []
    assert Receiver.refused == 3
    first = WebhookDelivery.objects.order_by("pk").first()
    assert first is not None
    assert first.attempts == 1
    assert first.next_attempt_at is not None
    now = timezone.now()
    # Nothing is due before the back-off has passed.
    assert webhook_deliveries_retry_due(now=now) == 0
    assert webhook_deliveries_retry_due(now=now + timedelta(seconds=31)) == 3
    assert sorted(a["payload"]["service_request"]["id"] for a in Receiver.accepted) == sorted(
        r.public_id for r in requests
    )
    # Each event was accepted exactly once, under one delivery id across its attempts.
    assert len({a["delivery"] for a in Receiver.accepted}) == 3
    assert webhook_deliveries_retry_due(now=now + timedelta(days=2)) == 0
    assert len(Receiver.accepted) == 3


def test_a_delivery_is_given_up_after_the_last_attempt_and_can_be_retried_from_the_admin(
    streets: Streets, receiver_url: str, django_capture_on_commit_callbacks: Any
) -> None:
    _subscribe(streets, receiver_url, EventType.CREATED)
    Receiver.fail_next = MAX_ATTEMPTS
    with django_capture_on_commit_callbacks(execute=True):
        file_pothole(latitude=42.4012, longitude=-92.847)
    moment = timezone.now()
    for _attempt in range(MAX_ATTEMPTS):
        moment += timedelta(days=1)
        webhook_deliveries_retry_due(now=moment)
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == (WebhookDeliveryStatus.FAILED, MAX_ATTEMPTS)
    with django_capture_on_commit_callbacks(execute=True):
        assert webhook_deliveries_requeue(delivery_ids=[delivery.pk], now=timezone.now()) == 1
    delivery.refresh_from_db()
    assert delivery.status == WebhookDeliveryStatus.DELIVERED
    assert len(Receiver.accepted) == 1


def test_other_departments_events_are_not_sent(
    streets: Streets, receiver_url: str, django_capture_on_commit_callbacks: Any
) -> None:
    WebhookSubscription.objects.create(
        name="Parks system",
        department=DepartmentFactory(code="parks"),
        url=receiver_url,
        secret=SECRET,
        event_types=[EventType.CREATED.value],
    )
    with django_capture_on_commit_callbacks(execute=True):
        file_pothole(latitude=42.4012, longitude=-92.847)
    assert not WebhookDelivery.objects.exists()
    assert Receiver.accepted == []


def test_delivery_log_in_the_admin__administrators_only(
    streets: Streets, receiver_url: str, client: Client
) -> None:
    _subscribe(streets, receiver_url, EventType.CREATED)
    file_pothole(latitude=42.4012, longitude=-92.847)
    url = "/admin/notifications/webhookdelivery/"
    assert client.get(url).status_code == 302
    client.force_login(staff_user(Role.DEPARTMENT_STAFF, department=streets.department))
    assert client.get(url).status_code == 302
    client.force_login(staff_user(Role.ADMINISTRATOR))
    response = client.get(url)
    assert response.status_code == 200
    assert "service_request.created" in response.content.decode()
    delivery = WebhookDelivery.objects.get()
    for path in (
        f"{url}{delivery.pk}/change/",
        "/admin/notifications/webhooksubscription/?q=work",
        f"/admin/notifications/webhooksubscription/{delivery.subscription_id}/change/",
    ):
        assert client.get(path).status_code == 200, path


def test_escalations_of_the_sweep_reach_subscribers_once_per_threshold(
    streets: Streets,
    receiver_url: str,
    django_capture_on_commit_callbacks: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    streets.pothole.sla_policy = SlaPolicyFactory(
        calendar=office_calendar(is_always_open=True),
        target_unit=SlaUnit.CALENDAR_HOURS,
        target_value=10,
    )
    streets.pothole.save()
    _subscribe(streets, receiver_url, EventType.ESCALATED)
    # Neither another department's system nor one that wants other events hears of it.
    WebhookSubscription.objects.create(
        name="Parks system",
        department=DepartmentFactory(code="parks"),
        url=receiver_url,
        secret=SECRET,
        event_types=[EventType.ESCALATED.value],
    )
    _subscribe(streets, receiver_url, EventType.NOTE_ADDED)
    # Filed two hours ago: at risk in six hours (80 % of ten), due in eight.
    requests = [file_pothole(latitude=42.4012, longitude=-92.847) for _ in range(2)]
    now = timezone.now()

    for hours in (6.5, 6.6, 9, 9.1):
        moment = now + timedelta(hours=hours)
        # The sweep and the sending task read the same clock, as in the scheduler's worker.
        monkeypatch.setattr(clock, "now", lambda moment=moment: moment)
        with django_capture_on_commit_callbacks(execute=True):
            sla_escalations_sweep(now=moment)

    received = sorted(
        (a["payload"]["service_request"]["id"], a["payload"]["event"]["data"]["threshold"])
        for a in Receiver.accepted
    )
    assert received == sorted(
        (r.public_id, threshold) for r in requests for threshold in ("at_risk", "breached")
    )
    assert {a["event"] for a in Receiver.accepted} == {EventType.ESCALATED.value}
    breach = next(
        a["payload"]
        for a in Receiver.accepted
        if a["payload"]["event"]["data"]["threshold"] == "breached"
    )
    assert (breach["event"]["data"]["priority_from"], breach["event"]["data"]["priority_to"]) == (
        Priority.HIGH,
        Priority.URGENT,
    )
    assert breach["service_request"]["priority"] == Priority.URGENT
    assert WebhookDelivery.objects.count() == 4
    assert not WebhookDelivery.objects.exclude(status=WebhookDeliveryStatus.DELIVERED).exists()


def test_subscription_changes_take_effect_at_once(streets: Streets, receiver_url: str) -> None:
    """Who listens is kept per process; adding, pausing or removing a subscription is seen by
    the very next event."""
    file_pothole(latitude=42.4012, longitude=-92.847)  # nobody listens yet
    assert WebhookDelivery.objects.count() == 0
    subscription = _subscribe(streets, receiver_url, EventType.CREATED)
    file_pothole(latitude=42.4012, longitude=-92.847)
    assert WebhookDelivery.objects.count() == 1
    subscription.is_active = False
    subscription.save()
    file_pothole(latitude=42.4012, longitude=-92.847)
    assert WebhookDelivery.objects.count() == 1
    subscription.is_active = True
    subscription.event_types = [EventType.STATUS_CHANGED.value]
    subscription.save()
    file_pothole(latitude=42.4012, longitude=-92.847)
    assert WebhookDelivery.objects.count() == 1
    subscription.delete()
    _subscribe(streets, receiver_url, EventType.CREATED)
    file_pothole(latitude=42.4012, longitude=-92.847)
    assert WebhookDelivery.objects.count() == 1  # the deleted one's deliveries went with it
    assert WebhookDelivery.objects.get().subscription.event_types == [EventType.CREATED.value]
