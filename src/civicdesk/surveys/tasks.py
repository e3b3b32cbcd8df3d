"""Background work of the surveys app, run by the task worker (`civicdesk db_worker`)."""

from __future__ import annotations

from django_tasks import task

from civicdesk.core import clock


@task(queue_name="notifications")
def survey_invitation_for_request_send(service_request_id: int) -> bool:
    from civicdesk.surveys.services import survey_invitation_send_for_request

    invitation = survey_invitation_send_for_request(
        service_request_id=service_request_id, now=clock.now()
    )
    return invitation is not None


@task(queue_name="notifications")
def survey_invitation_for_interaction_send(interaction_id: int) -> bool:
    from civicdesk.surveys.services import survey_invitation_send_for_interaction

    invitation = survey_invitation_send_for_interaction(
        interaction_id=interaction_id, now=clock.now()
    )
    return invitation is not None
