"""Real delivery: e-mail to a real local SMTP server (aiosmtpd), text messages through the
console provider and through Twilio's REST client pointed at a local fake Twilio."""

from __future__ import annotations

import base64
import json
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar
from urllib.parse import parse_qs

import pytest
from django.conf import settings
from django.test import override_settings
from django.utils import timezone

from civicdesk.crm.enums import ContactMethod
from civicdesk.notifications.enums import DeliveryStatus
from civicdesk.notifications.models import Notification
from civicdesk.notifications.sms import ConsoleSmsProvider, SmsError, TwilioSmsProvider
from civicdesk.service_requests.services.lifecycle import service_request_acknowledge
from tests.crm.test_console_browser import Inbox, smtp_inbox
from tests.fieldwork.conftest import Streets, file_pothole

pytestmark = pytest.mark.django_db
__all__ = ["smtp_inbox"]


def test_status_message_reaches_a_real_smtp_server(
    streets: Streets, smtp_inbox: Inbox, django_capture_on_commit_callbacks: Any
) -> None:
    service_request = file_pothole(
        latitude=42.4, longitude=-92.8, email="ana@mail.example", language="es"
    )
    with django_capture_on_commit_callbacks(execute=True):
        service_request_acknowledge(
            service_request=service_request, actor=streets.supervisor, now=timezone.now()
        )
    [(recipients, message)] = smtp_inbox.wait_for(1)
    assert recipients == ["ana@mail.example"]
    assert message["Subject"] == f"Estamos revisando su solicitud {service_request.public_id}"
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    assert "se ocupa de ella" in body.get_content()
    assert Notification.objects.get().status == DeliveryStatus.SENT


def test_console_provider_prints_the_message(capsys: pytest.CaptureFixture[str]) -> None:
    message_id = ConsoleSmsProvider().send(to="+15155550142", body="Hello from 311")
    printed = capsys.readouterr().out
    assert message_id.startswith("console-")
    assert "+15155550142" in printed
    assert "Hello from 311" in printed


class FakeTwilio(BaseHTTPRequestHandler):
    """Twilio's Messages endpoint, as far as the client needs it."""

    received: ClassVar[list[dict[str, Any]]] = []
    fail_next: ClassVar[int] = 0

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        form = parse_qs(self.rfile.read(length).decode())
        authorization = self.headers.get("Authorization", "")
        FakeTwilio.received.append(
            {
                "path": self.path,
                "form": {key: values[0] for key, values in form.items()},
                "auth": base64.b64decode(authorization.removeprefix("Basic ")).decode(),
            }
        )
        if FakeTwilio.fail_next:
            FakeTwilio.fail_next -= 1
            self._answer(500, {"code": 20500, "message": "Internal Server Error", "status": 500})
            return
        self._answer(
            201,
            {
                "sid": f"SM{len(FakeTwilio.received):032d}",
                "status": "queued",
                "to": form["To"][0],
                "body": form["Body"][0],
            },
        )

    def _answer(self, status: int, payload: dict[str, Any]) -> None:
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        return


@pytest.fixture
def fake_twilio() -> Iterator[str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = ThreadingHTTPServer(("127.0.0.1", port), FakeTwilio)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    FakeTwilio.received = []
    FakeTwilio.fail_next = 0
    civicdesk = {
        **settings.CIVICDESK,
        "SMS_PROVIDER": "civicdesk.notifications.sms.TwilioSmsProvider",
        "TWILIO_ACCOUNT_SID": "AC" + "1" * 32,
        "TWILIO_AUTH_TOKEN": "test-token",
        "TWILIO_FROM_NUMBER": "+15155550100",
        "TWILIO_API_BASE_URL": f"http://127.0.0.1:{port}",
    }
    try:
        with override_settings(CIVICDESK=civicdesk):
            yield f"http://127.0.0.1:{port}"
    finally:
        server.shutdown()
        server.server_close()


def test_twilio_provider_sends_through_the_rest_api(fake_twilio: str) -> None:
    sid = TwilioSmsProvider().send(to="+15155550142", body="Your request 26-00000001")
    [request] = FakeTwilio.received
    assert request["path"] == f"/2010-04-01/Accounts/AC{'1' * 32}/Messages.json"
    assert request["form"] == {
        "To": "+15155550142",
        "From": "+15155550100",
        "Body": "Your request 26-00000001",
    }
    assert request["auth"] == f"AC{'1' * 32}:test-token"
    assert sid.startswith("SM")


def test_twilio_refusal_is_recorded_and_retried(
    streets: Streets, fake_twilio: str, django_capture_on_commit_callbacks: Any
) -> None:
    from civicdesk.notifications.delivery import notifications_retry_due

    service_request = file_pothole(
        latitude=42.4, longitude=-92.8, phone="+1 515 555 0142", language="es"
    )
    assert service_request.requester is not None
    service_request.requester.preferred_contact_method = ContactMethod.SMS
    service_request.requester.save()
    FakeTwilio.fail_next = 1
    with django_capture_on_commit_callbacks(execute=True):
        service_request_acknowledge(
            service_request=service_request, actor=streets.supervisor, now=timezone.now()
        )
    failed = Notification.objects.get()
    assert failed.status == DeliveryStatus.FAILED
    assert failed.next_attempt_at is not None
    assert notifications_retry_due(now=failed.next_attempt_at) == 1
    assert [r["form"]["To"] for r in FakeTwilio.received] == ["+15155550142"] * 2
    assert "estamos revisando su solicitud" in FakeTwilio.received[-1]["form"]["Body"]
    assert Notification.objects.get().status == DeliveryStatus.SENT
    FakeTwilio.fail_next = 1
    provider = TwilioSmsProvider()
    with pytest.raises(SmsError):
        provider.send(to="+15155550142", body="x")
