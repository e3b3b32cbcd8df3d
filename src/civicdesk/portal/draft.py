"""The report a resident is writing, kept in their session between the steps of the form.

A draft holds one service's answers, location, contact details and the keys of its photos.
Photos are checked and cleaned by the media service when uploaded and kept in the cache (shared
by every web process) for `PHOTO_SECONDS`; the draft keeps only their keys, so the session stays
small. Submitting, or starting a report of another service, ends the draft.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, field
from typing import Any

from django.contrib.sessions.backends.base import SessionBase
from django.core.cache import cache

from civicdesk.service_requests.services.media import PreparedMedia

SESSION_KEY = "portal_report"
ERRORS_KEY = "portal_report_errors"
FILED_KEY = "portal_filed"
MAX_PHOTOS = 3
PHOTO_SECONDS = 3 * 60 * 60


@dataclass
class Draft:
    service_code: str
    answers: dict[str, Any] = field(default_factory=dict)
    description: str = ""
    has_details: bool = False
    address: str = ""
    latitude: str = ""
    longitude: str = ""
    address_id: str = ""
    has_location: bool = False
    has_seen_duplicates: bool = False
    photo_keys: list[str] = field(default_factory=list)
    has_photos: bool = False
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    phone: str = ""
    notify_by: str = "none"
    has_contact: bool = False

    @property
    def is_anonymous(self) -> bool:
        return not (self.email.strip() or self.phone.strip())


def draft_load(session: SessionBase, service_code: str) -> Draft:
    """The draft for `service_code`; a fresh one when the session holds another service's."""
    stored = session.get(SESSION_KEY)
    if isinstance(stored, dict) and stored.get("service_code") == service_code:
        known = {name: stored[name] for name in Draft.__dataclass_fields__ if name in stored}
        return Draft(**known)
    return Draft(service_code=service_code)


def draft_save(session: SessionBase, draft: Draft) -> None:
    session[SESSION_KEY] = asdict(draft)


def draft_end(session: SessionBase, draft: Draft) -> None:
    for key in draft.photo_keys:
        cache.delete(_photo_cache_key(key))
    session.pop(SESSION_KEY, None)
    session.pop(ERRORS_KEY, None)


def _photo_cache_key(key: str) -> str:
    return f"portal:photo:{key}"


def photo_keep(media: PreparedMedia) -> str:
    key = uuid.uuid4().hex
    cache.set(_photo_cache_key(key), media, timeout=PHOTO_SECONDS)
    return key


def photo_get(key: str) -> PreparedMedia | None:
    media = cache.get(_photo_cache_key(key))
    return media if isinstance(media, PreparedMedia) else None


def photo_forget(key: str) -> None:
    cache.delete(_photo_cache_key(key))


def errors_keep(session: SessionBase, errors: dict[str, list[str]]) -> None:
    """Problems intake found, to show next to their fields on the step that asks for them."""
    session[ERRORS_KEY] = {
        name: [str(message) for message in messages] for name, messages in errors.items()
    }


def errors_take(session: SessionBase) -> dict[str, list[str]]:
    errors = session.pop(ERRORS_KEY, None)
    return errors if isinstance(errors, dict) else {}
