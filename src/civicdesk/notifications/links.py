"""Signed links in messages to residents: "is it fixed?" and unsubscribe.

The tokens are Django-signed (the SECRET_KEY), so nothing needs storing; opening a link only
shows a page with a button, so a mail scanner that follows links changes nothing.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing

_RESOLUTION_SALT = "civicdesk.notifications.resolution"
_UNSUBSCRIBE_SALT = "civicdesk.notifications.unsubscribe"
# How long the "is it fixed?" link works after the request was resolved.
RESOLUTION_LINK_MAX_AGE_SECONDS = 60 * 60 * 24 * 60


def _base() -> str:
    return str(settings.CIVICDESK["PUBLIC_URL"]).rstrip("/")


def resolution_token(*, service_request_id: int, event_id: int) -> str:
    return signing.dumps([service_request_id, event_id], salt=_RESOLUTION_SALT, compress=True)


def resolution_token_read(token: str) -> tuple[int, int] | None:
    """(request id, resolved event id), or None for a forged, damaged or expired token."""
    try:
        value = signing.loads(token, salt=_RESOLUTION_SALT, max_age=RESOLUTION_LINK_MAX_AGE_SECONDS)
    except signing.BadSignature:
        return None
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not all(isinstance(item, int) for item in value)
    ):
        return None
    return value[0], value[1]


def resolution_url(*, service_request_id: int, event_id: int) -> str:
    token = resolution_token(service_request_id=service_request_id, event_id=event_id)
    return f"{_base()}/notifications/fixed/{token}/"


def unsubscribe_token(*, contact_id: int) -> str:
    return signing.dumps(contact_id, salt=_UNSUBSCRIBE_SALT)


def unsubscribe_token_read(token: str) -> int | None:
    try:
        value = signing.loads(token, salt=_UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None


def unsubscribe_url(*, contact_id: int) -> str:
    return f"{_base()}/notifications/unsubscribe/{unsubscribe_token(contact_id=contact_id)}/"


def track_url(public_id: str) -> str:
    return f"{_base()}/requests/{public_id}/"
