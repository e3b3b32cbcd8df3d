"""Background work of the notifications app, run by the task worker (`civicdesk db_worker`)."""

from __future__ import annotations

from django_tasks import task

from civicdesk.core import clock
from civicdesk.notifications.services import confirmation_send


@task(queue_name="notifications")
def service_request_confirmation_send(service_request_id: int) -> None:
    confirmation_send(service_request_id=service_request_id, now=clock.now())


@task(queue_name="notifications")
def follow_confirmation_send(subscription_id: int) -> None:
    from civicdesk.notifications.following import follow_confirmation_email_send

    follow_confirmation_email_send(subscription_id=subscription_id)


@task(queue_name="notifications")
def follower_updates_send_task(event_id: int) -> None:
    from civicdesk.notifications.following import follower_updates_send

    follower_updates_send(event_id=event_id, now=clock.now())


@task(queue_name="notifications")
def status_notification_send(event_id: int) -> int:
    from civicdesk.notifications.status_updates import status_notifications_send

    return status_notifications_send(event_id=event_id, now=clock.now())


@task(queue_name="notifications")
def notification_retry(notification_id: int) -> bool:
    from civicdesk.notifications.delivery import notification_retry_one

    return notification_retry_one(notification_id=notification_id, now=clock.now())


@task(queue_name="notifications")
def webhook_delivery_send(delivery_id: int) -> bool:
    from civicdesk.notifications.webhooks import webhook_deliver

    return webhook_deliver(delivery_id=delivery_id, now=clock.now())


@task(queue_name="notifications")
def webhook_deliveries_send(delivery_ids: list[int]) -> int:
    """A batch of deliveries written together (the escalation sweep's)."""
    from civicdesk.notifications import webhooks

    return webhooks.webhook_deliveries_send(delivery_ids=delivery_ids, now=clock.now())


@task(queue_name="notifications")
def deliveries_retry_due() -> dict[str, int]:
    """The sweep: failed messages, survey invitations and webhook deliveries whose next attempt
    is due."""
    from civicdesk.notifications.delivery import notifications_retry_due
    from civicdesk.notifications.webhooks import webhook_deliveries_retry_due
    from civicdesk.surveys.services import survey_invitations_retry_due

    now = clock.now()
    return {
        "notifications": notifications_retry_due(now=now),
        "survey_invitations": survey_invitations_retry_due(now=now),
        "webhooks": webhook_deliveries_retry_due(now=now),
    }
