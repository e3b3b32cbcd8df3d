"""The agent console's use case that reaches beyond the CRM: filing a request on a resident's
behalf, through the one intake service. (Not imported by `crm.services`, which intake uses.)"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.db import transaction

from civicdesk.accounts.models import User
from civicdesk.crm.enums import Channel
from civicdesk.crm.models import Contact, ServiceCenter
from civicdesk.crm.services.contacts import ContactDetails
from civicdesk.crm.services.interactions import interaction_complete
from civicdesk.service_requests.services.intake import (
    IntakeResult,
    Location,
    service_request_submit,
)


@transaction.atomic
def service_request_file_for_contact(
    *,
    contact: Contact,
    service_code: str,
    description: str,
    attributes: Mapping[str, Any],
    location: Location,
    channel: Channel,
    started_at: datetime,
    actor: User,
    now: datetime,
    service_center: ServiceCenter | None = None,
    call_id: str = "",
    notes: str = "",
    is_first_contact_resolution: bool = False,
) -> IntakeResult:
    """File the resident's request through intake (validation, geocoding, routing, SLA, the
    interaction, the confirmation) with the agent as actor, and complete the interaction intake
    logged with what the console knows: the desk, the call, the notes, first-contact resolution.
    Raises `IntakeValidationError` and stores nothing when intake refuses."""
    result = service_request_submit(
        service_code=service_code,
        description=description,
        attributes=attributes,
        location=location,
        channel=channel,
        contact=ContactDetails(contact_id=contact.pk, language=contact.preferred_language),
        language=contact.preferred_language,
        actor=actor,
        now=now,
        interaction_started_at=min(started_at, now),
    )
    interaction_complete(
        interaction=result.interaction,
        service_center=service_center,
        call_id=call_id,
        notes=notes,
        is_first_contact_resolution=is_first_contact_resolution,
    )
    return result
