"""Text messages through a small provider interface, chosen by the `SMS_PROVIDER` setting.

`ConsoleSmsProvider` writes messages to standard output (development); `LocmemSmsProvider`
keeps them in `outbox` (tests); `TwilioSmsProvider` sends them with the `twilio` library's REST
client. A provider raises `SmsError` when the message was not accepted, so the caller can
record it and retry later.
"""

from __future__ import annotations

import sys
import threading
from dataclasses import dataclass
from functools import cache
from typing import Any, Protocol

from django.conf import settings
from django.utils.module_loading import import_string

_TWILIO_API = "https://api.twilio.com"


class SmsError(Exception):
    """The provider did not accept the message."""


class SmsProvider(Protocol):
    def send(self, *, to: str, body: str) -> str:
        """Send `body` to the E.164 number `to`; return the provider's message id."""
        ...


class ConsoleSmsProvider:
    """Writes each message to standard output, as Django's console e-mail backend does."""

    _lock = threading.Lock()
    _counter = 0

    def send(self, *, to: str, body: str) -> str:
        with self._lock:
            ConsoleSmsProvider._counter += 1
            message_id = f"console-{ConsoleSmsProvider._counter}"
        sys.stdout.write(f"SMS {message_id} to {to}:\n{body}\n{'-' * 40}\n")
        sys.stdout.flush()
        return message_id


@dataclass(frozen=True)
class SmsMessage:
    message_id: str
    to: str
    body: str


# What `LocmemSmsProvider` was asked to send, oldest first (like Django's `mail.outbox`).
outbox: list[SmsMessage] = []


class LocmemSmsProvider:
    """Keeps each message in `civicdesk.notifications.sms.outbox` and sends nothing: for tests
    (the browser tests' server runs in the test's process, so they read the same list)."""

    _lock = threading.Lock()

    def send(self, *, to: str, body: str) -> str:
        with self._lock:
            message = SmsMessage(message_id=f"locmem-{len(outbox) + 1}", to=to, body=body)
            outbox.append(message)
        return message.message_id


class TwilioSmsProvider:
    """Twilio's Messages API through the `twilio` library.

    Settings (`CIVICDESK`): `TWILIO_ACCOUNT_SID`, `TWILIO_AUTH_TOKEN`, and either
    `TWILIO_FROM_NUMBER` or `TWILIO_MESSAGING_SERVICE_SID`. `TWILIO_API_BASE_URL` replaces
    https://api.twilio.com (a regional edge, a proxy, or a local fake in tests).
    """

    def __init__(self) -> None:
        # twilio ships no type information.
        from twilio.http.http_client import TwilioHttpClient  # type: ignore[import-untyped]
        from twilio.rest import Client  # type: ignore[import-untyped]

        civic = settings.CIVICDESK
        self.from_number = civic.get("TWILIO_FROM_NUMBER", "")
        self.messaging_service_sid = civic.get("TWILIO_MESSAGING_SERVICE_SID", "")
        base_url = str(civic.get("TWILIO_API_BASE_URL", "")).rstrip("/")
        timeout = float(civic.get("SMS_TIMEOUT_SECONDS", 10))

        class _Rebased(TwilioHttpClient):
            def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Any:
                if base_url and url.startswith(_TWILIO_API):
                    url = base_url + url[len(_TWILIO_API) :]
                return super().request(method, url, *args, **kwargs)

        self.client = Client(
            civic.get("TWILIO_ACCOUNT_SID", ""),
            civic.get("TWILIO_AUTH_TOKEN", ""),
            http_client=_Rebased(timeout=timeout),
        )

    def send(self, *, to: str, body: str) -> str:
        from twilio.base.exceptions import TwilioException  # type: ignore[import-untyped]

        options: dict[str, str] = {"to": to, "body": body}
        if self.messaging_service_sid:
            options["messaging_service_sid"] = self.messaging_service_sid
        else:
            options["from_"] = self.from_number
        try:
            message = self.client.messages.create(**options)
        except (TwilioException, OSError) as error:
            raise SmsError(str(error)) from error
        return str(message.sid)


@cache
def _provider_class(path: str) -> type[Any]:
    provider_class: type[Any] = import_string(path)
    return provider_class


def sms_provider() -> SmsProvider:
    """A provider of the class named by `CIVICDESK["SMS_PROVIDER"]`."""
    path = settings.CIVICDESK.get("SMS_PROVIDER", "civicdesk.notifications.sms.ConsoleSmsProvider")
    provider: SmsProvider = _provider_class(path)()
    return provider
