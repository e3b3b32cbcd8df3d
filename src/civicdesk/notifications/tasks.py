"""Background work of the notifications app, run by the task worker (`civicdesk db_worker`)."""

from __future__ import annotations

from django_tasks import task

from civicdesk.core import clock
from civicdesk.notifications.services import confirmation_send


@task(queue_name="notifications")
def service_request_confirmation_send(service_request_id: int) -> None:
    confirmation_send(service_request_id=service_request_id, now=clock.now())
