"""The hooks that ask residents for a survey, called inside the transaction of what triggered
them; the invitation itself is queued for after the commit.

- `survey_after_timeline_event(event=…)`: called by `notifications.dispatch` for every new
  timeline event; a public status change to resolved or closed queues the request's survey.
- `survey_after_interaction(interaction=…)`: called when an agent logs the outcome of a
  contact-center interaction; queues the interaction's survey.

Both are safe to run twice: the invitation is unique per request and per interaction.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from civicdesk.service_requests.enums import EventType

if TYPE_CHECKING:
    from civicdesk.crm.models import Interaction
    from civicdesk.service_requests.models import ServiceRequestEvent


def survey_after_timeline_event(*, event: ServiceRequestEvent) -> None:
    from civicdesk.surveys.services import SURVEYED_STATUSES

    if (
        event.event_type != EventType.STATUS_CHANGED
        or not event.is_public
        or event.to_status not in SURVEYED_STATUSES
        or event.service_request.requester_id is None
    ):
        return
    from civicdesk.surveys.tasks import survey_invitation_for_request_send

    service_request_id = event.service_request_id
    transaction.on_commit(
        lambda: survey_invitation_for_request_send.enqueue(service_request_id=service_request_id)
    )


def survey_after_interaction(*, interaction: Interaction) -> None:
    from civicdesk.surveys.services import UNSURVEYED_OUTCOMES

    if interaction.contact_id is None or interaction.outcome in UNSURVEYED_OUTCOMES:
        return
    from civicdesk.surveys.tasks import survey_invitation_for_interaction_send

    interaction_id = interaction.pk
    transaction.on_commit(
        lambda: survey_invitation_for_interaction_send.enqueue(interaction_id=interaction_id)
    )
